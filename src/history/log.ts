/**
 * A columnar change log: one typed array or plain array per field.
 *
 * A bounded log is one flat ring of `limit` preallocated entries: recording overwrites the oldest
 * slot and allocates nothing (the steady-state heap stays flat over 10 million writes, see
 * BENCHMARKS.md); the next slot is a counter with one compare at the wrap, no division. An unbounded
 * log (per-object `historyLimit: Infinity`) appends chunks of 4096 entries: 8 + 8 + 4 bytes of
 * typed columns plus five 8-byte references = 60 bytes per change, no object per change.
 * A change is seven stores: op, flags and site share one Int32 (`code`, see codeOf), and the rare
 * `aux` slot is written only when the change has extras (flag HAS_AUX; a slot without it may hold a
 * stale reference from an older entry and is never read).
 * Change objects are only built when someone reads them (see tracking/materialize.ts), then cached in `aux`.
 */
import { HAS_AUX, SITE_SHIFT } from './change';

const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** A plain array of `size` holes filled in, so V8 keeps it in fast (packed) elements at any size. */
function column(size: number): unknown[] {
  const a: unknown[] = [];
  for (let i = 0; i < size; i++) a.push(undefined);
  return a;
}

class Chunk {
  readonly seq: Float64Array;
  readonly time: Float64Array;
  /** op | HAS_OLD | HAS_AUX | site << SITE_SHIFT (see codeOf). */
  readonly op: Int32Array;
  readonly origin: unknown[];
  readonly key: unknown[];
  readonly value: unknown[];
  readonly old: unknown[];
  /** Rare extras (splice details, stack, snapshots), replaced by the Change once materialised. */
  readonly aux: unknown[];
  constructor(readonly size: number) {
    this.seq = new Float64Array(size);
    this.time = new Float64Array(size);
    this.op = new Int32Array(size);
    this.origin = column(size);
    this.key = column(size);
    this.value = column(size);
    this.old = column(size);
    this.aux = column(size);
  }
  release(from = 0): void {
    for (const column of [this.origin, this.key, this.value, this.old, this.aux])
      column.fill(undefined, from);
  }
}

const NONE = new Chunk(0);

/** The site id of an entry's code (0: none). */
export function siteOf(code: number): number {
  return code >>> SITE_SHIFT;
}

/** The entry's extras or cached Change, if it has one. */
export function auxOf(c: Chunk, i: number): unknown {
  return (c.op[i]! & HAS_AUX) !== 0 ? c.aux[i] : undefined;
}

/** Appends entry `i` of chunk `c` to another log (a root's own history, a resized log). */
function copyEntry(c: Chunk, i: number, to: ChangeLog): void {
  to.push(
    c.seq[i]!,
    c.time[i]!,
    c.op[i]! & ~HAS_AUX,
    c.origin[i],
    c.key[i],
    c.value[i],
    c.old[i],
    auxOf(c, i),
  );
}

export class ChangeLog {
  private chunks: Chunk[] = [];
  /** The chunk the newest entry is in, and the slot after it there. */
  private head: Chunk = NONE;
  private at = 0;
  /**
   * Entries written before the head chunk's current lap (with `at`: entries ever written since the last
   * clear). Not named `before`: tsup's CommonJS conversion turns a class field named like an export of
   * the same chunk (record.ts's `before`) into an assignment to that export too, overwriting the function.
   */
  private lapped = 0;
  /**
   * Exporters' cursors (cursor.ts): `push` calls `onWake(seq)` before storing the entry with this
   * seq or a later one. One compare on the write path serves three triggers: the first write after
   * a cursor caught up (schedules its drain), a full batch, and the ring about to overwrite
   * entries an audit cursor has not read (it drains synchronously first: no loss).
   */
  wakeSeq = Number.POSITIVE_INFINITY;
  onWake: (seq: number) => void = () => {};

  constructor(readonly limit: number) {
    if (Number.isFinite(limit)) this.chunks.push((this.head = new Chunk(limit)));
  }

  get size(): number {
    return Math.min(this.lapped + this.at, this.limit);
  }

  /** `code`: op, HAS_OLD and the site (codeOf); HAS_AUX is added here when `aux` is defined. */
  push(
    seq: number,
    time: number,
    code: number,
    origin: unknown,
    key: unknown,
    value: unknown,
    old: unknown,
    aux: unknown,
  ): void {
    if (seq >= this.wakeSeq) this.onWake(seq);
    let c = this.head;
    if (this.at === c.size) c = this.turn();
    const i = this.at++;
    c.seq[i] = seq;
    c.time[i] = time;
    c.origin[i] = origin;
    c.key[i] = key;
    c.value[i] = value;
    c.old[i] = old;
    if (aux === undefined) c.op[i] = code;
    else {
      c.op[i] = code | HAS_AUX;
      c.aux[i] = aux;
    }
  }

  /** The end of the head chunk: a bounded ring wraps, an unbounded log appends a chunk. */
  private turn(): Chunk {
    this.lapped += this.at;
    this.at = 0;
    if (this.limit !== Number.POSITIVE_INFINITY) return this.head;
    this.chunks.push((this.head = new Chunk(CHUNK)));
    return this.head;
  }

  /** The chunk of the newest entry (with newestOffset(): a log slot without allocating). */
  newestChunk(): Chunk {
    return this.head;
  }

  newestOffset(): number {
    return this.at - 1;
  }

  /** Appends this log's newest entry to `to` (a root's own history). */
  copyNewestTo(to: ChangeLog): void {
    copyEntry(this.head, this.at - 1, to);
  }

  /** The chunk and offset of logical entry `i` (0 = oldest retained). */
  locate(i: number): { c: Chunk; i: number } {
    const slot = this.lapped + this.at - this.size + i;
    if (this.limit !== Number.POSITIVE_INFINITY) return { c: this.head, i: slot % this.limit };
    return { c: this.chunks[slot >>> CHUNK_BITS]!, i: slot & MASK };
  }
  seqAt(i: number): number {
    const at = this.locate(i);
    return at.c.seq[at.i]!;
  }

  /** Logical index of the first entry with seq > `seq` (entries are in seq order). */
  firstAfter(seq: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqAt(mid) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  clear(): void {
    for (const c of this.chunks) c.release();
    if (!Number.isFinite(this.limit)) {
      this.chunks = [];
      this.head = NONE;
    }
    this.at = 0;
    this.lapped = 0;
  }

  /** A log of another limit holding the newest entries of this one. */
  resized(limit: number): ChangeLog {
    const next = new ChangeLog(limit);
    for (let i = Math.max(0, this.size - limit); i < this.size; i++) {
      const { c, i: k } = this.locate(i);
      copyEntry(c, k, next);
    }
    // Seqs survive the copy, so the cursors' trigger does too.
    next.wakeSeq = this.wakeSeq;
    next.onWake = this.onWake;
    return next;
  }
}

export type { Chunk };
