/**
 * The shared part of the line exporters (jsonl.ts, http.ts): how changes reach them, the exit
 * hooks, the partial-batch timer, flush() waiters and the options every one of them takes. Each
 * exporter keeps only its sink: what to do with one encoded line, and how to drain at exit.
 *
 * How changes arrive (history/cursor.ts): subscribed without a filter, an exporter holds a cursor
 * into the global log and encodes straight from the columns in batches, off the writer's stack.
 * With a `stamp` (which must run inside the write, e.g. to see the active span) or a filter, it
 * is called per change instead (ON_RECORD / onChange), as every observer is.
 */
import { expectCount, rangeError, typeError } from '../errors';
import type { Change } from '../history/change';
import { Cursor } from '../history/cursor';
import type { Chunk } from '../history/log';
import { ATTACH, ON_RECORD, type RecordObserver } from '../tracking/dispatch';
import { encodeChange, encodeRecord, type Stamp, withStamp } from './encode';
import { atExit, type Drainable } from './exit';

/** The longest delay a timer takes (larger ones fire at once in Node). */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/** A whole number in [min, max]; the error names the argument and the range. */
export function expectRange(fn: string, arg: string, value: unknown, min: number, max: number): void {
  expectCount(fn, arg, value, min);
  if ((value as number) > max) throw rangeError(fn, arg, `a whole number from ${min} to ${max}`, value);
}

/** The options every line exporter takes. */
export interface LineOptions {
  flushIntervalMs?: number;
  stamp?: Stamp;
}

export function checkLineOptions(fn: string, o: LineOptions): void {
  if (o.flushIntervalMs !== undefined)
    expectRange(fn, 'options.flushIntervalMs', o.flushIntervalMs, 0, MAX_DELAY_MS);
  if (o.stamp !== undefined && typeof o.stamp !== 'function') {
    throw typeError(fn, 'options.stamp', 'a function', o.stamp);
  }
}

export abstract class LineExporter implements RecordObserver, Drainable {
  protected closed = false;
  private cursor: Cursor | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private waiters: Array<{ mark: number; resolve: () => void }> = [];
  private readonly stopHooks: () => void;
  private readonly visit = (c: Chunk, i: number): void => this.entry(c, i);
  private readonly read = (): void => {
    const cursor = this.cursor!;
    const skipped = cursor.skipped;
    cursor.read(this.visit);
    if (cursor.skipped !== skipped) this.skipped(cursor.skipped - skipped);
    this.drained();
  };
  private readonly tick = (): void => {
    this.timer = null;
    this.due();
  };

  constructor(
    private readonly audit: boolean,
    private readonly interval: number,
    private readonly stamp: Stamp | null,
  ) {
    this.stopHooks = atExit(this);
  }

  /** The sink: one encoded line (called only while open). */
  protected abstract line(text: string): void;
  /** A line offered after shutdown(): count and report it. */
  protected abstract refused(text: string): void;
  /** The flush interval ended with lines still waiting. */
  protected abstract due(): void;
  /** Entries the ring overwrote before a telemetry cursor read them. */
  protected skipped(_n: number): void {}
  /** The cursor was just read. */
  protected drained(): void {}
  abstract drainSync(): void;

  /** subscribe() without a filter: read the log through a cursor (none with a stamp: see above). */
  [ATTACH](): (() => void) | undefined {
    if (this.stamp !== null) return undefined;
    if (this.cursor !== null) return () => {}; // subscribed twice: delivered once
    const cursor = new Cursor(this.audit, this.read);
    this.cursor = cursor;
    return () => {
      if (this.cursor !== cursor) return;
      cursor.flush();
      cursor.close();
      this.cursor = null;
    };
  }

  [ON_RECORD](c: Chunk, i: number): void {
    const line = encodeRecord(c, i);
    this.offer(this.stamp === null ? line : withStamp(line, this.stamp));
  }

  onChange(change: Change): void {
    const line = encodeChange(change);
    this.offer(this.stamp === null ? line : withStamp(line, this.stamp));
  }

  /** One change read from the log (a sink may encode it its own way, as jsonl.ts does into bytes). */
  protected entry(c: Chunk, i: number): void {
    this.offer(encodeRecord(c, i));
  }

  protected offer(text: string): void {
    if (this.closed) this.refused(text);
    else this.line(text);
  }

  /** Reads what the cursor has not read yet: before a crumb, a flush, a drain at exit. */
  protected catchUp(): void {
    this.cursor?.flush();
  }

  /** Arms the flush-interval timer (unref'd: it never keeps the process alive). */
  protected arm(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(this.tick, this.interval);
    this.timer.unref?.();
  }

  protected disarm(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }

  /** Resolves once `reached(m)` is called with m >= mark: flush() waits for the lines before it. */
  protected waitFor(mark: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ mark, resolve }));
  }

  protected get waiting(): boolean {
    return this.waiters.length !== 0;
  }

  /** Everything up to `mark` is settled (written, acknowledged or given up on). */
  protected reached(mark: number): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.mark <= mark);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.mark > mark);
    for (const w of ready) w.resolve();
  }

  /** shutdown(): no more exit drains; later lines are refused. */
  protected end(): void {
    this.closed = true;
    this.disarm();
    this.stopHooks();
    this.reached(Number.POSITIVE_INFINITY);
  }
}
