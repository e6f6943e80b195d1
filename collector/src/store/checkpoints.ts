/**
 * Checkpoints written at ingest, so that no query replays more than CHECKPOINT_EVERY changes. Each
 * session's latest state stays in memory between its batches (a bounded cache): a batch applies its
 * own parsed records to it, with no read-back. The cached state is used only when the database says
 * nothing came in between (another collector on the same PostgreSQL, a duplicate that was skipped);
 * otherwise it is rebuilt from the latest checkpoint, which is at most CHECKPOINT_EVERY changes back.
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

export class Checkpoints {
  private readonly latest = new Map<number, Replay>();

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
    // a session not in memory may be new: then it starts from nothing, which nothingBetween confirms
    let r = this.latest.get(sid) ?? fromStart();
    this.latest.delete(sid); // re-inserted below: the Map's order is the eviction order
    if (ids.length === rows.length && (await this.nothingBetween(tx, sid, r.lastId, ids[0]))) {
      for (let i = 0; i < rows.length; i++) {
        replayRow(r.snap, rows[i].label, rows[i].body);
        r.lastId = ids[i];
        if (times[i] > r.maxTime) r.maxTime = times[i];
        if (++r.sinceCheckpoint >= CHECKPOINT_EVERY) {
          r.sinceCheckpoint = 0;
          await writeCheckpoint(tx, session, r);
        }
      }
    } else {
      r = await fromCheckpoint(tx, session);
      await replay(tx, session, r); // writes the checkpoints it passes
    }
    this.latest.set(sid, r);
    if (this.latest.size > MAX_SESSIONS) this.latest.delete(this.latest.keys().next().value as number);
  }

  /** The batch's transaction rolled back: what it applied to the cached states is not in the database. */
  forget(sids: Iterable<number>): void {
    for (const sid of sids) this.latest.delete(sid);
  }

  private async nothingBetween(tx: Db, sid: number, lastId: number, firstId: number): Promise<boolean> {
    // not MAX(id): PostgreSQL may answer that by walking the primary key back, filtering on sid
    const [row] = await tx.all(
      'SELECT id FROM changes WHERE sid = ? AND id < ? ORDER BY sid DESC, id DESC LIMIT 1',
      [sid, firstId],
    );
    return (row?.id ?? 0) === lastId;
  }
}
