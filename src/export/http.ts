/**
 * httpExporter(): batched POSTs of JSON Lines (application/x-ndjson) to a receiver (Node only:
 * global fetch, node:fs for spill files, node:zlib for gzip, node:crypto for the spill folder).
 *
 * Delivery: each batch gets an idempotency key when it is sealed (header `Idempotency-Key`),
 * kept through every retry, spill and resend, so a receiver that remembers keys stores each
 * batch once even when a response was lost and the batch went out again. One request at a time.
 * Failures (network errors, timeouts, 408, 429, 5xx, and 3xx: redirects are never followed, since
 * a followed 301/302/303 turns the POST into a body-less GET and a 307/308 may carry the body and
 * the headers to another origin) are retried with exponential backoff and full jitter, or after
 * the receiver's `Retry-After`. Other 4xx answers mean the receiver refuses the batch: it is
 * appended to the dead-letter file (when there is a spillDir), counted in `stats.rejected` and not
 * retried.
 *
 * Bounded memory: at most `maxQueue` changes wait in memory. Beyond that, and for batches that
 * exhausted their retries, batches are spilled to `spillDir/<url hash>/<key>.ndjson` (written to
 * a temporary name, then renamed: a spill file is always whole; one folder per URL, so two
 * exporters sharing a spillDir never send each other's batches). Spilled batches — also those
 * left by an earlier process — are resent once the receiver answers again, oldest first, and
 * deleted after a 2xx; the folder is listed once, then the exporter keeps the index. At process
 * end (exit.ts) everything not yet acknowledged, including the batch in flight, is spilled
 * synchronously. Without `spillDir` what cannot be held is dropped, reported and counted in
 * `stats.dropped`.
 */

import { utf8Length } from '../bytes';
import { expectCount, expectPlainOptions, typeError } from '../errors';
import type { Change } from '../history/change';
import { nodeBuiltin } from '../platform';
import type { RecordObserver } from '../tracking/dispatch';
import { encodeCrumb, type Stamp } from './encode';
import { checkLineOptions, expectRange, LineExporter, MAX_DELAY_MS } from './line';
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
  /**
   * Changes per request; default 2,000 (against 500 before 0.2.0: the collector's per-request cost
   * made 500-change batches the limit of its PostgreSQL ingest; BENCHMARKS.md).
   */
  batchSize?: number;
  /**
   * At most this many bytes of NDJSON per request (before gzip), so that a batch of long lines stays
   * under a receiver's body limit (the collector's is 16 MiB); default 4 MiB. A single longer line
   * goes alone.
   */
  batchBytes?: number;
  /** A partial batch is sent after at most this delay; default 1000 ms. */
  flushIntervalMs?: number;
  gzip?: boolean;
  /** Per request; default 10,000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Changes held in memory before batches spill to disk; default 10,000. */
  maxQueue?: number;
  /** Directory for batches that cannot be sent or held (created if missing, mode 0700). */
  spillDir?: string;
  /** Added to every line as `"session":<id>` (the collector client sets it). */
  session?: string;
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
  /** Changes refused by the receiver (4xx other than 408/429); kept in the dead-letter file. */
  rejected: number;
  /** Changes written to the dead-letter file (`spillDir/<url hash>/dead-letter.ndjson`). */
  deadLettered: number;
  /** Answers that were redirects (3xx), never followed: counted as failures and retried. */
  redirects: number;
  /** Changes lost: no room in memory and no spillDir, a failed spill, or offered after shutdown(). */
  dropped: number;
}

export interface HttpExporter extends RecordObserver {
  readonly url: string;
  readonly stats: Readonly<HttpStats>;
  onChange(change: Change): void;
  /** Sends a crumb line (`kind: "crumb"`). */
  crumb(event: string, data?: unknown): void;
  /**
   * Sends everything recorded before the call; resolves when acknowledged, refused or spilled,
   * and the spill files found (an earlier process's too) are resent, unless the receiver is down.
   * While it waits, retry timers keep the process alive.
   */
  flush(): Promise<void>;
  /** Stops sending; what is not acknowledged is spilled (or counted as dropped). */
  shutdown(): Promise<void>;
}

