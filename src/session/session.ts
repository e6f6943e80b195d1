/**
 * startSession(): the collector client. One process run = one session, reported to a
 * `statetrail collect` service (docs/collector.md) as NDJSON lines over the batching
 * httpExporter: the `session` line first, then `state` patches, `event`s, `metric`s,
 * `heartbeat`s, every change and crumb (`crumb()` events) recorded in the process, and an `end` line.
 *
 * How a run ends is reported too: a normal end sends `end` before the event loop empties;
 * process.exit() and signals send it from the exit hooks; an uncaught exception or unhandled
 * rejection sends a crashed `end` with the error, its stack and the crumbs before it (observed
 * through 'uncaughtExceptionMonitor': Node's output and exit code stay as they are). At exit only
 * synchronous work is allowed, so the last batches go out from the watchdog thread while the main
 * thread waits for it (at most `exitWaitMs`); what it could not deliver is spilled (`spillDir`)
 * for the next run. A SIGKILL or an OOM cannot be reported: the collector marks the session lost
 * once heartbeats stop. The watchdog (watchdog.ts) reports `hung` while the main thread is
 * blocked for `hangMs` or more, and `recovered` when it turns again.
 */
import { type Crumb, crumbSinks, crumbs } from '../crumbs/crumbs';
import { expectPlainOptions, typeError } from '../errors';
import { atExit, type ExitReason } from '../export/exit';
import { createHttp, type Http } from '../export/http';
import { expectRange, MAX_DELAY_MS } from '../export/line';
import { nodeBuiltin, optionalBuiltin } from '../platform';
import { toSerializable } from '../serialize/json';
import { subscribe } from '../tracking/dispatch';
import { startWatchdog, type Watchdog } from './watchdog';

export interface SessionOptions {
  /** The product reporting, e.g. 'shop'. */
  product: string;
  version?: string;
  /** The collector's base URL, e.g. 'http://127.0.0.1:7340'. */
  collector: string;
  /** A token with scope `ingest` (sent as `Authorization: Bearer`). */
  token?: string;
  /** String tags of the session, e.g. { region: 'eu' }. */
  tags?: Record<string, string>;
  /** Heartbeat interval; default 10,000 ms. */
  heartbeatMs?: number;
  /** The main thread blocked this long is reported as `hung`; default 5,000 ms. */
  hangMs?: number;
  /** Where batches that could not be delivered wait for the next run (httpExporter's spillDir). */
  spillDir?: string;
  /** How long the process may wait at exit for the last batches; default 3,000 ms. */
  exitWaitMs?: number;
}

export type MetricType = 'gauge' | 'counter' | 'histogram' | 'timer';

export interface MetricOptions {
  /** Default 'gauge'; a counter's value is a delta, summed by the collector. */
  type?: MetricType;
  unit?: string;
  tags?: Record<string, string>;
}

export interface Session {
  /** The session id (a UUID made here, so a session recorded while the collector is down arrives later). */
  readonly id: string;
  /** Deep-merges `patch` into the session's state: null deletes a key, objects merge, the rest replaces. */
  state(patch: Record<string, unknown>): void;
  event(name: string, data?: unknown): void;
  metric(name: string, value: number, options?: MetricOptions): void;
  /** An error event with the error's name, message and stack. */
  error(error: unknown): void;
  /** Reports the end, sends everything and stops; resolves once delivered or spilled. */
  end(): Promise<void>;
}

const FN = 'startSession';
const OPTION_KEYS = [
  'product',
  'version',
  'collector',
  'token',
  'tags',
  'heartbeatMs',
  'hangMs',
  'spillDir',
  'exitWaitMs',
];
const METRIC_TYPES: readonly MetricType[] = ['gauge', 'counter', 'histogram', 'timer'];

function checkTags(fn: string, arg: string, tags: unknown): void {
  if (tags === undefined) return;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    throw typeError(fn, arg, 'an object of string values', tags);
  }
  for (const [k, v] of Object.entries(tags)) {
    if (typeof v !== 'string') throw typeError(fn, `${arg}[${JSON.stringify(k)}]`, 'a string', v);
  }
}

