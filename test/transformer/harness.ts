/**
 * Differential harness: a snippet is compiled with and without the transformer (TS 6 transpileModule) and
 * run in a fresh vm context whose world is a graph of Proxies logging every get/set/delete/has/define/
 * getOwnPropertyDescriptor/ownKeys/apply/construct. Result, thrown error (class + message) and the full
 * trace must be identical.
 */
import vm from 'node:vm';
import { key, type Runtime } from 'statetrail/runtime';
import { createTransformer, type TransformerOptions } from 'statetrail/transformer';
import { ts } from 'ts-morph';

export type Mode = 'script' | 'module';

export interface Outcome {
  result: string;
  error: string | undefined;
  trace: string[];
  /** Calls the instrumented code made to the (fake) runtime. */
  runtime: string[];
  js: string;
}

const world = `
var __log = [];
var __names = new WeakMap();
var __proxies = new WeakMap();
function __describe(v) {
  if (v === null) return 'null';
  var t = typeof v;
  if (t === 'string') return JSON.stringify(v);
  if (t === 'bigint') return String(v) + 'n';
  if (t === 'symbol') return String(v);
  if (t === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (t === 'undefined' || t === 'boolean') return String(v);
  var n = __names.get(v);
  if (n) return n;
  if (t === 'function') return 'fn(' + v.name + ')';
  if (Array.isArray(v)) return '[' + v.map(__describe).join(',') + ']';
  return 'object';
}
function __key(k) { return typeof k === 'symbol' ? String(k) : k; }
function __trace(target, name) {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null) return target;
  var existing = __proxies.get(target);
  if (existing) return existing;
  var p = new Proxy(target, {
    get: function (t, k, r) { __log.push('get ' + name + '.' + __key(k)); var v = Reflect.get(t, k, r); return __trace(v, name + '.' + __key(k)); },
    set: function (t, k, v, r) { __log.push('set ' + name + '.' + __key(k) + ' = ' + __describe(v)); return Reflect.set(t, k, v, r); },
    deleteProperty: function (t, k) { __log.push('delete ' + name + '.' + __key(k)); return Reflect.deleteProperty(t, k); },
    has: function (t, k) { __log.push('has ' + name + '.' + __key(k)); return Reflect.has(t, k); },
    defineProperty: function (t, k, d) { __log.push('define ' + name + '.' + __key(k) + ' = ' + __describe(d.value)); return Reflect.defineProperty(t, k, d); },
    getOwnPropertyDescriptor: function (t, k) { __log.push('gopd ' + name + '.' + __key(k)); return Reflect.getOwnPropertyDescriptor(t, k); },
    ownKeys: function (t) { __log.push('ownKeys ' + name); return Reflect.ownKeys(t); },
    apply: function (t, self, args) { __log.push('call ' + name + '(' + args.map(__describe).join(', ') + ')'); return Reflect.apply(t, self, args); },
    construct: function (t, args, nt) { __log.push('new ' + name); return Reflect.construct(t, args, nt); },
  });
  __proxies.set(target, p);
  __names.set(p, name);
  return p;
}
var __result = { set: false, value: undefined };
function done(v) { __result.set = true; __result.value = v; }
function L(tag, v) { __log.push('log ' + tag); return v; }
var k = { toString: function () { __log.push('key.toString'); return 'x'; } };
var F = __trace(function F(v) { return v; }, 'F');
var o = __trace({
  a: { x: 1, y: 'str', s: '41', n: 10n, z: 0, arr: [1, 2, 3], nested: { deep: 0 }, f: null, u: undefined, t: true },
  b: { x: 2 },
  list: [10, 20, 30],
  frozen: Object.freeze({ x: 1 }),
  getterOnly: { get x() { return 5; } },
  setterThrows: { get x() { return 0; }, set x(v) { throw new RangeError('rejected ' + v); } },
  acc: { _v: 1, get v() { return this._v; }, set v(x) { this._v = x; } },
  sealed: Object.seal({ x: 1 }),
  proto: Object.create({ inherited: 7 }),
}, 'o');
var it = __trace({ [Symbol.iterator]: function* () { yield 1; yield 'two'; yield 3n; } }, 'it');
`;

