/**
 * The safe serializer: turns any value into JSON-compatible data and never throws — cycles,
 * BigInt, Map, Set, Date, Error, symbols, functions, class instances, throwing getters, revoked
 * proxies. Values whose JSON exceeds `maxBytes` (UTF-8 bytes) are truncated with a marker.
 */

import { fitsBytes, limitText, utf8Length, utf8Prefix } from '../bytes';
import { config } from '../config';
import { readArg, typeError } from '../errors';
import type { Change } from '../history/change';
import type { Site } from '../history/sites';
import { isRedactedKey, REDACTED, type Redactor, redactString } from '../redact';
import { locate, nodeOf } from '../tracking/node';
import { isMarker } from '../tracking/snapshot';

export interface SerializeOptions {
  /** Longest JSON text of a value in UTF-8 bytes; default: the target's `maxValueBytes`, else configure()'s. */
  maxBytes?: number;
  redactor?: Redactor | null;
  /** Write a tracked root (track() or @tracked) found at the top as `{ $ref: label }` too. */
  refs?: boolean;
}

/** Bumped when the serialised form changes incompatibly; readers check it. */
export const SCHEMA = 1;

function convert(value: unknown, redactor: Redactor | null, seen: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return redactString(redactor, value); // patterns reach strings at any depth
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : { $number: String(value) };
    case 'bigint':
      return { $bigint: value.toString() };
    case 'undefined':
      return { $undefined: true };
    case 'symbol':
      return { $symbol: value.description ?? '' };
    case 'function':
      return { $function: value.name || '(anonymous)' };
  }
  if (value === null) return null;
  const obj = value as object;
  const node = nodeOf(obj);
  if (node?.root && node.label !== '' && depth > 0) return { $ref: node.label };
  if (seen.has(obj)) return { $circular: true };
  if (depth > 64) return { $depth: true };
  seen.add(obj);
  try {
    if (obj instanceof Date)
      return Number.isNaN(obj.getTime()) ? { $date: 'Invalid Date' } : { $date: obj.toISOString() };
    if (obj instanceof Error) {
      return {
        $error: obj.name,
        message: redactString(redactor, String(obj.message)),
        stack: redactString(redactor, String(obj.stack ?? '')),
      };
    }
    if (obj instanceof RegExp) return { $regexp: String(obj) };
    if (Array.isArray(obj)) return obj.map((v) => convert(v, redactor, seen, depth + 1));
    if (obj instanceof Map) {
      return {
        $map: [...obj].map(([k, v]) => [
          convert(k, redactor, seen, depth + 1),
          redactor && isRedactedKey(redactor, k) ? REDACTED : convert(v, redactor, seen, depth + 1),
        ]),
      };
    }
    if (obj instanceof Set) return { $set: [...obj].map((v) => convert(v, redactor, seen, depth + 1)) };
    if (ArrayBuffer.isView(obj)) return { $bytes: obj.byteLength };
    if (isMarker(obj)) {
      // a copy's own marker, written as it is; a truncated value's preview still goes through redaction
      if (!('preview' in obj)) return { ...obj };
      const { preview, ...head } = obj as { $truncated: number; atLeast?: true; preview: string };
      return { ...head, preview: redactString(redactor, preview) };
    }
    const out: Record<string, unknown> = {};
    const proto = Object.getPrototypeOf(obj);
    if (proto !== null && proto !== Object.prototype) out.$class = proto.constructor?.name ?? '(anonymous)';
    for (const key of Object.keys(obj)) {
      let data: unknown;
      if (redactor && isRedactedKey(redactor, key)) data = REDACTED;
      else {
        try {
          data = convert((obj as Record<string, unknown>)[key], redactor, seen, depth + 1);
        } catch (error) {
          data = { $thrown: String((error as Error)?.message ?? error) };
        }
      }
      ownKey(out, escapeKey(key), data);
    }
    return out;
  } catch (error) {
    return { $unserializable: String((error as Error)?.message ?? error) };
  } finally {
    seen.delete(obj);
  }
}

