/**
 * jsonlExporter(): the audit trail as JSON Lines, appended in large batches (Node only).
 *
 * Writing: lines are encoded as UTF-8 into one reusable buffer as they come (Lines); a batch of
 * `batchBytes` goes out as one positional write on the libuv pool while the program keeps
 * recording. Positional writes (pwrite at an offset this exporter keeps, not O_APPEND) make a
 * batch idempotent: whatever state an in-flight write is in when the process ends, writing the
 * same bytes at the same offset again synchronously leaves the file complete and correct.
 *
 * No loss in audit mode: at every kind of process end (exit.ts) the in-flight batch and the
 * buffer are written synchronously. When the disk falls behind and the buffer reaches
 * `maxBufferBytes`, the buffer is written synchronously on the spot (the program waits for the
 * disk), so memory stays bounded and nothing is dropped. `mode: 'telemetry'` drops the new line
 * instead and counts it in `stats.dropped`.
 *
 * One writer per file: two processes appending to one path would overwrite each other's batches.
 */

import { expectCount, expectPlainOptions, typeError } from '../errors';
import type { Change } from '../history/change';
import type { Chunk } from '../history/log';
import { nodeBuiltin, optionalBuiltin } from '../platform';
import type { RecordObserver } from '../tracking/dispatch';
import { encodeCrumb, encodeRecord, encodeRecordInto, type Stamp } from './encode';
import { ending } from './exit';
import { checkLineOptions, expectRange, LineExporter } from './line';
import { reportError } from './report';

export interface RotateOptions {
  /** Start a new file once the current one reaches this size (checked per batch). */
  maxBytes: number;
  /** Rotated files kept as `path.1` (newest) … `path.<keep>`; default 5. 0 keeps none. */
  keep?: number;
}

export interface JsonlOptions {
  /** The file to append to; created if missing. Its directory must exist. */
  path: string;
  rotate?: RotateOptions;
  /** 'audit' (default): never drop, wait for the disk when behind. 'telemetry': drop and count. */
  mode?: 'audit' | 'telemetry';
  /** Write every batch synchronously (like pino.destination({ sync: true })); default false. */
  sync?: boolean;
  /** A batch is written once this many bytes are buffered; default 65,536. */
  batchBytes?: number;
  /** The memory bound of the buffer, in bytes; default 4 MiB. */
  maxBufferBytes?: number;
  /** A partial batch is written after at most this delay; default 100 ms. */
  flushIntervalMs?: number;
  /** Extra fields per line, computed inside the write: e.g. otelStamp() adds `trace`. */
  stamp?: Stamp;
}

export interface JsonlStats {
  /** Lines confirmed on disk (async batches count when their write completes). */
  written: number;
  /** Lines dropped under pressure (telemetry mode only). */
  dropped: number;
  /** Lines lost to write errors (disk full, file gone), or offered after shutdown(). */
  failed: number;
  /** Times the buffer was written synchronously because the disk fell behind. */
  syncDrains: number;
  rotations: number;
}

export interface JsonlExporter extends RecordObserver {
  readonly path: string;
  readonly stats: Readonly<JsonlStats>;
  onChange(change: Change): void;
  /** Appends a crumb line (`kind: "crumb"`). */
  crumb(event: string, data?: unknown): void;
  /** Resolves once everything recorded so far is on disk. */
  flush(): Promise<void>;
  /** Writes everything recorded so far, synchronously. */
  flushSync(): void;
  /** Flushes, closes the file and stops the exit hooks; later changes are counted as failed. */
  shutdown(): Promise<void>;
}

const OPTION_KEYS = [
  'path',
  'rotate',
  'mode',
  'sync',
  'batchBytes',
  'maxBufferBytes',
  'flushIntervalMs',
  'stamp',
];
const FN = 'jsonlExporter';
/** Each rotation renames every kept file: a bound keeps it short. */
const MAX_KEEP = 1000;

/** An open file; after rotation it stays open until the writes still in the pool are done. */
interface Handle {
  readonly fd: number;
  /** Async writes in the pool, including ones already replaced by a synchronous drain. */
  busy: number;
  retired: boolean;
}

