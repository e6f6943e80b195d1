/**
 * Cursors: how exporters read the global log in batches instead of per change on the writer's stack.
 *
 * A cursor is the seq of the next entry its exporter has not read. The write path pays one compare
 * (ChangeLog.push: `seq >= wakeSeq`, the smallest `due` of all cursors) and calls back only:
 * - on the first write after a cursor caught up: its drain is scheduled on a microtask, so it runs
 *   once per job, after the writer's synchronous work, on the same thread;
 * - when a batch is full or (audit) the ring is about to overwrite the oldest unread entry: the
 *   cursor drains synchronously first, so an audit cursor never loses an entry and memory stays
 *   bounded by the ring. A telemetry cursor is never drained on the write path: what the ring
 *   overwrote before its drain ran is skipped and counted (`skipped`).
 *
 * Values are read at drain time: an object value mutated after its write and before the drain (in
 * the same synchronous job, or before a full batch) is exported in its later state. Scalars,
 * paths, actors, contexts and transactions are exact (they are immutable or captured per frame).
 */
import { onConfigure } from '../config';
import { global } from './global';
import type { Chunk } from './log';

/** Entries a cursor reads at most before the write path drains it synchronously. */
const BATCH = 4096;

export class Cursor {
  /** Seq of the next entry to read. */
  next = global.lastSeq + 1;
  /** Entries overwritten by the ring before they were read (telemetry cursors only). */
  skipped = 0;
  /** The write of this seq (or a later one) calls `trigger()`. */
  due = global.lastSeq + 1;
  private scheduled = false;
  private readonly run = (): void => {
    this.scheduled = false;
    if (!open.has(this)) return; // closed meanwhile
    this.drain();
    this.due = this.next;
    update();
  };

  /**
   * `drain` reads the unread entries (with `read()`); it is called on a microtask after new
   * writes, synchronously on the write path (audit, batch full), and by the exporter at exit.
   */
  constructor(
    readonly audit: boolean,
    private readonly drain: () => void,
  ) {
    open.add(this);
    update();
  }

  /** Calls `visit` for every entry not read yet, oldest first; returns how many. */
  read(visit: (chunk: Chunk, offset: number) => void): number {
    const log = global.log;
    let at = log.size === 0 ? 0 : log.firstAfter(this.next - 1);
    if (at < log.size) {
      const first = log.seqAt(at);
      if (first > this.next) this.skipped += first - this.next; // overwritten (telemetry) or cleared
    }
    const size = log.size;
    if (at >= size) return 0;
    // One locate per chunk: within a chunk, consecutive entries sit at consecutive offsets.
    let { c, i } = log.locate(at);
    const from = at;
    for (; at < size; at++, i++) {
      if (i === c.seq.length) ({ c, i } = log.locate(at));
      this.next = c.seq[i]! + 1;
      visit(c, i);
    }
    return at - from;
  }

  /** The write path reached `due`: schedule the drain, or drain now (full batch, ring wrap). */
  trigger(seq: number): void {
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.run);
    } else if (this.audit) this.drain();
    this.due = this.audit ? seq + span() : Number.POSITIVE_INFINITY;
  }

  /** Reads everything now (exit paths, flush, before the log is cleared). */
  flush(): void {
    this.drain();
  }

  close(): void {
    open.delete(this);
    update();
  }
}

const open = new Set<Cursor>();

/** How far an audit cursor may fall behind: a batch, and never past the ring. */
function span(): number {
  return Math.min(BATCH, global.log.limit);
}

function wake(seq: number): void {
  for (const c of open) if (c.due <= seq) c.trigger(seq);
  update();
}

function update(): void {
  let min = Number.POSITIVE_INFINITY;
  for (const c of open) if (c.due < min) min = c.due;
  const log = global.log;
  log.wakeSeq = min;
  log.onWake = wake;
}

// A smaller ring (historyLimit) shortens how far audit cursors may fall behind.
onConfigure(() => {
  for (const c of open) if (c.audit && c.due !== c.next) c.due = Math.min(c.due, c.next + span());
  update();
});

/** Drains every cursor now (before the log is cleared). */
export function drainCursors(): void {
  for (const c of open) c.flush();
}
