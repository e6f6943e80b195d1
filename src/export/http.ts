/**
 * httpExporter(): batched POSTs of JSON Lines (application/x-ndjson) to a receiver (Node only:
 * global fetch, node:fs for spill files, node:zlib for gzip).
 *
 * Delivery: each batch gets an idempotency key when it is sealed (header `Idempotency-Key`),
 * kept through every retry, spill and resend, so a receiver that remembers keys stores each
 * batch once even when a response was lost and the batch went out again. One request at a time.
 * Failures (network errors, timeouts, 408, 429, 5xx) are retried with exponential backoff and
 * full jitter; other 4xx answers mean the receiver refuses the batch: reported and counted in
 * `stats.rejected`, not retried.
 *
 * Bounded memory: at most `maxQueue` changes wait in memory. Beyond that, and for batches that
 * exhausted their retries, batches are spilled to `spillDir` as `<key>.ndjson` (written to a
 * temporary name, then renamed: a spill file is always whole). Spilled batches — also those left
 * by an earlier process — are resent once the receiver answers again, oldest first, and deleted
 * after a 2xx. At process end (exit.ts) everything not yet acknowledged, including the batch in
 * flight, is spilled synchronously. Without `spillDir` what cannot be held is dropped, reported
 * and counted in `stats.dropped`.
 */

import { nodeBuiltin } from '../crumbs/format';
import { expectCount, expectPlainOptions, typeError } from '../errors';
import type { Change } from '../history/change';
import type { Chunk } from '../history/log';
import { ON_RECORD, type RecordObserver } from '../tracking/dispatch';
import { encodeChange, encodeRecord, type Stamp, withStamp } from './encode';
import { atExit } from './exit';
import { reportError } from './report';

export interface RetryOptions {
  /** Attempts after the first one before a batch is spilled; default 5. */
  retries?: number;
  /** First backoff delay; default 100 ms. Each retry doubles it, up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface HttpOptions {
  url: string;
  headers?: Record<string, string>;
  /** Changes per request; default 500. */
  batchSize?: number;
  /** A partial batch is sent after at most this delay; default 1000 ms. */
  flushIntervalMs?: number;
  gzip?: boolean;
  /** Per request; default 10,000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Changes held in memory before batches spill to disk; default 10,000. */
  maxQueue?: number;
  /** Directory for batches that cannot be sent or held (created if missing). */
  spillDir?: string;
  /** Extra fields per line, computed inside the write: e.g. otelStamp() adds `trace`. */
  stamp?: Stamp;
}

export interface HttpStats {
  /** Changes acknowledged by the receiver (2xx). */
  sent: number;
  /** Requests that failed and were retried. */
  retries: number;
  /** Changes written to spill files (they are resent later). */
  spilled: number;
  /** Changes refused by the receiver (4xx other than 408/429). */
  rejected: number;
  /** Changes lost: no room in memory and no spillDir, a failed spill, or offered after shutdown(). */
  dropped: number;
}

export interface HttpExporter extends RecordObserver {
  readonly url: string;
  readonly stats: Readonly<HttpStats>;
  onChange(change: Change): void;
  /** Sends everything recorded so far; resolves when acknowledged or spilled. */
  flush(): Promise<void>;
  /** Stops sending; what is not acknowledged is spilled (or counted as dropped). */
  shutdown(): Promise<void>;
}

interface Batch {
  readonly key: string;
  readonly body: string;
  readonly lines: number;
  /** The spill file holding this batch, if any. */
  file?: string;
}

const FN = 'httpExporter';
const OPTION_KEYS = [
  'url',
  'headers',
  'batchSize',
  'flushIntervalMs',
  'gzip',
  'timeoutMs',
  'retry',
  'maxQueue',
  'spillDir',
  'stamp',
];
const SPILL_EXT = '.ndjson';

let counter = 0;
function newKey(): string {
  // Sortable by creation time, unique across processes.
  const rand = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
  return `${Date.now().toString(36).padStart(9, '0')}-${(++counter).toString(36)}-${rand}`;
}