/** Size of a line buffer, reused from batch to batch (larger ones are made when needed, not kept). */
const BUFFER = 1 << 20;
/** Room kept free for the next line encoded into the buffer (a longer one takes the text path). */
const MIN_FREE = 16 * 1024;

/**
 * The lines not yet handed to a write, as UTF-8 bytes each followed by a newline, in one buffer
 * that is handed to the write whole and reused once the write is done. Measured against an array
 * of strings joined and copied by Buffer.from per batch (bench/tools/export-hotpath.ts): the join
 * and the copy were a third of the exporter's time, and the per-batch buffer much of its GC.
 */
/** Node's Buffer has it on its prototype (undocumented, present since Node 0.x and used by buf.write). */
type Utf8Writable = Buffer & { utf8Write(text: string, offset: number, length: number): number };
const direct = typeof (Buffer.prototype as Partial<Utf8Writable>).utf8Write === 'function';

class Lines {
  private buf: Buffer = Buffer.allocUnsafe(BUFFER);
  private spare: Buffer | null = null;
  bytes = 0;
  count = 0;

  add(line: string): void {
    const most = line.length * 3 + 1; // UTF-8 bytes per UTF-16 unit: at most 3
    if (this.bytes + most > this.buf.length) this.grow(most);
    // utf8Write is what buf.write(line, offset) calls after parsing its arguments (~a third of it)
    const free = this.buf.length - this.bytes;
    this.bytes += direct
      ? (this.buf as Utf8Writable).utf8Write(line, this.bytes, free)
      : this.buf.write(line, this.bytes, free);
    this.buf[this.bytes++] = 10;
    this.count++;
  }

  /** The change as its line, encoded straight into the buffer; false when it takes the text path. */
  addRecord(c: Chunk, i: number): boolean {
    if (this.buf.length - this.bytes < MIN_FREE) this.grow(MIN_FREE);
    const end = encodeRecordInto(c, i, this.buf, this.bytes);
    if (end < 0) return false;
    this.bytes = end;
    this.count++;
    return true;
  }

  private grow(most: number): void {
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.bytes + most));
    this.buf.copy(next, 0, 0, this.bytes);
    this.buf = next;
  }

  /** The buffered bytes, handed over: they stay untouched until recycle(). */
  take(): Buffer {
    const data = this.buf.subarray(0, this.bytes);
    this.buf = this.spare ?? Buffer.allocUnsafe(BUFFER);
    this.spare = null;
    this.bytes = 0;
    this.count = 0;
    return data;
  }

  /** `data` from take() is written and referenced by no pending write any more. */
  recycle(data: Buffer): void {
    if (this.spare === null && data.buffer.byteLength === BUFFER && data.byteOffset === 0)
      this.spare = Buffer.from(data.buffer, 0, BUFFER);
  }
}

interface Batch {
  readonly handle: Handle;
  readonly data: Buffer;
  readonly pos: number;
  readonly lines: number;
  /** Lines taken into batches up to and including this one (flush() marks). */
  readonly mark: number;
}

class Jsonl extends LineExporter implements JsonlExporter {
  readonly stats: JsonlStats = { written: 0, dropped: 0, failed: 0, syncDrains: 0, rotations: 0 };
  private readonly fs: any;
  private file: Handle;
  private position: number;
  /** The end of the written part of the file: a smaller size means someone truncated it. */
  private durable: number;
  /** Lines not yet handed to a write. */
  private readonly lines = new Lines();
  /** Lines handed to batches so far, and lines whose batch is done (written or failed). */
  private taken = 0;
  private settled = 0;
  private inflight: Batch | null = null;
  private draining = false;
  /**
   * Inside a worker thread no exit hook runs when the main thread exits or terminates the worker,
   * so every drained job is written synchronously: what is lost then is the job in progress.
   */
  private readonly inWorker = optionalBuiltin('node:worker_threads')?.isMainThread === false;

