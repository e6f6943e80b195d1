/**
 * statetrail — records every change to a program's state.
 *
 * Map of src/ (each folder one role; nothing here imports decorators/ or transformer/):
 * - tracking/  Nodes, paths and the hot path (record.ts); Proxies for objects, arrays, Maps, Sets
 * - history/   the columnar change log, the global history, queries, revert, the cheap clock
 * - context/   actor, context values and transactions on AsyncLocalStorage
 * - observers/ observe / subscribe, filters, ChangeCollector, changeStream
 * - crumbs/    breadcrumbs, crash dumps, text and JSON formats
 * - serialize/ the never-throwing serializer, redaction, snapshots
 * - causal/    happens-before of async events, race detection, locks (off until asked for)
 * - middleware/ request context and W3C trace context per framework (own entry points)
 * - runtime.ts what instrumented code imports (statetrail/runtime)
 */
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
export { describeChange, exportJson, formatJson, formatText } from './crumbs/format';
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
  type ConsoleObserverOptions,
  consoleObserver,
  type LoggerObserver,
  type PinoObserverOptions,
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
export { changesOf, changesSince, history, lastChange } from './history/queries';
export { revert } from './history/revert';
export type { Site } from './history/sites';
export { type PropagateOptions, propagateTrace } from './middleware/propagate';
export {
  type MiddlewareOptions,
  type RequestInfo,
  type RequestScope,
  requestScopes,
} from './middleware/request';
export { ChangeCollector, type CollectorOptions } from './observers/collector';
export { type ChangeObserver, type Observer, observe, subscribe } from './observers/dispatch';
export type { ChangeFilter, Mark } from './observers/filter';
export { type ChangeStream, changeStream } from './observers/stream';
export { SCHEMA, safeStringify, serializeChange, toSerializable } from './serialize/json';
export type { RedactOptions } from './serialize/redact';
export { isTracked, rawOf, track } from './tracking/track';