/** The options as given, or none when they are not an object or cannot be read: the serializer never throws. */
function readOptions(options: unknown): SerializeOptions {
  if (typeof options !== 'object' || options === null) return {};
  try {
    const { maxBytes, redactor, refs } = options as SerializeOptions;
    return { maxBytes: typeof maxBytes === 'number' && maxBytes >= 0 ? maxBytes : undefined, redactor, refs };
  } catch {
    return {};
  }
}

/**
 * Markers are objects with a `$` key (`{ $ref }`, `{ $undefined }`, `$class`...): a key of the
 * user's own that starts with `$` gets one more (`$ref` -> `$$ref`), so data never reads as a marker.
 * Readers drop one `$` from keys that start with `$$`.
 */
export function escapeKey(key: string): string {
  return key.charCodeAt(0) === 36 ? `$${key}` : key;
}

/** Sets an own property, also for `__proto__` (an assignment would set the prototype instead). */
function ownKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

/** JSON-compatible data for any value; never throws. */
export function toSerializable(value: unknown, options?: SerializeOptions): unknown {
  const o = readOptions(options);
  const maxBytes = o.maxBytes ?? config.maxValueBytes;
  try {
    const data = convert(value, o.redactor ?? config.redactor, new Set(), o.refs ? 1 : 0);
    const json = JSON.stringify(data) ?? 'null';
    if (fitsBytes(json, maxBytes)) return data;
    return { $truncated: utf8Length(json), preview: utf8Prefix(json, maxBytes) };
  } catch (error) {
    return { $unserializable: String((error as Error)?.message ?? error) };
  }
}

/** JSON text of any value; never throws. */
export function safeStringify(value: unknown, options?: SerializeOptions): string {
  return JSON.stringify(toSerializable(value, options));
}

const OPTIONAL = ['index', 'actor', 'context', 'tx', 'trace', 'site', 'stack'] as const;
const VALUES = ['value', 'old', 'removed', 'before', 'after'] as const;

/** Throws unless `value` looks like a Change (seq, path, op): values inside it are the serializer's business. */
export function checkChange(fn: string, value: unknown): asserts value is Change {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    readArg(fn, 'change', () => {
      const c = value as Change;
      return typeof c.seq === 'number' && Array.isArray(c.path) && typeof c.op === 'string';
    });
  if (!ok) throw typeError(fn, 'change', 'a Change (with seq, path and op)', value);
}

/** The redaction in force for `target`'s changes: its own `redact` option, else configure()'s. */
export function redactorOf(target: object): Redactor | null {
  const node = nodeOf(target);
  const pos = node === undefined ? null : locate(node);
  return pos === null ? config.redactor : pos.settings.redactor;
}

/**
 * A site whose code would show a redacted value (`user.password = "hunter2"`) keeps its place but
 * not its code; patterns reach the code like any string.
 */
export function siteWithout(site: Site, valueRedacted: boolean): Site {
  return valueRedacted ? { ...site, code: REDACTED } : site;
}

/** The serialised form of a Change: its fields plus `schema`, the target as its label. */
export function serializeChange(change: Change, options?: SerializeOptions): Record<string, unknown> {
  checkChange('serializeChange', change);
  const given = readOptions(options);
  const maxBytes = given.maxBytes ?? nodeOf(change.target)?.options?.maxValueBytes;
  const redactor = given.redactor ?? redactorOf(change.target);
  options = { ...given, maxBytes, redactor, refs: true };
  // labels and string keys are cut like values: 21 changes under a 10 MB key must not write 210 MB
  const limit = maxBytes ?? config.maxValueBytes;
  const label = limitText(change.label, limit);
  const out: Record<string, unknown> = {
    schema: SCHEMA,
    seq: change.seq,
    time: change.time,
    target: label,
    label,
    path: change.path.map((k) =>
      typeof k === 'number'
        ? k
        : typeof k === 'string'
          ? limitText(redactString(redactor, k), limit)
          : toSerializable(k, options),
    ),
    op: change.op,
  };
  for (const key of VALUES) if (key in change) out[key] = toSerializable(change[key], options);
  for (const key of OPTIONAL) if (change[key] !== undefined) out[key] = toSerializable(change[key], options);
  if (change.site !== undefined)
    out.site = toSerializable(
      siteWithout(change.site, change.value === REDACTED || change.old === REDACTED),
      options,
    );
  return out;
}