  constructor(
    readonly path: string,
    private readonly rotate: Required<RotateOptions> | null,
    private readonly telemetry: boolean,
    private readonly sync: boolean,
    private readonly batchBytes: number,
    private readonly maxBuffer: number,
    interval: number,
    stamp: Stamp | null,
  ) {
    const fs = nodeBuiltin('node:fs');
    const file = openFile(fs, path);
    super(!telemetry, interval, stamp);
    this.fs = fs;
    this.file = file;
    this.position = fs.fstatSync(file.fd).size;
    this.durable = this.position;
  }

  private closeHandle(handle: Handle): void {
    try {
      this.fs.closeSync(handle.fd);
    } catch (error) {
      reportError(this, `${FN}(${this.path}): close failed`, error);
    }
  }

  crumb(event: string, data?: unknown): void {
    this.catchUp(); // the changes before the crumb go first
    this.offer(encodeCrumb(event, data));
  }

  protected refused(line: string): void {
    this.stats.failed++;
    reportError(this, `${FN}(${this.path}): change recorded after shutdown() was not written`, line);
  }

  protected skipped(n: number): void {
    this.stats.dropped += n;
  }

  protected drained(): void {
    if (this.inWorker && !this.draining && !this.telemetry) this.writeBufferSync();
  }

  protected due(): void {
    if (this.lines.count !== 0) this.kick();
  }

  protected entry(c: Chunk, i: number): void {
    if (this.closed) super.entry(c, i);
    else if (this.telemetry && this.lines.bytes >= this.maxBuffer && !ending.now) this.stats.dropped++;
    else {
      if (!this.lines.addRecord(c, i)) this.lines.add(encodeRecord(c, i));
      this.added();
    }
  }

  protected line(line: string): void {
    if (this.telemetry && this.lines.bytes >= this.maxBuffer && !ending.now) {
      this.stats.dropped++;
      return;
    }
    this.lines.add(line);
    this.added();
  }

  private added(): void {
    // Ending: every line is written at once, except while drainSync() writes them all anyway.
    if (this.lines.bytes >= this.batchBytes || (ending.now && !this.draining)) this.kick();
    else this.arm();
  }

  /** Starts writing the buffer, or waits for the disk synchronously when it fell behind. */
  private kick(): void {
    if (this.sync || ending.now) this.writeBufferSync();
    else if (this.inflight === null) this.startAsync();
    else if (!this.telemetry && this.lines.bytes >= this.batchBytes) {
      // The previous batch is still on its way and another one is full: the program waits for
      // the disk (one synchronous write of one batch) rather than buffering without bound.
      // Also what keeps a long synchronous loop fast: its async callbacks cannot run before it ends.
      this.stats.syncDrains++;
      this.writeBufferSync();
    }
  }

  private take(): Batch {
    this.checkFile();
    const lines = this.lines.count;
    const data = this.lines.take();
    this.taken += lines;
    const batch = { handle: this.file, data, pos: this.position, lines, mark: this.taken };
    this.position += data.length;
    return batch;
  }

  /**
   * The file may have been deleted, replaced (logrotate's create) or truncated (copytruncate)
   * under us: one stat of the path and one of the descriptor per batch tell, and the exporter
   * reopens the path or writes on at the new end, and reports it.
   */
  private checkFile(): void {
    const fs = this.fs;
    let why: string | null = null;
    try {
      const open = fs.fstatSync(this.file.fd);
      const named = fs.statSync(this.path, { throwIfNoEntry: false });
      if (named === undefined || named.ino !== open.ino || named.dev !== open.dev)
        why = 'was deleted or replaced';
      else if (open.size < this.durable) {
        this.position = this.durable = open.size;
        reportError(
          this,
          `${FN}(${this.path}): the file was truncated, writing on at its new end`,
          open.size,
        );
        return;
      }
    } catch (error) {
      why = `cannot be checked (${(error as Error)?.message ?? error})`;
    }
    if (why === null) return;
    reportError(this, `${FN}(${this.path}): the file ${why}, reopening it`, why);
    this.reopen();
  }

