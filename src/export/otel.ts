/**
 * OpenTelemetry: every change as a log record through `@opentelemetry/api-logs`, optionally as
 * an event on the active span, stamped with the active trace and span ids.
 *
 * The OpenTelemetry packages are optional peers: nothing here imports them statically, so the
 * core loads without them. They are required when `otelExporter()` or `otelStamp()` is called
 * (or passed in as `api` / `logsApi`); a missing package is a clear error at that moment.
 * Providers are global in OpenTelemetry (a symbol on globalThis), so the copy loaded here sees
 * the providers your SDK set up.
 *
 * The work happens in the observer, which the core calls synchronously inside the tracked write:
 * `context.active()` there is the caller's context, and the core's hot path is untouched.
 */
import { expectPlainOptions, readArg, typeError } from '../errors';
import type { Change } from '../history/change';
import { optionalBuiltin } from '../platform';
import { serializeChange } from '../serialize/json';
import { reportError } from './report';

/** The parts of `@opentelemetry/api` used here. */
export interface OtelApi {
  context: { active(): unknown };
  trace: { getSpan(context: any): OtelSpan | undefined };
}

interface OtelSpan {
  spanContext(): { traceId: string; spanId: string; traceFlags: number };
  isRecording(): boolean;
  addEvent(name: string, attributes?: Record<string, unknown>, time?: number): unknown;
}

/** The parts of `@opentelemetry/api-logs` used here. */
export interface OtelLogsApi {
  logs: { getLogger(name: string, version?: string): { emit(record: Record<string, unknown>): void } };
}

export interface OtelOptions {
  /** Instrumentation scope name of the logger; default "statetrail". */
  loggerName?: string;
  /** Also add each change as an event `statetrail.change` to the active, recording span. */
  spanEvents?: boolean;
  /** Severity of the log records; default INFO (9). */
  severityNumber?: number;
  severityText?: string;
  /** `@opentelemetry/api`, when it cannot be loaded from here (bundles, several copies). */
  api?: OtelApi;
  /** `@opentelemetry/api-logs`, likewise. */
  logsApi?: OtelLogsApi;
}

export interface OtelExporter {
  onChange(change: Change): void;
  readonly stats: Readonly<{ emitted: number; spanEvents: number; failed: number }>;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const FN = 'otelExporter';
const INVALID_TRACE = '00000000000000000000000000000000';

function load(fn: string, id: string): any {
  const proc = (globalThis as { process?: { cwd?: () => string } }).process;
  const module = optionalBuiltin('node:module');
  const errors: unknown[] = [];
  // From this file first, then from the program's own folder (a bundled statetrail).
  const bases = [import.meta.url, `${proc?.cwd?.() ?? '.'}/`].filter(
    (b) => typeof b === 'string' && b !== '',
  );
  for (const base of bases) {
    try {
      return module.createRequire(base)(id);
    } catch (error) {
      errors.push(error);
    }
  }
  throw new Error(
    `statetrail: ${fn}: ${id} could not be loaded; install it (npm i ${id}) or pass it in the options`,
    { cause: errors[0] },
  );
}

/** The active span's ids, or undefined outside a (valid) span. */
function isOtelApi(api: unknown): boolean {
  const a = api as OtelApi;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.context?.active === 'function' &&
    typeof a.trace?.getSpan === 'function'
  );
}

function activeIds(api: OtelApi): { traceId: string; spanId: string; span: OtelSpan } | undefined {
  const span = api.trace.getSpan(api.context.active());
  if (span === undefined) return undefined;
  const { traceId, spanId } = span.spanContext();
  if (traceId === INVALID_TRACE) return undefined;
  return { traceId, spanId, span };
}

/**
 * A `stamp` for jsonlExporter / httpExporter: adds `trace: { traceId, spanId }` of the active
 * OpenTelemetry span to each exported change made inside one.
 */