class Http implements HttpExporter {
  readonly stats: HttpStats = { sent: 0, retries: 0, spilled: 0, rejected: 0, dropped: 0 };
  private open: string[] = [];
  private queue: Batch[] = [];
  private queuedLines = 0;
  private sending: Batch | null = null;
  private down = false;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private waiters: Array<() => void> = [];
  private readonly fs: any;
  private readonly zlib: any;
  private readonly stopHooks: () => void;

  constructor(
    readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly batchSize: number,
    private readonly interval: number,
    private readonly gzip: boolean,
    private readonly timeoutMs: number,
    private readonly retry: Required<RetryOptions>,
    private readonly maxQueue: number,
    private readonly spillDir: string | null,
    private readonly stamp: Stamp | null,
  ) {
    this.fs = nodeBuiltin('node:fs');
    this.zlib = gzip ? nodeBuiltin('node:zlib') : null;
    this.stopHooks = atExit(this);
    if (this.spillFiles().length !== 0) queueMicrotask(() => this.pump()); // left by an earlier process
  }

  [ON_RECORD](c: Chunk, i: number): void {
    const line = encodeRecord(c, i);
    this.add(this.stamp === null ? line : withStamp(line, this.stamp));
  }

  onChange(change: Change): void {
    const line = encodeChange(change);
    this.add(this.stamp === null ? line : withStamp(line, this.stamp));
  }

