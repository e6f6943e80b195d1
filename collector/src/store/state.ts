/**
 * State at a time or a seq, rebuilt from the latest checkpoint before it plus the changes after it.
 * Replay goes in ingest order (id); "state at T" replays until the first record later than T.
 * Checkpoints (the whole state every CHECKPOINT_EVERY changes of a session) are written at ingest
 * (checkpoints.ts); a replay that passes CHECKPOINT_EVERY changes without one (data ingested before
 * migration 2) writes the missing ones itself.
 */
import { notFound } from '../errors';
import { applyChange, isPlainObject } from '../state/patch';
import type { Db } from './db';
import { STATE_LABEL } from './ingest';

export const CHECKPOINT_EVERY = 2000;
const PAGE = 2500;
const NO_LIMIT_ID = Number.MAX_SAFE_INTEGER;
const NO_LIMIT_TIME = 8.64e15; // the largest Date

/** The `sid` of a session, for the changes table's indexes. */
export const SID = '(SELECT sid FROM session_ids WHERE session = ?)';

/**
 * The `sid` of a session as a value (-1 when unknown), for queries PostgreSQL must plan knowing it:
 * behind a subquery it plans for an average session, which misjudges one with a million changes.
 */
export async function sidOf(db: Db, session: string): Promise<number> {
  const [row] = await db.all('SELECT sid FROM session_ids WHERE session = ?', [session]);
  return row?.sid ?? -1;
}

export interface Snapshot {
  state: Record<string, unknown>;
  objects: Record<string, unknown>;
}

/** A snapshot and how far it has got: the last change applied, the latest time seen, changes since the last checkpoint. */
export interface Replay {
  snap: Snapshot;
  lastId: number;
  maxTime: number;
  sinceCheckpoint: number;
}

export function replayRow(snap: Snapshot, label: string, body: any): void {
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

export async function writeCheckpoint(db: Db, session: string, r: Replay): Promise<void> {
  await db.run(
    'INSERT INTO checkpoints (session, upto_id, max_time, state) VALUES (?, ?, ?, ?) ON CONFLICT (session, upto_id) DO NOTHING',
    [session, r.lastId, r.maxTime, JSON.stringify(r.snap)],
  );
}

/** The latest checkpoint of a session at or before change `uptoId` and time `at` (the empty state when none). */
export async function fromCheckpoint(
  db: Db,
  session: string,
  uptoId = NO_LIMIT_ID,
  at = NO_LIMIT_TIME,
): Promise<Replay> {
  const [cp] = await db.all(
    `SELECT upto_id, max_time, state FROM checkpoints WHERE session = ? AND upto_id <= ? AND max_time <= ?
      ORDER BY upto_id DESC LIMIT 1`,
    [session, uptoId, at],
  );
  return cp
    ? { snap: JSON.parse(cp.state), lastId: cp.upto_id, maxTime: cp.max_time, sinceCheckpoint: 0 }
    : fromStart();
}

/** Before the first change of a session. */
export function fromStart(): Replay {
  return {
    snap: { state: {}, objects: {} },
    lastId: 0,
    maxTime: Number.NEGATIVE_INFINITY,
    sinceCheckpoint: 0,
  };
}

// ORDER BY sid, id (sid is fixed): PostgreSQL then takes the (sid, id) index rather than walking the
// primary key and filtering on sid
/** Replays the changes after `r.lastId` up to `uptoId`, stopping before the first one later than `at`; resolves to the last seq applied. */
export async function replay(
  db: Db,
  session: string,
  r: Replay,
  uptoId = NO_LIMIT_ID,
  at = NO_LIMIT_TIME,
): Promise<number | null> {
  let seq: number | null = null;
  for (;;) {
    const rows = await db.all(
      `SELECT id, time, seq, body FROM changes WHERE sid = ${SID} AND id > ? AND id <= ? ORDER BY sid, id LIMIT ?`,
      [session, r.lastId, uptoId, PAGE],
    );
    for (const row of rows) {
      if (row.time > at) return seq;
      const body = JSON.parse(row.body);
      replayRow(r.snap, body.label, body); // the body's label: PostgreSQL's column may differ (postgres.ts)
      r.lastId = row.id;
      if (row.seq !== null) seq = row.seq;
      if (row.time > r.maxTime) r.maxTime = row.time;
      if (++r.sinceCheckpoint === CHECKPOINT_EVERY) {
        r.sinceCheckpoint = 0;
        await writeCheckpoint(db, session, r);
      }
    }
    if (rows.length < PAGE) return seq;
  }
}

export async function stateAt(db: Db, session: string, target: { at?: number; seq?: number }) {
  const [exists] = await db.all('SELECT id FROM sessions WHERE id = ?', [session]);
  if (!exists) throw notFound(`session ${session}`);
  let uptoId = NO_LIMIT_ID;
  if (target.seq !== undefined) {
    const [row] = await db.all(`SELECT id FROM changes WHERE sid = ${SID} AND seq = ?`, [
      session,
      target.seq,
    ]);
    if (!row) throw notFound(`change seq ${target.seq} of session ${session}`);
    uptoId = row.id;
  }
  const at = target.at ?? NO_LIMIT_TIME;
  const r = await fromCheckpoint(db, session, uptoId, at);
  let seq = await replay(db, session, r, uptoId, at);
  if (seq === null && r.lastId > 0) {
    const [row] = await db.all(
      `SELECT seq FROM changes WHERE sid = ${SID} AND id <= ? AND seq IS NOT NULL ORDER BY sid DESC, id DESC LIMIT 1`,
      [session, r.lastId],
    );
    seq = row?.seq ?? null;
  }
  return { session, at: target.at ?? null, seq, state: r.snap.state, objects: r.snap.objects };
}
