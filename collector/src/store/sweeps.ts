/**
 * Periodic work: sessions whose heartbeats stopped without an end become `lost`; retention removes
 * whole sessions (and every record of them) last seen before the cutoff, in small statements with a
 * pause between them, so an ingest transaction never waits long behind it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from './db';
import { RECORD_TABLES } from './schema';

/** A session's heartbeat interval when it did not say (`heartbeatMs` of its session record). */
export const DEFAULT_HEARTBEAT_MS = 10_000;
const CHUNK = 5000;

export async function sweepLost(db: Db, now: number): Promise<number> {
  return db.run(
    "UPDATE sessions SET status = 'lost' WHERE status IN ('active', 'hung') AND last_seen + 3 * COALESCE(heartbeat_ms, ?) < ?",
    [DEFAULT_HEARTBEAT_MS, now],
  );
}

export async function sweepRetention(db: Db, cutoff: number, stopped: () => boolean): Promise<number> {
  let removed = 0;
  await db.run('DELETE FROM batches WHERE received < ?', [cutoff]);
  while (!stopped()) {
    const old = await db.all<{ id: string }>('SELECT id FROM sessions WHERE last_seen < ? LIMIT 100', [
      cutoff,
    ]);
    if (old.length === 0) break;
    for (const { id } of old) {
      for (const table of [...RECORD_TABLES, 'checkpoints', 'session_tags']) {
        const key = table === 'checkpoints' ? 'upto_id' : table === 'session_tags' ? 'key' : 'id';
        while (!stopped()) {
          const n = await db.run(
            `DELETE FROM ${table} WHERE session = ? AND ${key} IN (SELECT ${key} FROM ${table} WHERE session = ? LIMIT ${CHUNK})`,
            [id, id],
          );
          if (n < CHUNK) break;
          await sleep(5);
        }
        if (stopped()) return removed;
      }
      await db.run('DELETE FROM sessions WHERE id = ?', [id]);
      removed++;
    }
  }
  return removed;
}
