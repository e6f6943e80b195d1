/** Runs the migrations not yet applied, in one transaction; on PostgreSQL under an advisory lock so two collectors starting at once do not race. */
import type { Db } from './db';
import { migrations } from './schema';

export async function migrate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    if (tx.engine === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(7340)');
    await tx.run('CREATE TABLE IF NOT EXISTS statetrail_migrations (version INTEGER PRIMARY KEY)');
    const [row] = await tx.all<{ v: number | null }>('SELECT MAX(version) AS v FROM statetrail_migrations');
    const done = row?.v ?? 0;
    const all = migrations(tx.engine);
    for (let v = done + 1; v <= all.length; v++) {
      for (const sql of all[v - 1]) await tx.run(sql);
      await tx.run('INSERT INTO statetrail_migrations (version) VALUES (?)', [v]);
    }
  });
}
