import { expectBoolean, expectCount, expectFunction, expectPlainOptions, typeError } from './errors';
import { compileRedactor, type RedactOptions, type Redactor } from './redact';

/**
 * A bounded history is preallocated (about 61 bytes per entry): 10 million entries are ~610 MB, and a
 * larger limit would abort the process with an out-of-memory error instead of a clear message.
 */
export const MAX_HISTORY_LIMIT = 10_000_000;

/** Options that `track()` and `@tracked` accept per object; `configure()` sets the defaults. */
export interface TrackOptions {
  /** Label of the object in change records; default `Kind#n` (e.g. "Object#3"). */
  label?: string;
  /** Keep a history of this object of its own, beyond the global one (Infinity: unbounded). */
  historyLimit?: number;
  captureStack?: boolean;
  captureSnapshots?: boolean;
  redact?: RedactOptions;
  /** This object's values above this many UTF-8 bytes of JSON are truncated at export. */
  maxValueBytes?: number;
  /** Track nested objects, arrays, Maps and Sets (default true). */
  deep?: boolean;
}

export type ObserverErrorHandler = (error: unknown, context: { observer: unknown; change?: unknown }) => void;

export interface ConfigureOptions {
  /** Size of the global history; default 10,000 changes. */
  historyLimit?: number;
  captureStack?: boolean;
  captureSnapshots?: boolean;
  redact?: RedactOptions;
  /** Values above this many UTF-8 bytes of JSON are truncated at export; default 16,384. */
  maxValueBytes?: number;
  onObserverError?: ObserverErrorHandler;
  /** Race detection (src/causal/): records reads and async order; off by default. */
  races?: boolean;
}

export const DEFAULT_HISTORY_LIMIT = 10_000;
export const DEFAULT_MAX_VALUE_BYTES = 16_384;

/** Global settings. */
export const config = {
  historyLimit: DEFAULT_HISTORY_LIMIT,
  captureStack: false,
  captureSnapshots: false,
  redactor: null as Redactor | null,
  maxValueBytes: DEFAULT_MAX_VALUE_BYTES,
  onObserverError: undefined as ObserverErrorHandler | undefined,
  races: false,
};

const CONFIGURE_KEYS = [
  'historyLimit',
  'captureStack',
  'captureSnapshots',
  'redact',
  'maxValueBytes',
  'onObserverError',
  'races',
] as const;

const listeners: Array<() => void> = [];

/** Lets the history and the tracking caches follow new settings without config importing them. */
export function onConfigure(listener: () => void): void {
  listeners.push(listener);
}

export function configure(options: ConfigureOptions): void {
  if (options === undefined) throw typeError('configure', 'options', 'an options object', options);
  expectPlainOptions('configure', 'options', options, CONFIGURE_KEYS);
  const o = options;
  if (o.historyLimit !== undefined)
    expectCount('configure', 'historyLimit', o.historyLimit, 1, false, MAX_HISTORY_LIMIT);
  if (o.captureStack !== undefined) expectBoolean('configure', 'captureStack', o.captureStack);
  if (o.captureSnapshots !== undefined) expectBoolean('configure', 'captureSnapshots', o.captureSnapshots);
  if (o.maxValueBytes !== undefined) expectCount('configure', 'maxValueBytes', o.maxValueBytes, 16);
  if (o.onObserverError !== undefined) expectFunction('configure', 'onObserverError', o.onObserverError);
  if (o.races !== undefined) expectBoolean('configure', 'races', o.races);
  const redactor = 'redact' in o ? compileRedactor('configure', o.redact) : config.redactor;
  // Validated as a whole first, so a bad option changes nothing.
  if (o.captureStack !== undefined) config.captureStack = o.captureStack;
  if (o.captureSnapshots !== undefined) config.captureSnapshots = o.captureSnapshots;
  if (o.maxValueBytes !== undefined) config.maxValueBytes = o.maxValueBytes;
  if (o.onObserverError !== undefined) config.onObserverError = o.onObserverError;
  if (o.historyLimit !== undefined) config.historyLimit = o.historyLimit;
  if (o.races !== undefined) config.races = o.races;
  config.redactor = redactor;
  for (const l of listeners) l();
}

export const TRACK_OPTION_KEYS = [
  'label',
  'historyLimit',
  'captureStack',
  'captureSnapshots',
  'redact',
  'maxValueBytes',
  'deep',
] as const;

/** Validates per-object options once, when an object or class starts being tracked. */
export function validateTrackOptions(fn: string, options: TrackOptions | undefined): void {
  expectPlainOptions(fn, 'options', options, TRACK_OPTION_KEYS);
  if (options === undefined) return;
  const o = options;
  if (o.label !== undefined && (typeof o.label !== 'string' || o.label === '')) {
    throw typeError(fn, 'options.label', 'a non-empty string', o.label);
  }
  if (o.historyLimit !== undefined)
    expectCount(fn, 'options.historyLimit', o.historyLimit, 1, true, MAX_HISTORY_LIMIT);
  if (o.captureStack !== undefined) expectBoolean(fn, 'options.captureStack', o.captureStack);
  if (o.captureSnapshots !== undefined) expectBoolean(fn, 'options.captureSnapshots', o.captureSnapshots);
  if (o.maxValueBytes !== undefined) expectCount(fn, 'options.maxValueBytes', o.maxValueBytes, 16);
  if (o.deep !== undefined) expectBoolean(fn, 'options.deep', o.deep);
  compileRedactor(fn, o.redact);
}