/** Records the calls instrumented code makes; typed by the contract so it cannot lose a member. */
function fakeRuntime(calls: string[]): Runtime {
  const pending = { s: 0 };
  return {
    pending,
    at: (site, value) => {
      pending.s = site;
      return value;
    },
    done: (value) => {
      pending.s = 0;
      return value;
    },
    atKey: (site, _target, _key, value) => {
      pending.s = site;
      return value;
    },
    // the real one: what the wrapper of an object key does must not show either
    key,
    doneKey: (value) => {
      pending.s = 0;
      return value;
    },
    atCall: (site, _receiver, value) => {
      pending.s = site;
      return value;
    },
    doneCall: (value) => {
      pending.s = 0;
      return value;
    },
    atAssign: (site, _target, value) => {
      pending.s = site;
      return value;
    },
    doneAssign: (value) => {
      pending.s = 0;
      return value;
    },
    sites: (file: string, table: readonly (readonly [number, number, string])[]) => {
      calls.push(`sites ${file} ${table.length}`);
      return 1;
    },
    variables: (file: string, names: readonly string[]) => names.map((name) => ({ file, name })),
    assigned: (holder: { name: string }, _old: unknown, _value: unknown, site: number) => {
      calls.push(`assigned ${holder.name} @${site}`);
    },
    trackClass: (ctor: Function) => {
      calls.push(`trackClass ${ctor.name}`);
    },
    trackInstance: (_instance: object, ctor: Function, newTarget: Function) => {
      calls.push(`trackInstance ${ctor.name} ${newTarget.name}`);
    },
  };
}

export function compile(
  source: string,
  mode: Mode,
  instrumented: boolean,
  options: TransformerOptions = {},
): string {
  const text = mode === 'module' ? `${source}\nexport {};\n` : source;
  const out = ts.transpileModule(text, {
    fileName: 'snippet.ts',
    reportDiagnostics: false,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      useDefineForClassFields: true,
      alwaysStrict: mode === 'module',
      strict: false,
    },
    transformers: instrumented ? { before: [createTransformer(options) as any] } : undefined,
  });
  return out.outputText;
}

function describeError(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) {
    return `${(e as Error).constructor?.name}: ${(e as Error).message}`;
  }
  return `thrown ${String(e)}`;
}

/**
 * Runs compiled code in a fresh context. `runtime: false` loads no runtime (no global, and
 * `require('statetrail/runtime')` fails): instrumented scripts must then run on their fallback.
 */
export async function execute(js: string, { runtime = true }: { runtime?: boolean } = {}): Promise<Outcome> {
  const calls: string[] = [];
  const rt = fakeRuntime(calls);
  const context = vm.createContext({});
  vm.runInContext(world, context);
  context.require = (id: string) => {
    if (id === 'statetrail/runtime' && runtime) return rt;
    throw new Error(`unexpected require ${id}`);
  };
  context.exports = {};
  context.module = { exports: context.exports };
  if (runtime) {
    vm.runInContext(
      'globalThis[Symbol.for("statetrail.runtime")] = __rt;',
      Object.assign(context, { __rt: rt }),
    );
  }
  let error: string | undefined;
  try {
    vm.runInContext(js, context, { filename: 'snippet.js', timeout: 2000 });
    const r = context.__result;
    if (r.set && r.value && typeof r.value.then === 'function') r.value = await r.value;
  } catch (e) {
    error = describeError(e);
  }
  const r = context.__result;
  const describe = vm.runInContext('__describe', context) as (v: unknown) => string;
  return {
    result: r.set ? describe(r.value) : '(no result)',
    error,
    trace: [...context.__log],
    runtime: calls,
    js,
  };
}

export interface Comparison {
  plain: Outcome;
  instrumented: Outcome;
}

export async function differential(
  source: string,
  mode: Mode,
  options: TransformerOptions = {},
  { runtime = true }: { runtime?: boolean } = {},
): Promise<Comparison> {
  const plain = await execute(compile(source, mode, false));
  const instrumented = await execute(compile(source, mode, true, options), { runtime });
  return { plain, instrumented };
}
