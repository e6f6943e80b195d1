/**
 * Deep copies of plain data: `captureSnapshots` and `toPlain` (snapshot, unbounded), and the values
 * the history keeps of untracked objects written under `classes` and `variables` (boundedSnapshot).
 * Never throws into the write that asked for it: what cannot be copied (a throwing getter, a revoked
 * proxy, nesting deeper than MAX_DEPTH) becomes a marker in the copy.
 *
 * boundedSnapshot runs on instrumented writes the program did not ask to be copied, so it runs none
 * of the program's code (a copy that called getters ran lazy initialisers and default factories once
 * more, and zod's suite saw it): own accessors are not called but kept as `{ $getter: true }`, a
 * Proxy other than statetrail's own is not read (its traps would run), and Maps, Sets and Dates are
 * read as intrinsics.ts reads them.
 */

import { utf8Length, utf8Prefix } from '../bytes';
import {
  eachEntry,
  eachValue,
  isDate,
  isMap,
  isProxy,
  isSet,
  NativeDate,
  NativeMap,
  NativeSet,
  putEntry,
  putValue,
  timeOf,
} from './intrinsics';
import { nodeOf } from './node';

const COUNTED_PAST = 1; // boundedSnapshot counts up to this many times maxBytes past the cut
const MAX_DEPTH = 1000; // far below the stack limit, far above the data anyone inspects

/**
 * The serializer's JSON text of any value (safeStringify), for previews: installed by runtime.ts, the
 * only route to boundedSnapshot, because serialize/ sits above tracking/.
 */
export const previews = { json: (value: unknown): string => String(value) };

/** One copy under way: the copies made so far, and the JSON bytes it may still take. */
interface Copying {
  readonly seen: Map<object, unknown>;
  /** Bytes left (Infinity: unbounded); below 0, nothing more is copied, only counted. */
  budget: number;
  /** Below this budget the walk stops counting too (-Infinity: never). */
  readonly floor: number;
  /** boundedSnapshot: runs none of the program's code, and copies of class instances get a prototype that names the class. */
  readonly pure: boolean;
}

export function snapshot(value: unknown): unknown {
  return run(value, {
    seen: new Map(),
    budget: Number.POSITIVE_INFINITY,
    floor: Number.NEGATIVE_INFINITY,
    pure: false,
  });
}

/**
 * A copy of `value` that takes at most about `maxBytes` of JSON, as the serializer bounds values: a
 * larger value becomes the serializer's marker, `{ $truncated: bytes, preview }`, its preview cut
 * from the JSON of the part copied before the budget ran out (short enough that the marker's own
 * JSON fits `maxBytes`, so the export writes it as it is), so a 10 MB array costs no more
 * memory than `maxBytes`. `bytes` is the size of the whole value's JSON as estimated while walking
 * it (strings counted in UTF-16 units, escapes not counted). The walk goes on past the cut only to
 * count, and only up to COUNTED_PAST times `maxBytes` more: a larger value is marked `atLeast: true`,
 * `bytes` then a lower bound, so that one write of a huge value costs about as much as a small one
 * (a 10 MB array took 115-220 ms per write while the whole was counted, 0.5-1.4 ms now). Class instances keep their
 * class name (the serializer's `$class`).
 */
export function boundedSnapshot(value: unknown, maxBytes: number): unknown {
  const c: Copying = { seen: new Map(), budget: maxBytes, floor: -COUNTED_PAST * maxBytes, pure: true };
  const out = run(value, c);
  if (c.budget >= 0) return out;
  // the part copied ends with the element that crossed the budget, so the preview reaches the cut
  const json = previews.json(out);
  // each value was counted with a separator after it: the whole has none
  const bytes = maxBytes - c.budget - 1;
  const head = c.budget < c.floor ? { $truncated: bytes, atLeast: true } : { $truncated: bytes };
  const marker = {
    ...head,
    preview: previewOf(json, maxBytes - `${JSON.stringify(head)},"preview":""}`.length),
  };
  return mark(marker);
}

/**
 * The markers the copies hold (`$truncated`, `$getter`, `$unreadable`, `$thrown`, `$depth`): the
 * serializer writes them as its own markers, not as data whose `$` keys it escapes.
 */
const markers = new WeakSet<object>();

function mark<T extends object>(marker: T): T {
  markers.add(marker);
  return marker;
}

export function isMarker(value: unknown): boolean {
  return typeof value === 'object' && value !== null && markers.has(value);
}

/**
 * The start of `json` whose escaped form takes at most `room` bytes: the marker must pass the export uncut.
 */
function previewOf(json: string, room: number): string {
  let preview = utf8Start(json, room);
  for (;;) {
    const over = utf8Length(JSON.stringify(preview)) - 2 - room;
    if (over <= 0 || preview === '') return preview;
    preview = utf8Start(preview, utf8Length(preview) - over);
  }
}

/**
 * The longest start of `text` within `maxBytes` of UTF-8, as a string of its own: V8's slices would keep
 * the whole text they were cut from alive.
 */
