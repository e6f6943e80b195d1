/**
 * Checkpoints written at ingest, so that no query replays more than CHECKPOINT_EVERY changes. Each
 * session's latest state stays in memory between its batches (a bounded cache): a batch applies its
 * own parsed records to it, with no read-back. Before a checkpoint is written from it, the database
 * confirms that the session's rows since the last confirmation are exactly the ones applied (none
 * from another collector on the same PostgreSQL, none skipped as a duplicate); otherwise the state is
 * rebuilt from the latest checkpoint and the checkpoints it passes are written. One query per
 * checkpoint instead of one per batch; the price: when several collectors write one session in turns,
 * each counts only its own rows, so a checkpoint may come up to CHECKPOINT_EVERY rows per collector late.
 */
import type { Db } from './db';
import {
  CHECKPOINT_EVERY,
  fromCheckpoint,
  fromStart,
  type Replay,
  replay,
  replayRow,
  writeCheckpoint,
} from './state';

const MAX_SESSIONS = 256;

/** One change row of a batch as the replay needs it. */
export interface Applied {
  label: string;
  body: unknown;
}

/** A session's cached state, and how much of it the database has not yet confirmed. */
interface Cached {
  r: Replay;
  /** The last id up to which the database confirmed the cached state. */
  checkedId: number;
  /** Rows applied to the cache after checkedId (all of them this process's own inserts). */
  unchecked: number;
}

/** `r` as the database confirmed it: nothing applied since. */
function confirmed(r: Replay): Cached {
  return { r, checkedId: r.lastId, unchecked: 0 };
}

export class Checkpoints {
  private readonly latest = new Map<number, Cached>();

  /**
   * After a batch's changes of one session are inserted (in its transaction): `rows` as sent, `ids`
   * and `times` of the rows inserted, in insertion order.
   */
  async advance(
    tx: Db,
    session: string,
    sid: number,
    rows: readonly Applied[],
    ids: readonly number[],
    times: readonly number[],
  ): Promise<void> {
    // a session not in memory may be new: then it starts from nothing, which the check confirms
    let c = this.latest.get(sid) ?? confirmed(fromStart());
    this.latest.delete(sid); // re-inserted below: the Map's order is the eviction order
    let trusted = ids.length === rows.length; // a skipped duplicate: the cache cannot follow
    for (let i = 0; trusted && i < rows.length; i++) {
      const r = c.r;
      replayRow(r.snap, rows[i].label, rows[i].body);
      r.lastId = ids[i];
      if (times[i] > r.maxTime) r.maxTime = times[i];
      c.unchecked++;
      if (++r.sinceCheckpoint >= CHECKPOINT_EVERY) {
        // checked only before a checkpoint is written, not per batch: one query per CHECKPOINT_EVERY rows
        trusted = await this.onlyOurs(tx, sid, c);
        if (!trusted) break;
        r.sinceCheckpoint = 0;
        await writeCheckpoint(tx, session, r);
        c = confirmed(r);
      }
    }
    if (!trusted) {
      const r = await fromCheckpoint(tx, session);
      await replay(tx, session, r); // writes the checkpoints it passes
      c = confirmed(r);
    }
    this.latest.set(sid, c);
    if (this.latest.size > MAX_SESSIONS) this.latest.delete(this.latest.keys().next().value as number);
  }

  /** The batch's transaction rolled back: what it applied to the cached states is not in the database. */
  forget(sids: Iterable<number>): void {
    for (const sid of sids) this.latest.delete(sid);
  }

  /**
   * Whether the session's rows after checkedId are exactly the ones applied to the cache: none came in
   * between from another collector or a batch this process did not see. Counts at most one row more.
   */
  private async onlyOurs(tx: Db, sid: number, c: Cached): Promise<boolean> {
    const [row] = await tx.all(
      'SELECT COUNT(*) AS n FROM (SELECT 1 FROM changes WHERE sid = ? AND id > ? AND id <= ? LIMIT ?) AS mine',
      [sid, c.checkedId, c.r.lastId, c.unchecked + 1],
    );
    return Number(row?.n) === c.unchecked;
  }
}