  private reopen(): void {
    const old = this.file;
    old.retired = true;
    if (old.busy === 0) this.closeHandle(old);
    try {
      this.file = openFile(this.fs, this.path);
      this.position = this.durable = this.fs.fstatSync(this.file.fd).size;
    } catch (error) {
      this.closed = true;
      reportError(this, `${FN}(${this.path}): cannot reopen the file, later lines are lost`, error);
    }
  }

  private startAsync(): void {
    const batch = (this.inflight = this.take());
    this.writeAsync(batch, 0);
  }

  private writeAsync(batch: Batch, offset: number): void {
    const { data, pos, handle } = batch;
    handle.busy++;
    this.fs.write(
      handle.fd,
      data,
      offset,
      data.length - offset,
      pos + offset,
      (error: unknown, n: number) => {
        handle.busy--;
        // A rotated file is closed once nothing of it is in the pool (its fd could be reused).
        if (handle.retired && handle.busy === 0) this.closeHandle(handle);
        if (this.inflight !== batch) {
          this.lines.recycle(data); // drained synchronously in the meantime: this write was the last
          return;
        }
        if (error == null && offset + n < data.length) {
          this.writeAsync(batch, offset + n); // a short write: the rest goes at its own offset
          return;
        }
        this.lines.recycle(data);
        this.inflight = null;
        if (error == null) this.stats.written += batch.lines;
        else this.fail(batch, error);
        this.settle(batch);
        this.afterWrite();
      },
    );
  }

  private writeSyncAt(handle: Handle, data: Uint8Array, pos: number): void {
    let done = 0;
    while (done < data.length)
      done += this.fs.writeSync(handle.fd, data, done, data.length - done, pos + done);
  }

  private writeBufferSync(): void {
    if (this.lines.count === 0) return;
    const batch = this.take();
    try {
      this.writeSyncAt(batch.handle, batch.data, batch.pos);
      this.stats.written += batch.lines;
    } catch (error) {
      this.fail(batch, error);
    }
    this.lines.recycle(batch.data);
    this.settle(batch);
    this.maybeRotate();
  }

  private settle(batch: Batch): void {
    const end = batch.pos + batch.data.length;
    if (batch.handle === this.file && end > this.durable && end <= this.position) this.durable = end;
    if (batch.mark > this.settled) this.settled = batch.mark;
    this.reached(this.settled);
  }

  private afterWrite(): void {
    this.maybeRotate();
    if (this.lines.count !== 0 && (this.lines.bytes >= this.batchBytes || this.waiting)) this.startAsync();
  }

  /**
   * A failed batch (disk full, ...) is counted, and when it is the last one written the file is
   * cut back to where it began: no hole, no torn line, and the next batch goes there.
   */
  private fail(batch: Batch, error: unknown): void {
    this.stats.failed += batch.lines;
    reportError(this, `${FN}(${this.path}): write failed, ${batch.lines} lines lost`, error);
    if (batch.handle !== this.file || this.position !== batch.pos + batch.data.length) return;
    try {
      this.fs.ftruncateSync(batch.handle.fd, batch.pos);
      this.position = batch.pos;
      if (this.durable > batch.pos) this.durable = batch.pos;
    } catch (cut) {
      reportError(this, `${FN}(${this.path}): cannot cut a failed batch from the file`, cut);
    }
  }

  private maybeRotate(): void {
    const r = this.rotate;
    if (r === null || this.position < r.maxBytes || this.closed) return;
    const fs = this.fs;
    // Renamed while open (POSIX): writes still in the pool land in the rotated file, which is
    // closed once they are done.
    try {
      if (r.keep === 0) fs.rmSync(this.path, { force: true });
      else {
        for (let k = r.keep - 1; k >= 1; k--) {
          if (fs.existsSync(`${this.path}.${k}`)) fs.renameSync(`${this.path}.${k}`, `${this.path}.${k + 1}`);
        }
        fs.renameSync(this.path, `${this.path}.1`);
      }
      this.stats.rotations++;
    } catch (error) {
      reportError(this, `${FN}(${this.path}): rotation failed, writing on in the same file`, error);
    }
    this.reopen();
  }

