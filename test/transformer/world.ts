/**
 * The corpus world of harness.ts (`o`, `F`, `k`, `it`, `L`, `done`) as plain data, for runs against
 * the real core: `o` is track()ed, or wrapped in a recorder that writes down, in plain JavaScript
 * terms, every slot a run changes (the independent expectation of the change log).
 */
import * as core from 'statetrail';
import { type Change, changesOf, history, track } from 'statetrail';
import * as runtime from 'statetrail/runtime';
import { compile, type Mode } from './harness';

export function worldState() {
  return {
    a: {
      x: 1 as unknown,
      y: 'str' as unknown,
      s: '41' as unknown,
      n: 10n as unknown,
      z: 0 as unknown,
      arr: [1, 2, 3] as unknown,
      nested: { deep: 0 },
      f: null as unknown,
      u: undefined as unknown,
      t: true as unknown,
    },
    b: { x: 2 as unknown },
    list: [10, 20, 30],
    frozen: Object.freeze({ x: 1 }),
    getterOnly: {
      get x() {
        return 5;
      },
    },
    setterThrows: {
      get x() {
        return 0;
      },
      set x(v: unknown) {
        throw new RangeError(`rejected ${v}`);
      },
    },
    acc: {
      _v: 1 as unknown,
      get v() {
        return this._v;
      },
      set v(x: unknown) {
        this._v = x;
      },
    },
    sealed: Object.seal({ x: 1 }),
    proto: Object.create({ inherited: 7 }),
  };
}

/**
 * A value on one line: primitives as written, functions by name, plain objects and arrays by their
 * contents, other objects by class; objects in `names` by name.
 */
export function describeValue(v: unknown, names?: WeakMap<object, string>): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return String(v);
  if (typeof v === 'function') return `fn(${v.name})`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v); // NaN is no JSON
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  const name = names?.get(v);
  if (name !== undefined) return name;
  if (Array.isArray(v)) return `[${v.map((x) => describeValue(x, names)).join(',')}]`;
  if (!plain(v)) return `new ${v.constructor?.name}`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}:${describeValue(x, names)}`)
    .join(',')}}`;
}

export interface Slot {
  path: readonly unknown[];
  op: string;
  value?: unknown;
  old?: unknown;
  index?: number;
  removed?: readonly unknown[];
}

/** One change on one line: `a.x set 1 -> 9`, `list splice 0 [10] -> [9]`, `a.x delete 1`. */
export function describeSlot(c: Slot): string {
  const path = c.path.map(String).join('.');
  if (c.op === 'delete') return `${path} delete ${describeValue(c.old)}`;
  if (c.op === 'splice')
    return `${path} splice ${c.index} ${describeValue(c.removed)} -> ${describeValue(c.value)}`;
  return `${path} ${c.op} ${'old' in c ? describeValue(c.old) : 'new'} -> ${describeValue(c.value)}`;
}

/** With its site: `a.x set 1 -> 9 @1:5`. */
export function describeChange(c: Change): string {
  const site = c.site ? ` @${c.site.line}:${c.site.column}` : '';
  return `${describeSlot(c)}${site}`;
}

/** A variable's change (option `variables`), world objects by name: `t: o.a -> o.b @1:21`. */
function describeVariable(c: Change, names: WeakMap<object, string>): string {
  const site = c.site ? ` @${c.site.line}:${c.site.column}` : '';
  return `${c.label}: ${describeValue(c.old, names)} -> ${describeValue(c.value, names)}${site}`;
}

function helpers() {
  const result: { value?: unknown } = {};
  const k = { toString: () => 'x' };
  const F = (v: unknown) => v;
  const it = {
    *[Symbol.iterator]() {
      yield 1;
      yield 'two';
      yield 3n;
    },
  };
  const L = (_tag: string, v: unknown) => v;
  const done = (v: unknown) => {
    result.value = v;
  };
  return { result, F, k, it, L, done };
}

const requireCore = (id: string) => {
  if (id === 'statetrail') return core;
  if (id === 'statetrail/runtime') return runtime;
  throw new Error(`unexpected require(${id})`);
};