function utf8Start(text: string, maxBytes: number): string {
  return flat(utf8Prefix(text, Math.max(0, maxBytes)));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const flat = (text: string): string => decoder.decode(encoder.encode(text));

function run(value: unknown, c: Copying): unknown {
  try {
    return copy(value, c, 0);
  } catch (error) {
    return mark({ $unreadable: message(error) });
  }
}

function message(error: unknown): string {
  try {
    return String((error as Error)?.message ?? error);
  } catch {
    return 'unknown error';
  }
}

/**
 * An own property of a copy. Defined where the copy inherits the key: an assignment would run an
 * inherited setter instead (`__proto__`, or one a program put on Object.prototype).
 */
function put(target: object, key: PropertyKey, value: unknown): void {
  if (key in target)
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else (target as Record<PropertyKey, unknown>)[key] = value;
}

/** The JSON bytes a primitive takes, about (the serializer's markers for the others are short). */
function bytesOf(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length + 3; // quotes and separator; UTF-16 units (non-ASCII takes more bytes)
    case 'number':
    case 'boolean':
      return String(value).length + 1;
    case 'bigint':
      return value.toString().length + 15;
    default:
      return value === null ? 5 : 20;
  }
}

/**
 * A stand-in prototype per class, naming it without keeping it alive: its `constructor` is an empty
 * function of the class's name (what util.inspect and the serializer's `$class` read).
 */
const named = new WeakMap<object, object>();

function namedPrototype(proto: object): object {
  let stand = named.get(proto);
  if (stand === undefined) {
    // read as data only: a `constructor` or static `name` getter is program code
    const owner = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
    const given =
      typeof owner === 'function' ? Object.getOwnPropertyDescriptor(owner, 'name')?.value : undefined;
    const name = typeof given === 'string' && given !== '' ? given : '(anonymous)';
    const ctor = Object.defineProperty(() => {}, 'name', { value: name });
    stand = Object.create(Object.prototype, { constructor: { value: ctor } }) as object;
    named.set(proto, stand);
  }
  return stand;
}

/** A property as a read gives it (toPlain, captured snapshots: the program asked for a copy). */
function read(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch (error) {
    return mark({ $thrown: message(error) });
  }
}

/** An own data property's value, or a marker for an accessor (whose getter is not called). */
function ownData(value: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(value, key);
  return d === undefined || 'value' in d ? d?.value : mark({ $getter: true });
}

/** What an object walked over budget copies to: nothing is put into it (every `keep` is false by then). */
const COUNTED = Object.freeze({}) as never;

function copy(value: unknown, c: Copying, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    c.budget -= bytesOf(value);
    return value;
  }
  if (isProxy(value)) {
    const node = nodeOf(value);
    // statetrail's own: the object behind it, read directly; another one is read only when asked to copy
    if (node !== undefined && node.proxy === value) value = node.raw;
    else if (c.pure) return mark({ $unreadable: 'a Proxy, not read (its traps would run)' });
  }
  const known = c.seen.get(value as object);
  if (known !== undefined) return known;
  if (depth >= MAX_DEPTH) return mark({ $depth: true });
  c.budget -= 2;
  const counting = c.budget < 0; // over budget: walk on to count, keep nothing more
  try {
    if (Array.isArray(value)) {
      const out: unknown[] = counting ? COUNTED : [];
      c.seen.set(value, out);
      for (let i = 0, n = value.length; i < n && c.budget >= c.floor; i++) {
        const keep = c.budget >= 0;
        const x = copy(value[i], c, depth + 1);
        if (keep) put(out, out.length, x);
      }
      return out;
    }
    if (isMap(value)) {
      const out: Map<unknown, unknown> = counting ? COUNTED : new NativeMap();
      c.seen.set(value as object, out);
      eachEntry(value as object, (k, v) => {
        const keep = c.budget >= 0;
        const x = copy(k, c, depth + 1);
        const y = copy(v, c, depth + 1);
        if (keep) putEntry(out, x, y);
        return c.budget >= c.floor;
      });
      return out;
    }
    if (isSet(value)) {
      const out: Set<unknown> = counting ? COUNTED : new NativeSet();
      c.seen.set(value as object, out);
      eachValue(value as object, (v) => {
        const keep = c.budget >= 0;
        const x = copy(v, c, depth + 1);
        if (keep) putValue(out, x);
        return c.budget >= c.floor;
      });
      return out;
    }
    if (isDate(value)) {
      c.budget -= 24; // its ISO string in quotes
      return counting ? COUNTED : new NativeDate(timeOf(value as object));
    }
    const proto = c.pure && !counting ? Object.getPrototypeOf(value) : null;
    const out: Record<PropertyKey, unknown> = counting
      ? COUNTED
      : proto !== null && proto !== Object.prototype && !isProxy(proto)
        ? Object.create(namedPrototype(proto))
        : {};
    c.seen.set(value as object, out);
    for (const key of Object.keys(value as object)) {
      if (c.budget < c.floor) break;
      const keep = c.budget >= 0;
      c.budget -= key.length + 3;
      const v = c.pure ? ownData(value as object, key) : read(value as object, key);
      const x = isMarker(v) ? v : copy(v, c, depth + 1); // a marker made just now is kept as it is
      if (keep) put(out, key, x);
    }
    return out;
  } catch (error) {
    if (error instanceof RangeError) throw error; // out of stack: unwind to run()
    return mark({ $unreadable: message(error) });
  }
}
