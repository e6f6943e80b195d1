/**
 * statetrail — records every change to a program's state.
 *
 * Map of src/, one layer per entry, bottom first: a file imports only from its own entry and the
 * entries listed before it (test/core/layers.test.ts reads this list and checks every import).
 * Nothing in src/ imports decorators/ or transformer/.
 * - runtime-contract.ts  the names and types instrumented code calls (no imports; the transformer reads it)
 * - errors.ts   the error wording every public function uses for bad arguments
 * - platform.ts Node built-ins looked up at run time (no static node: import anywhere in src/)
 * - bytes.ts    UTF-8 sizes, as every `…Bytes` option measures them
 * - redact.ts   redaction options compiled once, applied at record time and by the serializer
 * - config.ts   global settings (configure) and the per-object options of track() and @tracked
 * - context/    actor, context values and transactions on AsyncLocalStorage
 * - history/    the columnar change log, the global history, the Change record, filters, the cheap clock
 * - tracking/   nodes and paths, the hot path (record.ts), delivery to observers (dispatch.ts),
 *               Change objects read from the log; the tracked types: Proxies for objects, arrays,
 *               Maps and Sets, @tracked instances, instrumented variables
 * - serialize/  the never-throwing serializer and the serialised form of a Change
 * - api/        the public functions over the history: changesOf, lastChange, history, revert
 * - runtime.ts  what instrumented code imports (statetrail/runtime)
 * - crumbs/     breadcrumbs, crash dumps, text and JSON formats
 * - observers/  ChangeCollector, changeStream
 * - export/     exporters (JSON Lines, HTTP, OpenTelemetry, loggers) and the `show` viewer
 * - causal/     happens-before of async events, race detection, locks (off until asked for)
 * - middleware/ request context and W3C trace context per framework (own entry points)
 * - (new folders such as session/ sit here, above the others)
 * - index.ts    this file: the public API of `statetrail`
 */

export { changesOf, changesSince, history, lastChange } from './api/queries';
export { revert } from './api/revert';
export { contention, type LockStats, type Mutex, mutex, resetContention, withLock } from './causal/locks';
export {
  clearRaces,
  type DetectOptions,
  detectRaces,
  expectNoRaces,
  formatRaces,
  onRace,
  raceMatchers,
  races,
} from './causal/races';
export { type Access, encodeRace, type Race, type RaceKind } from './causal/report';
export { type ConfigureOptions, configure, type TrackOptions } from './config';
export {
  currentActor,
  currentContext,
  currentTrace,
  type Frame,
  setActor,
  type Trace,
  type Transaction,
  transaction,
  withActor,
  withContext,
} from './context/scope';
export { type CrashHandlerOptions, type CrashTarget, installCrashHandler } from './crumbs/crash';
export { type Crumb, type CrumbOptions, clearCrumbs, configureCrumbs, crumb, crumbs } from './crumbs/crumbs';
export { describeChange, exportJson, formatJson, formatText, writeCrumbsJson } from './crumbs/format';
export { encodeChange, encodeCrumb, type Stamp } from './export/encode';
export {
  type HttpExporter,
  type HttpOptions,
  type HttpStats,
  httpExporter,
  type RetryOptions,
} from './export/http';
export {
  type JsonlExporter,
  type JsonlOptions,
  type JsonlStats,
  jsonlExporter,
  type RotateOptions,
} from './export/jsonl';
export { loadObservers, type ObserverConfig } from './export/load';
export {
  type ConsoleExporterOptions,
  type ConsoleObserverOptions,
  consoleExporter,
  consoleObserver,
  type LoggerExporter,
  type LoggerObserver,
  type PinoExporterOptions,
  type PinoObserverOptions,
  pinoExporter,
  pinoObserver,
} from './export/loggers';
export {
  type OtelApi,
  type OtelExporter,
  type OtelLogsApi,
  type OtelOptions,
  otelExporter,
  otelStamp,
} from './export/otel';
export type { Change, Op } from './history/change';
export type { ChangeFilter, Mark } from './history/filter';
export type { Site } from './history/sites';
export { type PropagateOptions, propagateTrace } from './middleware/propagate';
export {
  type MiddlewareOptions,
  type RequestInfo,
  type RequestScope,
  requestScopes,
} from './middleware/request';
export { ChangeCollector, type CollectorOptions } from './observers/collector';
export { type ChangeStream, changeStream } from './observers/stream';
export type { RedactOptions } from './redact';
export { SCHEMA, safeStringify, serializeChange, toSerializable } from './serialize/json';
export { printable } from './serialize/printable';
export {
  type MetricOptions,
  type MetricType,
  type Session,
  type SessionOptions,
  startSession,
} from './session/session';
export { type ChangeObserver, type Observer, observe, subscribe } from './tracking/dispatch';
export { isTracked, rawOf, toPlain, track } from './tracking/track';
