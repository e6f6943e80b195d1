/**
 * Reading a program's values without running its code: what the history keeps of a written value, and
 * what `classes` registers as owned, are read on writes the program did not ask to be read. A Proxy's
 * traps, a Map subclass's `entries` or a patched `Set.prototype.values` are program code, so Proxies are
 * told apart (Node's `util.types`; elsewhere nothing is taken for a Proxy) and Maps, Sets and Dates are
 * read through the built-ins as they were when statetrail loaded.
 */
import { optionalBuiltin } from '../platform';

interface Types {
  isProxy(v: unknown): boolean;
  isMap(v: unknown): boolean;
  isSet(v: unknown): boolean;
  isDate(v: unknown): boolean;
}

const types = optionalBuiltin('node:util')?.types as Types | undefined;
export const isProxy: (v: unknown) => boolean = types?.isProxy ?? (() => false);
export const isMap: (v: unknown) => boolean = types?.isMap ?? ((v) => v instanceof Map);
export const isSet: (v: unknown) => boolean = types?.isSet ?? ((v) => v instanceof Set);
export const isDate: (v: unknown) => boolean = types?.isDate ?? ((v) => v instanceof Date);

const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const mapNext = Object.getPrototypeOf(new Map().entries()).next as () => IteratorResult<[unknown, unknown]>;
const setNext = Object.getPrototypeOf(new Set().values()).next as () => IteratorResult<unknown>;
const dateTime = Date.prototype.getTime;

/** Calls `each` for every entry of a Map (built-in iteration) until it returns false. */
export function eachEntry(map: object, each: (key: unknown, value: unknown) => unknown): void {
  const it = mapEntries.call(map as Map<unknown, unknown>);
  for (let r = mapNext.call(it); !r.done; r = mapNext.call(it))
    if (each(r.value[0], r.value[1]) === false) return;
}

/** Calls `each` for every value of a Set (built-in iteration) until it returns false. */
export function eachValue(set: object, each: (value: unknown) => unknown): void {
  const it = setValues.call(set as Set<unknown>);
  for (let r = setNext.call(it); !r.done; r = setNext.call(it)) if (each(r.value) === false) return;
}

/** A Date's time value, whatever its class or the program made of `getTime`. */
export function timeOf(date: object): number {
  return dateTime.call(date as Date);
}

const mapHas = Map.prototype.has;
const mapSet = Map.prototype.set;
const setHas = Set.prototype.has;
const setAdd = Set.prototype.add;
// copies are made with the built-ins too (fake timers replace Date; a program may patch set/add)
export const NativeMap = Map;
export const NativeSet = Set;
export const NativeDate = Date;

/** `map.set(key, value)` with the built-in `set`. */
export function putEntry(map: Map<unknown, unknown>, key: unknown, value: unknown): void {
  mapSet.call(map, key, value);
}

/** `set.add(value)` with the built-in `add`. */
export function putValue(set: Set<unknown>, value: unknown): void {
  setAdd.call(set, value);
}

/** Whether a Map has a key (the built-in `has`, whatever its class overrides). */
export function hasKey(map: object, key: unknown): boolean {
  return mapHas.call(map as Map<unknown, unknown>, key);
}

/** Whether a Set has a value (the built-in `has`). */
export function hasValue(set: object, value: unknown): boolean {
  return setHas.call(set as Set<unknown>, value);
}

/** A plain Map with a Map's entries (no subclass constructor or iterator runs). */
export function copyOfMap(map: object): Map<unknown, unknown> {
  const out = new NativeMap();
  eachEntry(map, (k, v) => putEntry(out, k, v));
  return out;
}

/** A plain Set with a Set's values. */
export function copyOfSet(set: object): Set<unknown> {
  const out = new NativeSet();
  eachValue(set, (v) => putValue(out, v));
  return out;
}

/** A plain array of `array[from..to)` (no `Symbol.species` constructor of a subclass runs). */
export function sliceOf(array: readonly unknown[], from = 0, to = array.length): unknown[] {
  const out: unknown[] = [];
  for (let i = from; i < to; i++) out.push(array[i]);
  return out;
}