  private add(line: string): void {
    if (this.closed) {
      this.stats.dropped++;
      reportError(this, `${FN}(${this.url}): change recorded after shutdown() was not sent`, line);
      return;
    }
    this.open.push(line);
    if (this.open.length >= this.batchSize) this.seal();
    else if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.seal();
      }, this.interval);
      this.timer.unref?.();
    }
  }

  private seal(): void {
    if (this.open.length === 0) return;
    const batch: Batch = { key: newKey(), body: `${this.open.join('\n')}\n`, lines: this.open.length };
    this.open = [];
    if (this.queuedLines + batch.lines > this.maxQueue) this.spill(batch, 'the in-memory queue is full');
    else {
      this.queue.push(batch);
      this.queuedLines += batch.lines;
    }
    this.pump();
  }

  /** Writes a batch to spillDir (synchronously: also used at exit); drops it without one. */
  private spill(batch: Batch, why: string): void {
    if (batch.file !== undefined) return; // already on disk
    if (this.spillDir === null) {
      this.stats.dropped += batch.lines;
      reportError(this, `${FN}(${this.url}): ${why} and there is no spillDir, changes dropped`, batch.key);
      return;
    }
    const file = `${this.spillDir}/${batch.key}${SPILL_EXT}`;
    const tmp = `${this.spillDir}/.${batch.key}.tmp`;
    try {
      this.fs.writeFileSync(tmp, batch.body);
      this.fs.renameSync(tmp, file);
      batch.file = file;
      this.stats.spilled += batch.lines;
    } catch (error) {
      this.stats.dropped += batch.lines;
      reportError(this, `${FN}(${this.url}): spilling to ${this.spillDir} failed, changes dropped`, error);
    }
  }

  private spillFiles(): string[] {
    if (this.spillDir === null) return [];
    try {
      return (this.fs.readdirSync(this.spillDir) as string[])
        .filter((f) => f.endsWith(SPILL_EXT) && !f.startsWith('.'))
        .sort();
    } catch (error) {
      reportError(this, `${FN}(${this.url}): cannot read spillDir ${this.spillDir}`, error);
      return [];
    }
  }

  /** The next batch to send: memory first, then spill files (oldest first). */
  private next(): Batch | null {
    const batch = this.queue.shift();
    if (batch !== undefined) {
      this.queuedLines -= batch.lines;
      return batch;
    }
    for (const name of this.spillFiles()) {
      const file = `${this.spillDir}/${name}`;
      try {
        const body = this.fs.readFileSync(file, 'utf8') as string;
        const lines = body.split('\n').length - 1;
        return { key: name.slice(0, -SPILL_EXT.length), body, lines, file };
      } catch {
        // taken by another process meanwhile: try the next one
      }
    }
    return null;
  }

  private pump(): void {
    if (this.sending !== null || this.down || this.closed) return;
    const batch = this.next();
    if (batch === null) {
      if (this.open.length === 0) this.wake();
      return;
    }
    this.sending = batch;
    void this.send(batch, 0);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async send(batch: Batch, attempt: number): Promise<void> {
    let outcome: 'ok' | 'retry' | 'reject';
    let detail: unknown;
    try {
      const body = this.gzip ? this.zlib.gzipSync(batch.body) : batch.body;
      const response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-ndjson',
          ...(this.gzip ? { 'content-encoding': 'gzip' } : {}),
          ...this.headers,
          'idempotency-key': batch.key,
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined); // frees the connection
      const s = response.status;
      outcome = s >= 200 && s < 300 ? 'ok' : s === 408 || s === 429 || s >= 500 ? 'retry' : 'reject';
      detail = `HTTP ${s}`;
    } catch (error) {
      outcome = 'retry';
      detail = error;
    }
    if (this.sending !== batch) return; // spilled at exit or by shutdown() meanwhile
    if (outcome === 'retry' && attempt < this.retry.retries && !this.closed) {
      this.stats.retries++;
      const cap = Math.min(this.retry.maxDelayMs, this.retry.minDelayMs * 2 ** attempt);
      const delay = Math.random() * cap; // full jitter
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.sending === batch) void this.send(batch, attempt + 1);
      }, delay);
      this.retryTimer.unref?.(); // never keeps the process alive: the exit hook spills instead
      return;
    }
    this.sending = null;
    if (outcome === 'ok') {
      this.stats.sent += batch.lines;
      this.down = false;
      if (batch.file !== undefined) this.fs.rmSync(batch.file, { force: true });
    } else if (outcome === 'reject') {
      this.stats.rejected += batch.lines;
      reportError(
        this,
        `${FN}(${this.url}): the receiver refused a batch (${detail}), changes not sent`,
        detail,
      );
      if (batch.file !== undefined) this.fs.rmSync(batch.file, { force: true });
    } else {
      // Retries exhausted: keep the batch on disk and probe again later.
      reportError(this, `${FN}(${this.url}): sending failed after ${attempt + 1} attempts, spilling`, detail);
      this.spill(batch, 'sending failed');
      this.down = true;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.down = false;
        this.pump();
      }, this.retry.maxDelayMs);
      this.retryTimer.unref?.();
      this.wake(); // flush() waiters: everything is acknowledged or spilled
      return;
    }
    this.pump();
  }

  /** exit.ts: everything not acknowledged goes to disk, synchronously. */
  drainSync(): void {
    if (this.closed) return;
    this.spillAll();
    this.wake(); // flush() callers: everything is acknowledged or on disk now
  }

  private spillAll(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.open.length !== 0) {
      const lines = this.open;
      this.open = [];
      this.spill(
        { key: newKey(), body: `${lines.join('\n')}\n`, lines: lines.length },
        'the process is ending',
      );
    }
    if (this.sending !== null) {
      // Maybe received already: spilled under the same key, the receiver drops the resend.
      this.spill(this.sending, 'the process is ending');
      this.sending = null;
    }
    for (const b of this.queue) this.spill(b, 'the process is ending');
    this.queue = [];
    this.queuedLines = 0;
  }

  /** Before the event loop empties: send what is left while the process can still wait. */
  beforeExit(): void {
    if (!this.closed && !this.down && this.open.length !== 0) this.seal();
  }

  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.seal();
    if (this.sending === null && this.queue.length === 0) {
      if (this.down) this.spillAll();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (this.down) {
        this.spillAll();
        this.wake();
      }
    });
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.spillAll();
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.stopHooks();
    this.wake();
  }
}

/**
 * mkdir -p one level at a time: Node 20's `mkdirSync(p, { recursive: true })` spins forever
 * where mkdir answers ENOENT under an existing parent (e.g. /proc).
 */