  /** exit.ts: the in-flight batch again (idempotent) and the buffer, synchronously. */
  drainSync(): void {
    if (this.closed) return;
    this.draining = true;
    this.catchUp();
    this.draining = false;
    this.disarm();
    const batch = this.inflight;
    if (batch !== null) {
      try {
        this.writeSyncAt(batch.handle, batch.data, batch.pos);
        this.stats.written += batch.lines;
      } catch (error) {
        this.fail(batch, error);
      }
      this.inflight = null;
      this.settle(batch);
    }
    this.writeBufferSync();
  }

  flushSync(): void {
    this.drainSync();
  }

  /** Resolves once every line recorded before the call is written (or failed), even under traffic. */
  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.catchUp();
    if (this.sync) this.writeBufferSync();
    const mark = this.taken + this.lines.count;
    if (this.settled >= mark) return Promise.resolve();
    const done = this.waitFor(mark);
    if (this.inflight === null) this.startAsync();
    return done;
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.drainSync();
    this.end();
    this.file.retired = true;
    if (this.file.busy === 0) this.closeHandle(this.file);
  }
}

function openFile(fs: any, path: string): Handle {
  const { constants } = fs;
  // Not O_APPEND: positional writes need offsets the kernel honours (see the header). 0600: audit
  // data is nobody else's to read.
  const fd = fs.openSync(path, constants.O_WRONLY | constants.O_CREAT, 0o600);
  return { fd, busy: 0, retired: false };
}

/** An exporter writing every change as one JSON line to `options.path`; attach it with subscribe(). */
export function jsonlExporter(options: JsonlOptions): JsonlExporter {
  if (typeof options !== 'object' || options === null) {
    throw typeError(FN, 'options', 'an options object like { path }', options);
  }
  expectPlainOptions(FN, 'options', options, OPTION_KEYS);
  const o = options;
  if (typeof o.path !== 'string' || o.path === '') throw typeError(FN, 'options.path', 'a file path', o.path);
  if (o.mode !== undefined && o.mode !== 'audit' && o.mode !== 'telemetry') {
    throw typeError(FN, 'options.mode', "'audit' or 'telemetry'", o.mode);
  }
  if (o.sync !== undefined && typeof o.sync !== 'boolean')
    throw typeError(FN, 'options.sync', 'a boolean', o.sync);
  if (o.batchBytes !== undefined) expectCount(FN, 'options.batchBytes', o.batchBytes, 1);
  if (o.maxBufferBytes !== undefined) expectCount(FN, 'options.maxBufferBytes', o.maxBufferBytes, 1);
  checkLineOptions(FN, o);
  let rotate: Required<RotateOptions> | null = null;
  if (o.rotate !== undefined) {
    expectPlainOptions(FN, 'options.rotate', o.rotate, ['maxBytes', 'keep']);
    if (typeof o.rotate !== 'object' || o.rotate === null) {
      throw typeError(FN, 'options.rotate', 'an object like { maxBytes, keep }', o.rotate);
    }
    expectCount(FN, 'options.rotate.maxBytes', o.rotate.maxBytes, 1);
    if (o.rotate.keep !== undefined) expectRange(FN, 'options.rotate.keep', o.rotate.keep, 0, MAX_KEEP);
    rotate = { maxBytes: o.rotate.maxBytes, keep: o.rotate.keep ?? 5 };
  }
  const batchBytes = o.batchBytes ?? 65_536;
  const maxBuffer = Math.max(o.maxBufferBytes ?? 4 * 1024 * 1024, batchBytes);
  try {
    return new Jsonl(
      o.path,
      rotate,
      o.mode === 'telemetry',
      o.sync ?? false,
      batchBytes,
      maxBuffer,
      o.flushIntervalMs ?? 100,
      o.stamp ?? null,
    );
  } catch (error) {
    const code = (error as { code?: string })?.code;
    throw new Error(
      `statetrail: ${FN}: options.path ${JSON.stringify(o.path)} cannot be opened for writing${code ? ` (${code})` : ''}: ${(error as Error)?.message ?? error}`,
      { cause: error },
    );
  }
}
