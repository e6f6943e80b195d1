/**
 * Periodic work: sessions whose heartbeats stopped without an end become `lost`; retention removes
 * whole sessions (and every record of them) last seen before the cutoff, in small statements with a
 * pause between them, so an ingest transaction never waits long behind it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from './db';
import { RECORD_TABLES } from './schema';
import { SID } from './state';

/** A session's heartbeat interval when it did not say (`heartbeatMs` of its session record). */
export const DEFAULT_HEARTBEAT_MS = 10_000;
const CHUNK = 5000;
const BY_SID = `sid = ${SID}`;
/** The tables holding a session's rows: how a session's rows are found, and a key to delete them by in chunks. */
const OWNED: [table: string, owner: string, key: string][] = [
  ...RECORD_TABLES.map((t): [string, string, string] => [t, t === 'changes' ? BY_SID : 'session = ?', 'id']),
  ['checkpoints', 'session = ?', 'upto_id'],
  ['session_tags', 'session = ?', 'key'],
  ['session_actors', BY_SID, 'actor'],
  ['histogram_counts', BY_SID, 'second'],
];

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
      for (const [table, owner, key] of OWNED) {
        while (!stopped()) {
          const n = await db.run(
            `DELETE FROM ${table} WHERE ${owner} AND ${key} IN (SELECT ${key} FROM ${table} WHERE ${owner} LIMIT ${CHUNK})`,
            [id, id],
          );
          if (n < CHUNK) break;
          await sleep(5);
        }
        if (stopped()) return removed;
      }
      await db.run('DELETE FROM session_ids WHERE session = ?', [id]);
      await db.run('DELETE FROM sessions WHERE id = ?', [id]);
      removed++;
    }
  }
  return removed;
}
