/**
 * The safe serializer: turns any value into JSON-compatible data and never throws — cycles,
 * BigInt, Map, Set, Date, Error, symbols, functions, class instances, throwing getters, revoked
 * proxies. Values whose JSON exceeds `maxBytes` are truncated with a marker.
 */
import { config } from '../config';
import type { Change } from '../history/change';
import { nodeOf } from '../tracking/node';
import { isRedactedKey, REDACTED, type Redactor } from './redact';

export interface SerializeOptions {
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
      return { $error: obj.name, message: String(obj.message), stack: String(obj.stack ?? '') };
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
    const out: Record<string, unknown> = {};
    const proto = Object.getPrototypeOf(obj);
    if (proto !== null && proto !== Object.prototype) out.$class = proto.constructor?.name ?? '(anonymous)';
    for (const key of Object.keys(obj)) {
      let v: unknown;
      try {
        v = (obj as Record<string, unknown>)[key];
      } catch (error) {
        v = { $thrown: String((error as Error)?.message ?? error) };
      }
      out[key] = redactor && isRedactedKey(redactor, key) ? REDACTED : convert(v, redactor, seen, depth + 1);
    }
    return out;
  } catch (error) {
    return { $unserializable: String((error as Error)?.message ?? error) };
  } finally {
    seen.delete(obj);
  }
}

/** JSON-compatible data for any value; never throws. */
export function toSerializable(value: unknown, options: SerializeOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? config.maxValueBytes;
  try {
    const data = convert(value, options.redactor ?? config.redactor, new Set(), options.refs ? 1 : 0);
    const json = JSON.stringify(data) ?? 'null';
    if (json.length <= maxBytes) return data;
    return { $truncated: json.length, preview: json.slice(0, maxBytes) };
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

/** The serialised form of a Change: its fields plus `schema`, the target as its label. */
export function serializeChange(change: Change, options?: SerializeOptions): Record<string, unknown> {
  options = { ...options, refs: true };
  const out: Record<string, unknown> = {
    schema: SCHEMA,
    seq: change.seq,
    time: change.time,
    target: change.label,
    label: change.label,
    path: change.path.map((k) =>
      typeof k === 'string' || typeof k === 'number' ? k : toSerializable(k, options),
    ),
    op: change.op,
  };
  for (const key of VALUES) if (key in change) out[key] = toSerializable(change[key], options);
  for (const key of OPTIONAL) if (change[key] !== undefined) out[key] = toSerializable(change[key], options);
  return out;
}
