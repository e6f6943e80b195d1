/**
 * State at a time or a seq, rebuilt from the latest checkpoint before it plus the changes after it.
 * Replay goes in ingest order (id); "state at T" replays until the first record later than T.
 * Checkpoints (the whole state every CHECKPOINT_EVERY changes of a session) are written by the
 * replays themselves, the first time one passes a spot: no ingest ever pays for them.
 */
import { notFound } from '../errors';
import { applyChange, isPlainObject } from '../state/patch';
import type { Db } from './db';
import { STATE_LABEL } from './ingest';

export const CHECKPOINT_EVERY = 2000;
const PAGE = 2500;
const NO_LIMIT_ID = Number.MAX_SAFE_INTEGER;
const NO_LIMIT_TIME = 8.64e15; // the largest Date

interface Snapshot {
  state: Record<string, unknown>;
  objects: Record<string, unknown>;
}

function replayRow(snap: Snapshot, label: string, body: any): void {
  if (label === STATE_LABEL) {
    const next = applyChange(snap.state, body);
    snap.state = isPlainObject(next) ? next : {};
  } else {
    const current = Object.hasOwn(snap.objects, label) ? snap.objects[label] : undefined;
    Object.defineProperty(snap.objects, label, {
      value: applyChange(current, body),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
}

export async function stateAt(db: Db, session: string, target: { at?: number; seq?: number }) {
  const [exists] = await db.all('SELECT id FROM sessions WHERE id = ?', [session]);
  if (!exists) throw notFound(`session ${session}`);
  let uptoId = NO_LIMIT_ID;
  if (target.seq !== undefined) {
    const [row] = await db.all('SELECT id FROM changes WHERE session = ? AND seq = ?', [session, target.seq]);
    if (!row) throw notFound(`change seq ${target.seq} of session ${session}`);
    uptoId = row.id;
  }
  const at = target.at ?? NO_LIMIT_TIME;
  const [cp] = await db.all(
    `SELECT upto_id, max_time, state FROM checkpoints WHERE session = ? AND upto_id <= ? AND max_time <= ?
      ORDER BY upto_id DESC LIMIT 1`,
    [session, uptoId, at],
  );
  const snap: Snapshot = cp ? JSON.parse(cp.state) : { state: {}, objects: {} };
  let lastId = cp ? cp.upto_id : 0;
  let maxTime = cp ? cp.max_time : Number.NEGATIVE_INFINITY;
  let sinceCheckpoint = 0;
  let seq: number | null = null;
  for (;;) {
    const rows = await db.all(
      'SELECT id, time, seq, label, body FROM changes WHERE session = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?',
      [session, lastId, uptoId, PAGE],
    );
    let later = false;
    for (const r of rows) {
      if (r.time > at) {
        later = true;
        break;
      }
      replayRow(snap, r.label, JSON.parse(r.body));
      lastId = r.id;
      if (r.seq !== null) seq = r.seq;
      if (r.time > maxTime) maxTime = r.time;
      if (++sinceCheckpoint === CHECKPOINT_EVERY) {
        sinceCheckpoint = 0;
        await db.run(
          'INSERT INTO checkpoints (session, upto_id, max_time, state) VALUES (?, ?, ?, ?) ON CONFLICT (session, upto_id) DO NOTHING',
          [session, r.id, maxTime, JSON.stringify(snap)],
        );
      }
    }
    if (later || rows.length < PAGE) break;
  }
  if (seq === null && lastId > 0) {
    const [r] = await db.all(
      'SELECT seq FROM changes WHERE session = ? AND id <= ? AND seq IS NOT NULL ORDER BY id DESC LIMIT 1',
      [session, lastId],
    );
    seq = r?.seq ?? null;
  }
  return { session, at: target.at ?? null, seq, state: snap.state, objects: snap.objects };
}