export function otelStamp(api?: OtelApi): () => { trace: { traceId: string; spanId: string } } | undefined {
  if (api !== undefined && !readArg('otelStamp', 'api', () => isOtelApi(api)))
    throw typeError('otelStamp', 'api', 'the @opentelemetry/api module (or nothing)', api);
  const otel = api ?? (load('otelStamp', '@opentelemetry/api') as OtelApi);
  return () => {
    const ids = activeIds(otel);
    return ids === undefined ? undefined : { trace: { traceId: ids.traceId, spanId: ids.spanId } };
  };
}

/** An observer emitting each change as an OpenTelemetry log record; attach it with subscribe(). */
export function otelExporter(options: OtelOptions = {}): OtelExporter {
  expectPlainOptions(FN, 'options', options, [
    'loggerName',
    'spanEvents',
    'severityNumber',
    'severityText',
    'api',
    'logsApi',
  ]);
  const o = options;
  if (o.loggerName !== undefined && (typeof o.loggerName !== 'string' || o.loggerName === '')) {
    throw typeError(FN, 'options.loggerName', 'a non-empty string', o.loggerName);
  }
  if (o.spanEvents !== undefined && typeof o.spanEvents !== 'boolean') {
    throw typeError(FN, 'options.spanEvents', 'a boolean', o.spanEvents);
  }
  if (o.severityNumber !== undefined && (!Number.isInteger(o.severityNumber) || o.severityNumber < 0)) {
    throw typeError(FN, 'options.severityNumber', 'an OpenTelemetry SeverityNumber (1-24)', o.severityNumber);
  }
  const api = o.api ?? (load(FN, '@opentelemetry/api') as OtelApi);
  const logsApi = o.logsApi ?? (load(FN, '@opentelemetry/api-logs') as OtelLogsApi);
  if (typeof api?.context?.active !== 'function' || typeof api?.trace?.getSpan !== 'function') {
    throw typeError(FN, 'options.api', 'the @opentelemetry/api module', api);
  }
  if (typeof logsApi?.logs?.getLogger !== 'function') {
    throw typeError(FN, 'options.logsApi', 'the @opentelemetry/api-logs module', logsApi);
  }
  const logger = logsApi.logs.getLogger(o.loggerName ?? 'statetrail');
  const spanEvents = o.spanEvents ?? false;
  const severityNumber = o.severityNumber ?? 9;
  const severityText = o.severityText ?? 'INFO';
  const stats = { emitted: 0, spanEvents: 0, failed: 0 };
  const exporter: OtelExporter = {
    stats,
    onChange(change) {
      try {
        const ctx = api.context.active();
        const ids = activeIds(api);
        const body = serializeChange(change);
        if (ids !== undefined) body.trace = { traceId: ids.traceId, spanId: ids.spanId };
        const attributes: Record<string, unknown> = {
          'statetrail.seq': change.seq,
          'statetrail.label': change.label,
          'statetrail.path': JSON.stringify(body.path),
          'statetrail.op': change.op,
        };
        if (change.actor !== undefined) attributes['statetrail.actor'] = change.actor;
        if (change.tx !== undefined) attributes['statetrail.tx'] = `${change.tx.name}#${change.tx.id}`;
        if (change.site !== undefined)
          attributes['code.filepath'] = `${change.site.file}:${change.site.line}:${change.site.column}`;
        logger.emit({
          eventName: 'statetrail.change',
          timestamp: change.time,
          severityNumber,
          severityText,
          body,
          attributes,
          context: ctx,
        });
        stats.emitted++;
        if (spanEvents && ids?.span.isRecording()) {
          ids.span.addEvent(
            'statetrail.change',
            { ...attributes, 'statetrail.change': JSON.stringify(body) },
            change.time,
          );
          stats.spanEvents++;
        }
      } catch (error) {
        stats.failed++;
        reportError(exporter, `${FN}: a change could not be emitted`, error);
      }
    },
    // The SDK's LoggerProvider owns buffering: flush it with provider.forceFlush().
    flush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  return exporter;
}