function expectName(fn: string, arg: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') throw typeError(fn, arg, 'a non-empty string', value);
}

/** A stable, anonymous machine id: a hash of /etc/machine-id (or of the host name). */
function machineId(): string {
  const fs = nodeBuiltin('node:fs');
  let source = optionalBuiltin('node:os')?.hostname?.() ?? '';
  try {
    source = fs.readFileSync('/etc/machine-id', 'utf8').trim() || source;
  } catch {
    // not Linux, or not readable: the host name will do
  }
  return nodeBuiltin('node:crypto').createHash('sha256').update(source).digest('hex').slice(0, 32);
}

function errorFields(error: unknown): { name?: string; message?: string; stack?: string } {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  }
  let message: string;
  try {
    message = String(error);
  } catch {
    message = '(an error that cannot be printed)';
  }
  return { message };
}

class Client implements Session {
  readonly id: string = nodeBuiltin('node:crypto').randomUUID();
  private ended = false;
  private closing: Promise<void> | null = null;
  private readonly http: Http;
  private readonly watchdog: Watchdog | null;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly stopHooks: () => void;
  private readonly unsubscribe: () => void;
  /** Event crumbs made before the session (by identity: a clock reading can tie with the start). */
  private readonly earlier = new Set(crumbs().filter((c) => c.kind === 'event'));
  private readonly forward = (c: Crumb): void => {
    this.record('crumb', { time: c.time, event: c.event, ...(c.data === undefined ? {} : { data: c.data }) });
  };
  private readonly onCrash = (error: unknown, origin: string): void => {
    if (this.ended) return;
    this.record('event', { name: origin, level: 'fatal', ...messageOf(error), error: errorFields(error) });
    // The crumbs since the start flowed already; the ones from before it go with the crash.
    for (const c of crumbs()) if (this.earlier.has(c)) this.forward(c);
    this.finish({ status: 'crashed', exitCode: 1, error: errorFields(error) });
  };

  constructor(o: SessionOptions) {
    // Registered before the exporter: at exit the `end` line is recorded before it drains.
    this.stopHooks = atExit(this);
    const url = `${o.collector.replace(/\/+$/, '')}/v1/ingest`;
    const headers: Record<string, string> =
      o.token === undefined ? {} : { authorization: `Bearer ${o.token}` };
    this.http = createHttp({
      url,
      headers,
      session: this.id,
      ...(o.spillDir === undefined ? {} : { spillDir: o.spillDir }),
    });
    this.watchdog = startWatchdog(this.http.url, headers, this.id, o.hangMs ?? 5000);
    const wait = o.exitWaitMs ?? 3000;
    if (this.watchdog !== null) {
      const dog = this.watchdog;
      this.http.finalSend = (batches) => dog.sendSync(batches, wait);
    }
    const proc = globalThis.process;
    const os = optionalBuiltin('node:os');
    this.record('session', {
      product: o.product,
      ...(o.version === undefined ? {} : { version: o.version }),
      host: os?.hostname?.() ?? 'unknown',
      machineId: machineId(),
      pid: proc?.pid,
      runtime: `node ${proc?.version ?? ''}`.trim(),
      tags: o.tags ?? {},
      heartbeatMs: o.heartbeatMs ?? 10_000,
      time: Date.now(),
    });
    this.unsubscribe = subscribe(this.http);
    crumbSinks.add(this.forward);
    proc?.on?.('uncaughtExceptionMonitor', this.onCrash);
    this.heartbeat = setInterval(
      () => this.record('heartbeat', { time: Date.now() }),
      o.heartbeatMs ?? 10_000,
    );
    this.heartbeat.unref?.();
  }

  private record(kind: string, fields: Record<string, unknown>): void {
    this.http.record({ kind, time: Date.now(), ...fields });
  }

  private live(fn: string): boolean {
    if (!this.ended) return true;
    throw new Error(`statetrail: session.${fn}: the session ${this.id} has ended`);
  }