/** Runs compiled CommonJS `js` over world `o`; the error it ends with, if any. */
async function run(js: string, o: object): Promise<string | undefined> {
  const h = helpers();
  const globals = new Set(Object.keys(globalThis));
  try {
    const fn = new Function('require', 'module', 'exports', 'o', 'F', 'k', 'it', 'L', 'done', js);
    const exports = {};
    fn(requireCore, { exports }, exports, o, h.F, h.k, h.it, h.L, h.done);
    const v = h.result.value as { then?: unknown } | undefined;
    if (typeof v?.then === 'function') await v;
  } catch (e) {
    return e instanceof Error ? `${e.constructor.name}: ${e.message}` : `thrown ${String(e)}`;
  } finally {
    // sloppy scripts create globals (`undeclared1 = 2`): gone before the next case
    for (const key of Object.keys(globalThis)) if (!globals.has(key)) Reflect.deleteProperty(globalThis, key);
  }
  return undefined;
}

export interface TrackedRun {
  /** The change log of `o`. */
  changes: Change[];
  /** With option `variables`: the variables' changes, described. */
  variables: string[];
  error?: string;
}

/** `code` compiled as the differential corpus compiles it, with `o` tracked by the real core. */
export async function trackedRun(code: string, mode: Mode, variables = false): Promise<TrackedRun> {
  history.clear();
  const raw = worldState();
  const o = track(raw, { label: 'o' });
  const names = new WeakMap<object, string>();
  for (const [key, value] of Object.entries(raw)) {
    names.set(value, `o.${key}`);
    names.set((o as Record<string, object>)[key]!, `o.${key}`);
  }
  const error = await run(compile(code, mode, true, { variables }), o);
  const others = history.changes().filter((c) => c.target !== o);
  return { changes: [...changesOf(o)], variables: others.map((c) => describeVariable(c, names)), error };
}

/** `code` uninstrumented over a plain copy of the world: the slots plain JavaScript changed. */
export async function plainRun(code: string, mode: Mode): Promise<{ slots: Slot[]; error?: string }> {
  const slots: Slot[] = [];
  const o = recorder(worldState(), [], slots, new WeakMap());
  const error = await run(compile(code, mode, false), o);
  return { slots, error };
}

const raws = new WeakMap<object, object>();
const unwrapped = (v: unknown) => (typeof v === 'object' && v !== null ? (raws.get(v) ?? v) : v);

/** What track() tracks deeply (README): plain objects and arrays (the world holds no Map or Set). */
function plain(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

function inheritedAccessor(t: object, k: PropertyKey): boolean {
  for (let p = Object.getPrototypeOf(t); p !== null; p = Object.getPrototypeOf(p)) {
    const d = Reflect.getOwnPropertyDescriptor(p, k);
    if (d) return !('value' in d);
  }
  return false;
}

/**
 * A proxy over `target` writing down each slot a write changed, as plain JavaScript defines it: a
 * data property that now holds another value (or was added or deleted), an array that got shorter
 * (a splice of the tail). An accessor's own slot is no data: its setter's writes are what changed.
 */
function recorder(target: object, path: unknown[], slots: Slot[], cache: WeakMap<object, object>): any {
  const seen = cache.get(target);
  if (seen) return seen;
  const proxy: object = new Proxy(target, {
    get(t, k, r) {
      const v = Reflect.get(t, k, r);
      return plain(v) ? recorder(v as object, [...path, k], slots, cache) : v;
    },
    set(t, k, v, r) {
      const value = unwrapped(v);
      if (r !== proxy) return Reflect.set(t, k, value, r);
      const own = Reflect.getOwnPropertyDescriptor(t, k);
      if (own ? !('value' in own) : inheritedAccessor(t, k)) return Reflect.set(t, k, value, r);
      if (Array.isArray(t) && k === 'length') {
        const before = t.slice();
        if (!Reflect.set(t, k, value)) return false;
        if (t.length < before.length)
          slots.push({ path, op: 'splice', index: t.length, removed: before.slice(t.length), value: [] });
        else if (t.length > before.length)
          slots.push({ path: [...path, k], op: 'set', value: t.length, old: before.length });
        return true;
      }
      if (!Reflect.set(t, k, value)) return false;
      if (own === undefined) slots.push({ path: [...path, k], op: 'set', value });
      else if (!Object.is(own.value, value))
        slots.push({ path: [...path, k], op: 'set', value, old: own.value });
      return true;
    },
    deleteProperty(t, k) {
      const own = Reflect.getOwnPropertyDescriptor(t, k);
      if (!Reflect.deleteProperty(t, k)) return false;
      if (own !== undefined) slots.push({ path: [...path, k], op: 'delete', old: own.value });
      return true;
    },
  });
  cache.set(target, proxy);
  raws.set(proxy, target);
  return proxy;
}