interface Batch {
  readonly key: string;
  readonly body: string;
  readonly lines: number;
  /** Lines sealed into batches up to and including this one (flush() marks); 0 for old spills. */
  readonly mark: number;
  /** The spill file holding this batch, if any. */
  file?: string;
}

type Outcome = 'ok' | 'retry' | 'reject';

const FN = 'httpExporter';
const OPTION_KEYS = [
  'url',
  'headers',
  'batchSize',
  'batchBytes',
  'flushIntervalMs',
  'gzip',
  'timeoutMs',
  'retry',
  'maxQueue',
  'spillDir',
  'stamp',
  'session',
];
const SPILL_EXT = '.ndjson';
const DEAD_LETTER = 'dead-letter.ndjson';

let counter = 0;
function newKey(): string {
  // Sortable by creation time, unique across processes.
  const rand = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
  return `${Date.now().toString(36).padStart(9, '0')}-${(++counter).toString(36).padStart(7, '0')}-${rand}`;
}

/** Retry-After as milliseconds (delay-seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_DELAY_MS) : undefined;
}

export class Http extends LineExporter implements HttpExporter {
  readonly stats: HttpStats = {
    sent: 0,
    retries: 0,
    spilled: 0,
    rejected: 0,
    deadLettered: 0,
    redirects: 0,
    dropped: 0,
  };
  private open: string[] = [];
  /** An upper bound of the open lines' UTF-8 bytes, newlines included (see line()). */
  private openBytes = 0;
  private queue: Batch[] = [];
  private queuedLines = 0;
  /** Batches of this process not settled yet, oldest first (for flush() marks). */
  private unsettled: Batch[] = [];
  private sealed = 0;
  /** Spill files waiting to be resent, oldest first: the folder is listed once. */
  private spilledFiles: string[] = [];
  /** flush() callers waiting for the spill files to be resent (or for the receiver to go down). */
  private spillWaiters: Array<() => void> = [];
  private sending: Batch | null = null;
  private down = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly fs: any;
  private readonly zlib: any;
  private readonly tag: string;

  constructor(
    readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly batchSize: number,
    private readonly batchBytes: number,
    interval: number,
    private readonly gzip: boolean,
    private readonly timeoutMs: number,
    private readonly retry: Required<RetryOptions>,
    private readonly maxQueue: number,
    private readonly spillDir: string | null,
    stamp: Stamp | null,
    session: string | null,
  ) {
    super(true, interval, stamp);
    this.fs = nodeBuiltin('node:fs');
    this.zlib = gzip ? nodeBuiltin('node:zlib') : null;
    this.tag = session === null ? '' : `,"session":${JSON.stringify(session)}}`;
    this.spilledFiles = this.listSpillDir();
    if (this.spilledFiles.length !== 0) queueMicrotask(() => this.pump()); // left by an earlier process
  }

  crumb(event: string, data?: unknown): void {
    this.catchUp();
    this.offer(encodeCrumb(event, data));
  }

  /** A line of another kind (the collector client's session, event, metric... records). */
  record(fields: Record<string, unknown>): void {
    this.catchUp(); // the changes before it go first
    this.offer(JSON.stringify({ schema: 1, ...fields }));
  }

  protected refused(line: string): void {
    this.stats.dropped++;
    reportError(this, `${FN}(${this.url}): change recorded after shutdown() was not sent`, line);
  }

  protected due(): void {
    this.seal();
  }

  protected line(line: string): void {
    const text = this.tag === '' ? line : line.slice(0, -1) + this.tag;
    // 3 bytes per UTF-16 unit bounds the UTF-8 size; the exact size is counted only near the limit
    const bound = text.length * 3 + 1;
    const size = this.openBytes + bound <= this.batchBytes ? bound : utf8Length(text) + 1;
    if (this.open.length !== 0 && this.openBytes + size > this.batchBytes) this.seal();
    this.open.push(text);
    this.openBytes += size;
    if (this.open.length >= this.batchSize || this.openBytes >= this.batchBytes) this.seal();
    else this.arm();
  }

  private seal(): void {
    this.disarm();
    if (this.open.length === 0) return;
    this.sealed += this.open.length;
    const batch: Batch = {
      key: newKey(),
      body: `${this.open.join('\n')}\n`,
      lines: this.open.length,
      mark: this.sealed,
    };
    this.open = [];
    this.openBytes = 0;
    this.unsettled.push(batch);
    if (this.queuedLines + batch.lines > this.maxQueue) this.spill(batch, 'the in-memory queue is full');
    else {
      this.queue.push(batch);
      this.queuedLines += batch.lines;
    }
    this.pump();
  }

  /** The batch will not be sent again by this process now: acknowledged, refused or spilled. */
  private settle(batch: Batch): void {
    const at = this.unsettled.indexOf(batch);
    if (at < 0) return;
    this.unsettled.splice(at, 1);
    const first = this.unsettled[0];
    this.reached(first === undefined ? this.sealed : first.mark - first.lines);
  }

  private get folder(): string {
    return this.spillDir!;
  }

  /** Writes a batch to spillDir (synchronously: also used at exit); drops it without one. */
  private spill(batch: Batch, why: string): void {
    if (batch.file === undefined) {
      if (this.spillDir === null) {
        this.stats.dropped += batch.lines;
        reportError(this, `${FN}(${this.url}): ${why} and there is no spillDir, changes dropped`, batch.key);
      } else {
        const file = `${this.folder}/${batch.key}${SPILL_EXT}`;
        const tmp = `${this.folder}/.${batch.key}.tmp`;
        try {
          this.fs.writeFileSync(tmp, batch.body, { mode: 0o600 });
          this.fs.renameSync(tmp, file);
          batch.file = file;
          // kept sorted: a batch that ran out of retries is older than those spilled meanwhile
          const name = `${batch.key}${SPILL_EXT}`;
          let at = this.spilledFiles.length;
          while (at > 0 && this.spilledFiles[at - 1]! > name) at--;
          this.spilledFiles.splice(at, 0, name);
          this.stats.spilled += batch.lines;
        } catch (error) {
          this.stats.dropped += batch.lines;
          reportError(this, `${FN}(${this.url}): spilling to ${this.folder} failed, changes dropped`, error);
        }
      }
    }
    this.settle(batch);
  }

  /** Spill files left in this exporter's folder; stale temporary files of a crash are removed. */
  private listSpillDir(): string[] {
    if (this.spillDir === null) return [];
    try {
      const names = this.fs.readdirSync(this.folder) as string[];
      for (const n of names) {
        if (n.startsWith('.') && n.endsWith('.tmp')) this.fs.rmSync(`${this.folder}/${n}`, { force: true });
      }
      return names.filter((f) => f.endsWith(SPILL_EXT) && !f.startsWith('.') && f !== DEAD_LETTER).sort();
    } catch (error) {
      reportError(this, `${FN}(${this.url}): cannot read spillDir ${this.folder}`, error);
      return [];
    }
  }

  /**
   * The next batch to send: the oldest one, in memory or spilled (keys sort by creation). A batch
   * spilled because the queue was full or its retries ran out is older than those queued after it;
   * sending memory first would store a session's changes out of order, and the collector replays
   * state in the order it stored them.
   */
  private next(): Batch | null {
    while (this.spilledFiles.length !== 0) {
      const name = this.spilledFiles[0]!;
      const file = `${this.folder}/${name}`;
      const key = name.slice(0, -SPILL_EXT.length);
      if (this.queue.length !== 0 && this.queue[0]!.key < key) break;
      try {
        let body = this.fs.readFileSync(file, 'utf8') as string;
        // A torn file (a crash of the machine mid-write): send its whole lines, count the rest.
        const end = body.lastIndexOf('\n') + 1;
        if (end !== body.length) {
          reportError(
            this,
            `${FN}(${this.url}): spill file ${name} ends in a torn line, sending its whole lines`,
            name,
          );
          this.stats.dropped++;
          body = body.slice(0, end);
        }
        const lines = body === '' ? 0 : body.split('\n').length - 1;
        return { key, body, lines, mark: 0, file };
      } catch {
        this.spilledFiles.shift(); // taken away meanwhile: try the next one
        this.wakeSpillWaiters();
      }
    }
    const batch = this.queue.shift();
    if (batch === undefined) return null;
    this.queuedLines -= batch.lines;
    return batch;
  }

  private pump(): void {
    if (this.sending !== null || this.down || this.closed) return;
    const batch = this.next();
    if (batch === null) return;
    this.sending = batch;
    void this.send(batch, 0);
  }

  private async post(batch: Batch): Promise<{ outcome: Outcome; detail: unknown; wait?: number }> {
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
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined); // frees the connection
      const s = response.status;
      if (s >= 200 && s < 300) return { outcome: 'ok', detail: s };
      if (s >= 300 && s < 400) {
        this.stats.redirects++;
        const to = response.headers.get('location');
        return { outcome: 'retry', detail: `HTTP ${s} redirect to ${to ?? '(no location)'} (not followed)` };
      }
      if (s === 408 || s === 429 || s >= 500) {
        const wait = s === 429 || s === 503 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
        return { outcome: 'retry', detail: `HTTP ${s}`, wait };
      }
      return { outcome: 'reject', detail: `HTTP ${s}` };
    } catch (error) {
      return { outcome: 'retry', detail: error };
    }
  }

  private async send(batch: Batch, attempt: number): Promise<void> {
    const { outcome, detail, wait } = await this.post(batch);
    if (this.sending !== batch) return; // spilled at exit or by shutdown() meanwhile
    if (outcome === 'retry' && attempt < this.retry.retries && !this.closed) {
      this.stats.retries++;
      const cap = Math.min(this.retry.maxDelayMs, this.retry.minDelayMs * 2 ** attempt);
      const delay = wait ?? Math.random() * cap; // the receiver's Retry-After, else full jitter
      this.later(delay, () => {
        if (this.sending === batch) void this.send(batch, attempt + 1);
      });
      return;
    }
    this.sending = null;
    if (outcome === 'ok') {
      this.stats.sent += batch.lines;
      this.down = false;
      this.forget(batch);
    } else if (outcome === 'reject') {
      this.stats.rejected += batch.lines;
      reportError(
        this,
        `${FN}(${this.url}): the receiver refused a batch (${detail}), changes not sent`,
        detail,
      );
      this.deadLetter(batch);
      this.forget(batch);
    } else {
      // Retries exhausted: keep the batch on disk and probe again later.
      reportError(this, `${FN}(${this.url}): sending failed after ${attempt + 1} attempts, spilling`, detail);
      this.spill(batch, 'sending failed');
      this.down = true;
      this.wakeSpillWaiters();
      this.later(Math.max(wait ?? 0, this.retry.maxDelayMs), () => {
        this.down = false;
        this.pump();
      });
      return;
    }
    this.settle(batch);
    this.pump();
  }

  /** A retry timer: it keeps the process alive only while someone awaits flush(). */
  private later(delay: number, run: () => void): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      run();
    }, delay);
    if (!this.waiting && this.spillWaiters.length === 0) this.retryTimer.unref?.();
  }

  private forget(batch: Batch): void {
    if (batch.file === undefined) return;
    this.fs.rmSync(batch.file, { force: true });
    const at = this.spilledFiles.indexOf(`${batch.key}${SPILL_EXT}`);
    if (at >= 0) this.spilledFiles.splice(at, 1);
    this.wakeSpillWaiters();
  }

  /** Resolves once no spill file waits to be resent (each removed after its answer) or the receiver is down. */
  private spillsResent(): Promise<void> {
    if (this.spilledFiles.length === 0 || this.down || this.closed) return Promise.resolve();
    this.retryTimer?.ref?.();
    return new Promise((resolve) => this.spillWaiters.push(resolve));
  }

  private wakeSpillWaiters(): void {
    if (this.spillWaiters.length === 0) return;
    if (this.spilledFiles.length !== 0 && !this.down && !this.closed) return;
    for (const resolve of this.spillWaiters.splice(0)) resolve();
  }

  /** A refused batch is kept for a human: appended to the dead-letter file, never resent. */
  private deadLetter(batch: Batch): void {
    if (this.spillDir === null) return;
    try {
      this.fs.appendFileSync(`${this.folder}/${DEAD_LETTER}`, batch.body, { mode: 0o600 });
      this.stats.deadLettered += batch.lines;
    } catch (error) {
      reportError(this, `${FN}(${this.url}): cannot write the dead-letter file`, error);
    }
  }

  /** The collector client's watchdog thread: sends the last batches while the process ends. */
  finalSend: ((batches: Array<{ key: string; body: string }>) => Set<string>) | null = null;

  /** exit.ts: everything not acknowledged goes to disk, synchronously (or first to finalSend). */
  drainSync(): void {
    if (this.closed) return;
    this.catchUp();
    if (this.finalSend !== null) this.sendFinal(this.finalSend);
    this.spillAll();
  }

  private sendFinal(send: NonNullable<Http['finalSend']>): void {
    this.disarm();
    this.seal();
    const batches = this.sending === null ? [...this.queue] : [this.sending, ...this.queue];
    let ok: Set<string>;
    try {
      ok = send(batches.map((b) => ({ key: b.key, body: b.body })));
    } catch (error) {
      reportError(this, `${FN}(${this.url}): the last batches could not be handed over`, error);
      return;
    }
    for (const b of batches) {
      if (!ok.has(b.key)) continue;
      this.stats.sent += b.lines;
      this.forget(b);
      this.settle(b);
    }
    if (this.sending !== null && ok.has(this.sending.key)) this.sending = null;
    this.queue = this.queue.filter((b) => !ok.has(b.key));
    this.queuedLines = this.queue.reduce((n, b) => n + b.lines, 0);
  }

  private spillAll(): void {
    this.disarm();
    if (this.open.length !== 0) {
      this.seal();
      // seal() may have started sending it: it is spilled below with the batch in flight
    }
    if (this.sending !== null) {
      // Maybe received already: spilled under the same key, the receiver drops the resend.
      const batch = this.sending;
      this.sending = null;
      this.spill(batch, 'the process is ending');
    }
    for (const b of this.queue) this.spill(b, 'the process is ending');
    this.queue = [];
    this.queuedLines = 0;
  }

  /** Before the event loop empties: send what is left while the process can still wait. */
  beforeExit(): void {
    if (this.closed || this.down) return;
    this.catchUp();
    if (this.open.length !== 0) this.seal();
  }

  /** Own batches settled, then the spill files (an earlier process's too) resent while the receiver is up. */
  async flush(): Promise<void> {
    if (this.closed) return;
    this.catchUp();
    this.seal();
    if (this.unsettled.length !== 0) {
      if (this.down) {
        this.spillAll();
        return;
      }
      const done = this.waitFor(this.sealed);
      this.retryTimer?.ref?.(); // a retry pending: the process waits for it now
      await done;
    }
    await this.spillsResent();
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.spillAll();
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.end();
    this.wakeSpillWaiters();
  }
}