function makeDir(fs: any, dir: string): void {
  if (fs.existsSync(dir)) return;
  const parent = dir.replace(/\/+[^/]+\/*$/, '');
  if (parent !== '' && parent !== dir) makeDir(fs, parent);
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
}

/** An exporter POSTing batches of JSON lines to `options.url`; attach it with subscribe(). */
export function httpExporter(options: HttpOptions): HttpExporter {
  if (typeof options !== 'object' || options === null) {
    throw typeError(FN, 'options', 'an options object like { url }', options);
  }
  expectPlainOptions(FN, 'options', options, OPTION_KEYS);
  const o = options;
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw typeError(FN, 'options.url', 'an absolute http:// or https:// URL', o.url);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw typeError(FN, 'options.url', 'an absolute http:// or https:// URL', o.url);
  }
  const headers: Record<string, string> = {};
  if (o.headers !== undefined) {
    if (typeof o.headers !== 'object' || o.headers === null || Array.isArray(o.headers)) {
      throw typeError(FN, 'options.headers', 'an object of header names to strings', o.headers);
    }
    for (const [k, v] of Object.entries(o.headers)) {
      if (typeof v !== 'string') throw typeError(FN, `options.headers[${JSON.stringify(k)}]`, 'a string', v);
      headers[k.toLowerCase()] = v;
    }
  }
  if (o.batchSize !== undefined) expectCount(FN, 'options.batchSize', o.batchSize, 1);
  if (o.flushIntervalMs !== undefined) expectCount(FN, 'options.flushIntervalMs', o.flushIntervalMs, 0);
  if (o.gzip !== undefined && typeof o.gzip !== 'boolean')
    throw typeError(FN, 'options.gzip', 'a boolean', o.gzip);
  if (o.timeoutMs !== undefined) expectCount(FN, 'options.timeoutMs', o.timeoutMs, 1);
  if (o.maxQueue !== undefined) expectCount(FN, 'options.maxQueue', o.maxQueue, 0);
  if (o.stamp !== undefined && typeof o.stamp !== 'function')
    throw typeError(FN, 'options.stamp', 'a function', o.stamp);
  const retry = { retries: 5, minDelayMs: 100, maxDelayMs: 30_000 };
  if (o.retry !== undefined) {
    if (typeof o.retry !== 'object' || o.retry === null) {
      throw typeError(FN, 'options.retry', 'an object like { retries, minDelayMs, maxDelayMs }', o.retry);
    }
    expectPlainOptions(FN, 'options.retry', o.retry, ['retries', 'minDelayMs', 'maxDelayMs']);
    if (o.retry.retries !== undefined) expectCount(FN, 'options.retry.retries', o.retry.retries, 0);
    if (o.retry.minDelayMs !== undefined) expectCount(FN, 'options.retry.minDelayMs', o.retry.minDelayMs, 0);
    if (o.retry.maxDelayMs !== undefined) expectCount(FN, 'options.retry.maxDelayMs', o.retry.maxDelayMs, 0);
    Object.assign(retry, o.retry);
  }
  let spillDir: string | null = null;
  if (o.spillDir !== undefined) {
    if (typeof o.spillDir !== 'string' || o.spillDir === '') {
      throw typeError(FN, 'options.spillDir', 'a directory path', o.spillDir);
    }
    const fs = nodeBuiltin('node:fs');
    try {
      makeDir(fs, o.spillDir);
      fs.accessSync(o.spillDir, fs.constants.W_OK);
    } catch (error) {
      throw new Error(
        `statetrail: ${FN}: options.spillDir ${JSON.stringify(o.spillDir)} is not a writable directory: ${(error as Error)?.message ?? error}`,
        { cause: error },
      );
    }
    spillDir = o.spillDir.replace(/\/+$/, '') || '/';
  }
  return new Http(
    url.href,
    headers,
    o.batchSize ?? 500,
    o.flushIntervalMs ?? 1000,
    o.gzip ?? false,
    o.timeoutMs ?? 10_000,
    retry,
    o.maxQueue ?? 10_000,
    spillDir,
    o.stamp ?? null,
  );
}