  state(patch: Record<string, unknown>): void {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw typeError('session.state', 'patch', 'an object (a deep-merge patch)', patch);
    }
    if (this.live('state')) this.record('state', { patch: toSerializable(patch) });
  }

  event(name: string, data?: unknown): void {
    expectName('session.event', 'name', name);
    if (this.live('event')) {
      this.record('event', {
        name,
        level: 'info',
        ...(data === undefined ? {} : { data: toSerializable(data) }),
      });
    }
  }

  metric(name: string, value: number, options: MetricOptions = {}): void {
    const fn = 'session.metric';
    expectName(fn, 'name', name);
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw typeError(fn, 'value', 'a finite number', value);
    expectPlainOptions(fn, 'options', options, ['type', 'unit', 'tags']);
    const type = options.type ?? 'gauge';
    if (!METRIC_TYPES.includes(type))
      throw typeError(fn, 'options.type', `one of ${METRIC_TYPES.join(', ')}`, type);
    if (options.unit !== undefined && typeof options.unit !== 'string') {
      throw typeError(fn, 'options.unit', 'a string', options.unit);
    }
    checkTags(fn, 'options.tags', options.tags);
    if (this.live('metric')) {
      this.record('metric', {
        name,
        type,
        value,
        ...(options.unit === undefined ? {} : { unit: options.unit }),
        ...(options.tags === undefined ? {} : { tags: options.tags }),
      });
    }
  }

  error(error: unknown): void {
    if (!this.live('error')) return;
    const fields = errorFields(error);
    this.record('event', {
      name: fields.name ?? 'error',
      level: 'error',
      ...messageOf(error),
      error: fields,
    });
  }

  /** Records the `end` line once and stops reporting. */
  private finish(fields: Record<string, unknown>): void {
    if (this.ended) return;
    this.record('end', fields);
    this.ended = true;
    clearInterval(this.heartbeat);
    crumbSinks.delete(this.forward);
    globalThis.process?.off?.('uncaughtExceptionMonitor', this.onCrash);
  }

  end(): Promise<void> {
    this.closing ??= this.close();
    return this.closing;
  }

  private async close(): Promise<void> {
    this.finish({ status: 'ended' });
    this.unsubscribe();
    this.stopHooks();
    await this.http.shutdown();
    this.watchdog?.stop();
  }

  /** exit.ts, before the event loop empties on a normal end: `end` goes out with the rest. */
  beforeExit(): void {
    this.finish({ status: 'ended', exitCode: globalThis.process?.exitCode ?? 0 });
  }

  /** exit.ts: process.exit() or a signal that ends the process; crashes are onCrash's. */
  drainSync(reason: ExitReason): void {
    if (reason === 'uncaughtException') return;
    if (reason === 'exit') {
      this.finish({ status: 'ended', exitCode: Number(globalThis.process?.exitCode ?? 0) });
      return;
    }
    // A signal: the process dies of it only when statetrail's listener is the only one.
    if ((globalThis.process?.listenerCount?.(reason) ?? 0) <= 1)
      this.finish({ status: 'ended', signal: reason });
  }
}

function messageOf(error: unknown): { message?: string } {
  const { message } = errorFields(error);
  return message === undefined ? {} : { message };
}

/** Starts reporting this process to a collector; see SessionOptions. */
export function startSession(options: SessionOptions): Session {
  if (typeof options !== 'object' || options === null) {
    throw typeError(FN, 'options', 'an options object like { product, collector }', options);
  }
  expectPlainOptions(FN, 'options', options, OPTION_KEYS);
  const o = options;
  expectName(FN, 'options.product', o.product);
  if (o.version !== undefined && typeof o.version !== 'string') {
    throw typeError(FN, 'options.version', 'a string', o.version);
  }
  if (typeof o.collector !== 'string' || !/^https?:\/\//.test(o.collector)) {
    throw typeError(FN, 'options.collector', 'the collector URL, like http://127.0.0.1:7340', o.collector);
  }
  if (o.token !== undefined && (typeof o.token !== 'string' || o.token === '')) {
    throw typeError(FN, 'options.token', 'a token string', o.token);
  }
  checkTags(FN, 'options.tags', o.tags);
  for (const k of ['heartbeatMs', 'hangMs', 'exitWaitMs'] as const) {
    if (o[k] !== undefined) expectRange(FN, `options.${k}`, o[k], 10, MAX_DELAY_MS);
  }
  return new Client(o);
}