/**
 * mkdir -p one level at a time: Node 20's `mkdirSync(p, { recursive: true })` spins forever
 * where mkdir answers ENOENT under an existing parent (e.g. /proc).
 */
function makeDir(fs: any, dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} exists and is not a directory`);
    return;
  }
  const parent = dir.replace(/\/+[^/]+\/*$/, '');
  if (parent !== '' && parent !== dir) makeDir(fs, parent);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
}

/** RFC 9110 token characters: a header name fetch accepts. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Header values: no CR, LF or NUL (fetch refuses them on every request). */
const HEADER_VALUE = /^[^\r\n\0]*$/;

function checkUrl(text: unknown): URL {
  const expected = 'an absolute http:// or https:// URL';
  let url: URL;
  try {
    url = new URL(text as string);
  } catch {
    throw typeError(FN, 'options.url', expected, text);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw typeError(FN, 'options.url', expected, text);
  if (url.username !== '' || url.password !== '') {
    // Never echo the credentials: fetch refuses such URLs, and error messages would print them.
    throw new TypeError(
      `statetrail: ${FN}: options.url must not contain credentials (user:password@); send them in options.headers, e.g. authorization`,
    );
  }
  return url;
}

function checkHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw typeError(FN, 'options.headers', 'an object of header names to strings', headers);
  }
  for (const [k, v] of Object.entries(headers)) {
    const arg = `options.headers[${JSON.stringify(k)}]`;
    if (!HEADER_NAME.test(k))
      throw typeError(FN, 'options.headers', 'header names made of token characters', k);
    if (typeof v !== 'string' || !HEADER_VALUE.test(v))
      throw typeError(FN, arg, 'a string without CR, LF or NUL', v);
    out[k.toLowerCase()] = v;
  }
  return out;
}

/** spillDir/<hash of the URL>: created 0700 if missing, checked writable. */
function spillFolder(dir: unknown, url: string): string {
  if (typeof dir !== 'string' || dir === '') throw typeError(FN, 'options.spillDir', 'a directory path', dir);
  const fs = nodeBuiltin('node:fs');
  const hash = nodeBuiltin('node:crypto').createHash('sha256').update(url).digest('hex').slice(0, 16);
  const folder = `${dir.replace(/\/+$/, '') || ''}/${hash}`;
  try {
    makeDir(fs, dir);
    makeDir(fs, folder);
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (error) {
    throw new Error(
      `statetrail: ${FN}: options.spillDir ${JSON.stringify(dir)} is not a writable directory: ${(error as Error)?.message ?? error}`,
      { cause: error },
    );
  }
  return folder;
}

/** An exporter POSTing batches of JSON lines to `options.url`; attach it with subscribe(). */
export function httpExporter(options: HttpOptions): HttpExporter {
  return createHttp(options);
}

/** httpExporter() with the methods the collector client uses (session.ts). */
export function createHttp(options: HttpOptions): Http {
  if (typeof options !== 'object' || options === null) {
    throw typeError(FN, 'options', 'an options object like { url }', options);
  }
  expectPlainOptions(FN, 'options', options, OPTION_KEYS);
  const o = options;
  const url = checkUrl(o.url);
  const headers = checkHeaders(o.headers);
  if (o.batchSize !== undefined) expectCount(FN, 'options.batchSize', o.batchSize, 1);
  if (o.batchBytes !== undefined) expectCount(FN, 'options.batchBytes', o.batchBytes, 1);
  checkLineOptions(FN, o);
  if (o.gzip !== undefined && typeof o.gzip !== 'boolean')
    throw typeError(FN, 'options.gzip', 'a boolean', o.gzip);
  if (o.timeoutMs !== undefined) expectRange(FN, 'options.timeoutMs', o.timeoutMs, 1, MAX_DELAY_MS);
  if (o.maxQueue !== undefined) expectCount(FN, 'options.maxQueue', o.maxQueue, 0);
  if (o.session !== undefined && (typeof o.session !== 'string' || o.session === '')) {
    throw typeError(FN, 'options.session', 'a session id string', o.session);
  }
  const retry = { retries: 5, minDelayMs: 100, maxDelayMs: 30_000 };
  if (o.retry !== undefined) {
    if (typeof o.retry !== 'object' || o.retry === null) {
      throw typeError(FN, 'options.retry', 'an object like { retries, minDelayMs, maxDelayMs }', o.retry);
    }
    expectPlainOptions(FN, 'options.retry', o.retry, ['retries', 'minDelayMs', 'maxDelayMs']);
    if (o.retry.retries !== undefined) expectRange(FN, 'options.retry.retries', o.retry.retries, 0, 1000);
    for (const k of ['minDelayMs', 'maxDelayMs'] as const) {
      if (o.retry[k] !== undefined) expectRange(FN, `options.retry.${k}`, o.retry[k], 0, MAX_DELAY_MS);
    }
    Object.assign(retry, o.retry);
  }
  const spillDir = o.spillDir === undefined ? null : spillFolder(o.spillDir, url.href);
  return new Http(
    url.href,
    headers,
    o.batchSize ?? 2000,
    o.batchBytes ?? 4 * 1024 * 1024,
    o.flushIntervalMs ?? 1000,
    o.gzip ?? false,
    o.timeoutMs ?? 10_000,
    retry,
    o.maxQueue ?? 10_000,
    spillDir,
    o.stamp ?? null,
    o.session ?? null,
  );
}
