/**
 * Option `classes` against the real runtime: instances stay plain objects (the corpus of
 * corpus/classes.ts gives the same results and errors as plain JavaScript while the instances are
 * tracked), and the change log of writes to them is right (path, op, value, old, site).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { changesOf, configure, history, isTracked, revert, serializeChange, track } from 'statetrail';
import * as runtime from 'statetrail/runtime';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classCases } from './corpus/classes';
import { compile, type Mode } from './harness';
import { compileCjs, load, runCjs } from './load';

/** Result and error of compiled corpus code run in this realm, on the real runtime. */
function run(js: string): { result: string; error: string | undefined } {
  let value: unknown;
  let error: string | undefined;
  const require = (id: string) => {
    if (id === 'statetrail/runtime') return runtime;
    throw new Error(`unexpected require ${id}`);
  };
  try {
    new Function('require', 'module', 'exports', 'done', js)(require, { exports: {} }, {}, (v: unknown) => {
      value = v;
    });
  } catch (e) {
    error = `${(e as Error).constructor?.name}: ${(e as Error).message}`;
  }
  return { result: JSON.stringify(value), error };
}

describe('classes corpus on the real runtime: same results and errors as plain', () => {
  for (const c of classCases) {
    for (const mode of c.modes ?? (['script', 'module'] as Mode[])) {
      it(`${c.name} [${mode}]`, () => {
        const js = compile(c.code, mode, true, { classes: '**' });
        expect(js).toContain('trackInstance');
        const plain = run(compile(c.code, mode, false));
        history.clear();
        const instrumented = run(js);
        // the instances were tracked while the program behaved as plain: its writes were recorded
        const recorded = history.changes().filter((change) => change.site?.file === 'snippet.ts');
        expect(recorded.length > 0).toBe(!c.name.includes('(records nothing)'));
        expect({ result: instrumented.result, error: instrumented.error }).toEqual({
          result: plain.result,
          error: plain.error,
        });
      });
    }
  }
});

const ORDER = `
export class Customer { tier = 'basic'; }
export class Order {
  lines: { sku: string; qty: number }[] = [{ sku: 'a', qty: 1 }];
  tags = new Set<string>();
  byId = new Map<string, number>();
  customer: Customer | { tier: string } | null = null;
  total = 0;
  setQty(i: number, qty: number) {
    this.lines[i]!.qty = qty;
  }
  add(sku: string) {
    this.lines.push({ sku, qty: 1 });
  }
  tag(t: string) {
    this.tags.add(t);
  }
  index(sku: string, i: number) {
    this.byId.set(sku, i);
  }
  bump() {
    this.total++;
  }
}
export function assign(o: Order, c: Order['customer']) {
  o.customer = c;
}
export function freezeAndWrite(o: Order) {
  'use strict';
  Object.freeze(o);
  o.total = 99;
}
`;

type Model = Record<string, any>;

function log(target: object) {
  return changesOf(target).map((c) => ({
    path: c.path,
    op: c.op,
    value: c.value,
    old: c.old,
    line: c.site?.line,
    code: c.site?.code,
  }));
}

describe('classes: the change log of writes to plain instances', () => {
  let m: Model;
  beforeEach(() => {
    history.clear();
    m = load(ORDER, '/proj/src/order.ts', { classes: 'src/**' });
  });

  it('an instance is tracked, stays plain and records nothing for its construction', () => {
    const o = new m.Order();
    expect(isTracked(o)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(o, 'total')).toEqual({
      value: 0,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    expect(Object.getOwnPropertySymbols(o)).toEqual([]);
    expect(log(o)).toEqual([]);
    expect(changesOf(o)).toEqual([]);
  });

  it('field writes, deep writes, push, Set add and Map set carry path, op, value, old and site', () => {
    const o = new m.Order();
    o.bump();
    o.setQty(0, 5);
    o.add('b');
    o.tag('x');
    o.index('a', 0);
    o.index('a', 1);
    expect(log(o)).toEqual([
      { path: ['total'], op: 'set', value: 1, old: 0, line: 22, code: 'this.total++' },
      { path: ['lines', 0, 'qty'], op: 'set', value: 5, old: 1, line: 10, code: 'this.lines[i]!.qty = qty' },
      {
        path: ['lines'],
        op: 'splice',
        value: [{ sku: 'b', qty: 1 }],
        old: undefined,
        line: 13,
        code: 'this.lines.push({ sku, qty: 1 })',
      },
      { path: ['tags'], op: 'add', value: 'x', old: undefined, line: 16, code: 'this.tags.add(t)' },
      { path: ['byId', 'a'], op: 'set', value: 0, old: undefined, line: 19, code: 'this.byId.set(sku, i)' },
      { path: ['byId', 'a'], op: 'set', value: 1, old: 0, line: 19, code: 'this.byId.set(sku, i)' },
    ]);
    expect(changesOf(o)[2]).toMatchObject({ index: 1, removed: [] });
  });

  it('delete and a new key on an instance, and writes to an element removed since, are recorded right', () => {
    const p = load(
      `export class Bag { lines = [{ q: 1 }, { q: 2 }]; note?: string;
  drop() { delete this.note; }
  write(v: string) { this.note = v; }
  cut() { return this.lines.splice(0, 1)[0]; }
}
export function poke(line: { q: number }, q: number) { line.q = q; }`,
      '/proj/src/bag.ts',
      { classes: 'src/**' },
    );
    const bag = new p.Bag();
    bag.drop(); // \`note\` is own (define semantics, undefined): deleting it is a change
    bag.write('n');
    const removed = bag.cut();
    p.poke(removed, 9); // no longer reachable from the instance: not recorded
    p.poke(bag.lines[0], 7);
    expect(changesOf(bag).map((c) => [c.op, c.path.join('.'), c.value, c.old])).toEqual([
      ['delete', 'note', undefined, undefined],
      ['set', 'note', 'n', undefined],
      ['splice', 'lines', [], undefined],
      ['set', 'lines.0.q', 7, 2],
    ]);
    expect(changesOf(bag)[2]).toMatchObject({ index: 0, removed: [{ q: 1 }] });
  });

  it("array.length = n on an instance's array: shrinking is one splice with the removed items, as with track()", () => {
    const p = load(
      `export class List { items = [{ n: 1 }, 2, 3, 4];
  cut(n: number) { this.items.length = n; }
}`,
      '/proj/src/list.ts',
      { classes: 'src/**' },
    );
    const list = new p.List();
    list.cut(1);
    list.cut(1); // same length: nothing
    list.cut(3); // growing: a set of length, holes added
    expect(changesOf(list).map((c) => [c.op, c.path.join('.'), c.value, c.old])).toEqual([
      ['splice', 'items', [], undefined],
      ['set', 'items.length', 3, 1],
    ]);
    expect(changesOf(list)[0]).toMatchObject({ index: 1, removed: [2, 3, 4] });
  });

  it('revert() of an instance undoes field, deep, array, Map and Set changes and records the undo', () => {
    const p = load(
      `export class Cart { total = 0; lines = [{ qty: 1 }]; tags = new Set<string>(); byId = new Map<string, number>(); note?: string = 'n';
  work() { this.total = 5; this.lines[0]!.qty = 2; this.lines.push({ qty: 3 }); this.tags.add('a'); this.byId.set('x', 1); delete this.note; this.lines.length = 1; }
}`,
      '/proj/src/cart.ts',
      { classes: 'src/**' },
    );
    const cart = new p.Cart();
    const before = JSON.stringify(cart);
    cart.work();
    const done = changesOf(cart).length;
    expect(revert(cart, 0)).toBe(done);
    expect(JSON.stringify(cart)).toBe(before);
    expect([...cart.tags, ...cart.byId]).toEqual([]);
    const undo = changesOf(cart).slice(done);
    expect(undo).toHaveLength(done);
    expect(undo.every((c) => c.tx?.name === 'revert')).toBe(true);
    expect(undo.map((c) => [c.op, c.path.join('.')])).toEqual([
      ['splice', 'lines'],
      ['set', 'note'],
      ['delete', 'byId.x'],
      ['delete', 'tags'],
      ['splice', 'lines'],
      ['set', 'lines.0.qty'],
      ['set', 'total'],
    ]);
  });

  it('an imported or exported binding as the base of a write or a call works in CommonJS output and is recorded', () => {
    const store = load(
      `export class Cart { total = 0; items = [1, 2]; }
export const cart = new Cart();`,
      '/proj/src/store.ts',
      { classes: 'src/**' },
    );
    const m = runCjs(
      compileCjs(
        `import { cart } from './store';
import { Cart } from './store';
export const own = new Cart();
export function work() { cart.total = 5; cart.items.pop(); own.total = 1; own.items.reverse(); }`,
        '/proj/src/work.ts',
        { classes: 'src/**' },
      ),
      { './store': store },
    );
    m.work(); // threw ReferenceError: the copies of `cart` and `own` were not rewritten to `store_1.cart`, `exports.own`
    expect(changesOf(store.cart).map((c) => [c.op, c.path.join('.'), c.site?.line])).toEqual([
      ['set', 'total', 4],
      ['splice', 'items', 4],
    ]);
    expect(changesOf(m.own).map((c) => [c.op, c.path.join('.')])).toEqual([
      ['set', 'total'],
      ['splice', 'items'],
    ]);
  });

  it('Object.assign to an instance or an object it owns records each property it added or changed', () => {
    const p = load(
      `export class Form { values = { name: 'a', age: 1 }; get total() { return 0; }
  patch(v: object) { Object.assign(this.values, v); }
  load(v: object) { Object.assign(this, v); }
}`,
      '/proj/src/form.ts',
      { classes: 'src/**' },
    );
    const form = new p.Form();
    form.patch({ name: 'b', age: 1, city: 'Oslo' }); // age unchanged: not a change
    form.load({ extra: [1] });
    expect(changesOf(form).map((c) => [c.op, c.path.join('.'), c.value, c.old, c.site?.line])).toEqual([
      ['set', 'values.name', 'b', 'a', 2],
      ['set', 'values.city', 'Oslo', undefined, 2],
      ['set', 'extra', [1], undefined, 3],
    ]);
    expect(Object.getOwnPropertyDescriptor(form, 'extra')).toMatchObject({ value: [1], writable: true });
  });

  it('destructuring and for-of targets on an instance are recorded too', () => {
    const p = load(
      `export class Pair { a = 0; b = 0; last = 0;
  swap() { [this.a, this.b] = [this.b + 1, this.a + 2]; }
  walk(xs: number[]) { for (this.last of xs); }
}`,
      '/proj/src/pair.ts',
      { classes: 'src/**' },
    );
    const pair = new p.Pair();
    pair.swap();
    pair.walk([7, 8]);
    expect(changesOf(pair).map((c) => [c.path.join('.'), c.value, c.old, c.site?.line])).toEqual([
      ['a', 1, 0, 2],
      ['b', 2, 0, 2],
      ['last', 7, 0, 3],
      ['last', 8, 7, 3],
    ]);
  });

  it('an object key is recorded under the key the write used: its string, or the symbol it converts to', () => {
    const p = load(
      `export class Bag { data: Record<PropertyKey, number> = {};
  put(k: any, v: number) { this.data[k] = v; }
  pick(k: any, v: number) { [this.data[k]] = [v]; }
}`,
      '/proj/src/bag.ts',
      { classes: 'src/**' },
    );
    const s = Symbol('s');
    let conversions = 0;
    const named = {
      toString() {
        conversions++;
        return 'a';
      },
    };
    const symbolic = {
      [Symbol.toPrimitive]() {
        conversions++;
        return s;
      },
    };
    const bag = new p.Bag();
    bag.put(named, 1);
    bag.put(symbolic, 2);
    bag.pick(named, 3);
    expect(conversions).toBe(3);
    expect(changesOf(bag).map((c) => [c.path, c.value, c.old])).toEqual([
      [['data', 'a'], 1, undefined],
      [['data', s], 2, undefined],
      [['data', 'a'], 3, 1],
    ]);
  });

  it('an element pushed is owned: its own writes are recorded under its new index', () => {
    const o = new m.Order();
    o.add('b');
    o.setQty(1, 7);
    expect(log(o).at(-1)).toMatchObject({ path: ['lines', 1, 'qty'], value: 7, old: 1 });
  });

  it('the copy of a written value runs none of its code: getters, Proxy traps, overridden collection methods', () => {
    const o = new m.Order();
    const ran: string[] = [];
    const lazy = {
      tier: 'basic',
      get discount() {
        ran.push('getter');
        return 5;
      },
    };
    const foreign = new Proxy({ a: 1 }, { get: (t, k) => (ran.push(`get ${String(k)}`), Reflect.get(t, k)) });
    class Loud extends Map<string, number> {
      override entries(): MapIterator<[string, number]> {
        ran.push('entries');
        return super.entries();
      }
    }
    class Named {
      static get name() {
        ran.push('static name');
        return 'Named';
      }
      kind = 'n';
    }
    const when = new Date(5);
    when.getTime = () => (ran.push('getTime'), 0);
    const tracked = track({ n: 1 });
    const value = { lazy, foreign, loud: new Loud([['k', 1]]), named: new Named(), when, tracked: [tracked] };
    m.assign(o, value);
    expect(ran).toEqual([]);
    const kept = changesOf(o).at(-1)!.value as any;
    expect(kept.lazy).toEqual({ tier: 'basic', discount: { $getter: true } });
    expect(kept.foreign).toEqual({ $unreadable: 'a Proxy, not read (its traps would run)' });
    expect([...kept.loud]).toEqual([['k', 1]]);
    expect(kept.named).toEqual({ kind: 'n' });
    expect(kept.when.getTime()).toBe(5);
    expect(kept.tracked).toEqual([{ n: 1 }]);
    // the export writes the copy's markers as its own; data with the same keys is escaped
    const exported = serializeChange(changesOf(o).at(-1)!).value as any;
    expect(exported.lazy).toEqual({ tier: 'basic', discount: { $getter: true } });
    expect(exported.foreign).toEqual({ $unreadable: 'a Proxy, not read (its traps would run)' });
    m.assign(o, { $getter: true });
    expect(serializeChange(changesOf(o).at(-1)!).value).toEqual({ $$getter: true });
    // a setter a program put on Object.prototype is not what fills the copy
    Object.defineProperty(Object.prototype, 'field', {
      configurable: true,
      set: () => ran.push('inherited setter'),
    });
    try {
      m.assign(o, { field: 1, __proto__: null });
    } finally {
      delete (Object.prototype as any).field;
    }
    expect(ran).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(changesOf(o).at(-1)!.value, 'field')?.value).toBe(1);
  });

  it('a plain value is recorded as it was then; a tracked instance by reference', () => {
    const o = new m.Order();
    const plainCustomer = { tier: 'basic' };
    m.assign(o, plainCustomer);
    plainCustomer.tier = 'gold';
    const tracked = new m.Customer();
    m.assign(o, tracked);
    const [first, second] = changesOf(o);
    expect(first!.value).toEqual({ tier: 'basic' });
    expect(first!.value).not.toBe(plainCustomer);
    expect(second!.value).toBe(tracked);
    expect(second!.old).toEqual({ tier: 'gold' });
  });

  it('a 10 MB array written to a field is recorded as a copy bounded by maxValueBytes, counted up to twice that', () => {
    const o = new m.Order();
    const big = Array.from({ length: 1_250_000 }, (_, i) => i * 7); // 9.8 MB of JSON
    m.assign(o, big);
    m.assign(o, null);
    const [write, overwrite] = changesOf(o);
    const limit = 16_384; // the default
    for (const kept of [write!.value, overwrite!.old] as { $truncated: number; preview: string }[]) {
      expect(Object.keys(kept)).toEqual(['$truncated', 'atLeast', 'preview']);
      expect(Buffer.byteLength(kept.preview)).toBeLessThanOrEqual(limit);
      expect(Buffer.byteLength(kept.preview)).toBeGreaterThan(limit - 50);
      expect(kept.preview.startsWith('[0,7,14,')).toBe(true);
      // counted past the cut up to maxValueBytes more, then a lower bound (exact as far as it goes:
      // integers, no strings to escape), where the whole 10 MB would have been walked on every write
      expect(kept.$truncated).toBeGreaterThanOrEqual(2 * limit);
      expect(kept.$truncated).toBeLessThan(2 * limit + 20);
      expect(JSON.stringify(big).startsWith(`${kept.preview}`)).toBe(true);
    }
    // the export writes the kept marker uncut, as its own marker (data with a `$` key is escaped)
    const exported = serializeChange(write!).value as Record<string, unknown>;
    expect(exported).toEqual({
      $truncated: (write!.value as any).$truncated,
      atLeast: true,
      preview: (write!.value as any).preview,
    });
    expect(Buffer.byteLength(JSON.stringify(exported))).toBeLessThanOrEqual(limit);
    // data of the same shape is data: its key is escaped
    m.assign(o, { $truncated: 5, preview: 'x' });
    expect(serializeChange(changesOf(o).at(-1)!).value).toEqual({ $$truncated: 5, preview: 'x' });
  });

  it('a smaller maxValueBytes bounds the copy; within it the copy keeps Maps, Sets and class names', () => {
    class Address {
      city = 'Oslo';
      zip = new Map([['code', 150]]);
    }
    const o = new m.Order();
    try {
      configure({ maxValueBytes: 64 });
      m.assign(o, { tier: 'x'.repeat(100) });
      m.assign(o, new Address());
    } finally {
      configure({ maxValueBytes: 16_384 });
    }
    const [long, address] = changesOf(o);
    expect(long!.value).toEqual({ $truncated: 111, preview: expect.stringMatching(/^\{"tier":"x+$/) });
    expect(Buffer.byteLength(JSON.stringify(serializeChange(long!).value))).toBeLessThanOrEqual(64);
    expect(address!.value).toEqual({ city: 'Oslo', zip: new Map([['code', 150]]) });
    expect(address!.value).not.toBeInstanceOf(Address); // a copy: the class itself is not kept
    expect((address!.value as object).constructor.name).toBe('Address');
    expect(serializeChange(address!).value).toMatchObject({ $class: 'Address', city: 'Oslo' });
  });

  it('a strict write to a frozen instance throws as on a plain object and records nothing', () => {
    const o = new m.Order();
    expect(() => m.freezeAndWrite(o)).toThrow(/Cannot assign to read only property 'total'/);
    expect(o.total).toBe(0);
    expect(log(o)).toEqual([]);
  });

  it('structuredClone of an instance copies its data', () => {
    const o = new m.Order();
    o.add('b');
    const copy = structuredClone(o);
    expect(copy).toEqual({
      lines: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 1 },
      ],
      tags: new Set(),
      byId: new Map(),
      customer: null,
      total: 0,
    });
  });
});

describe('classes: subclass chains in the glob', () => {
  const warn = vi.spyOn(console, 'warn');
  beforeEach(() => {
    history.clear();
    warn.mockClear();
  });
  afterEach(() => {
    warn.mockClear();
  });

  const CHAIN = `
export class Base { a = 1; setA(v: number) { this.a = v; } }
export class Mid extends Base { b = { n: 1 }; }
export class Leaf extends Mid {
  c: number;
  constructor() { super(); this.c = 3; }
  later(v: number) { (this as any).extra = v; }
  deep(n: number) { this.b.n = n; }
}
`;

  it('no warning; every instance of every class tracked once, labelled by its own class', async () => {
    const m = load(CHAIN, '/proj/src/chain.ts', { classes: 'src/**' });
    const leaves = [new m.Leaf(), new m.Leaf()];
    const mid = new m.Mid();
    const base = new m.Base();
    await Promise.resolve();
    for (const x of [...leaves, mid, base]) x.setA(2);
    for (const leaf of leaves) leaf.deep(5);
    expect(warn).not.toHaveBeenCalled();
    expect(
      leaves.map((l) => changesOf(l).map((c) => [c.label.replace(/\d+$/, ''), c.path.join('.')])),
    ).toEqual([
      [
        ['Leaf#', 'a'],
        ['Leaf#', 'b.n'],
      ],
      [
        ['Leaf#', 'a'],
        ['Leaf#', 'b.n'],
      ],
    ]);
    expect(changesOf(mid).map((c) => c.label.replace(/\d+$/, ''))).toEqual(['Mid#']);
    expect(changesOf(base).map((c) => c.label.replace(/\d+$/, ''))).toEqual(['Base#']);
  });

  it('fields created after construction are recorded on every instance', () => {
    const m = load(CHAIN, '/proj/src/chain.ts', { classes: 'src/**' });
    const [x, y] = [new m.Leaf(), new m.Leaf()];
    x.later(1);
    y.later(2);
    y.later(3);
    expect(changesOf(x).map((c) => [c.path[0], c.op, c.value, c.old])).toEqual([
      ['extra', 'set', 1, undefined],
    ]);
    expect(changesOf(y).map((c) => [c.path[0], c.value, c.old])).toEqual([
      ['extra', 2, undefined],
      ['extra', 3, 2],
    ]);
  });

  it('a subclass outside the glob: its fields are data properties, their objects owned after the job', async () => {
    const chain = load(CHAIN, '/proj/src/chain.ts', { classes: 'src/**' });
    const source = `import { Mid } from './chain';
export class Outside extends Mid { own = { k: 1 }; poke(v: number) { this.own.k = v; } }`;
    const m = runCjs(compileCjs(source, '/proj/lib/outside.ts', { classes: 'src/**' }), { './chain': chain });
    const o = new m.Outside();
    o.setA(5);
    o.poke(2); // \`own\` is defined after Mid's constructor finished the instance: owned from the end of the job
    await Promise.resolve();
    o.poke(3);
    expect(warn).not.toHaveBeenCalled();
    expect(changesOf(o).map((c) => [c.label.replace(/\d+$/, ''), c.path.join('.'), c.value])).toEqual([
      ['Outside#', 'a', 5],
      ['Outside#', 'own.k', 3],
    ]);
  });
});

describe('variables: recorded values are bounded too', () => {
  it('a large object assigned to an instrumented let is kept as the $truncated marker', () => {
    const [holder] = runtime.variables('/proj/src/vars.ts', ['rows']);
    const rows = Array.from({ length: 2000 }, (_, i) => ({ id: i })); // 22 KB: counted exactly (≤ 2 × 16 KB)
    runtime.assigned(holder!, undefined, rows, 0);
    const [change] = changesOf(holder!);
    expect(change!.value).toEqual({ $truncated: JSON.stringify(rows).length, preview: expect.any(String) });
    expect((change!.value as { preview: string }).preview.startsWith('[{"id":0},{"id":1},')).toBe(true);
  });
});

describe('classes: garbage collection (child process, --expose-gc)', () => {
  it('a value written to a field or an instrumented let, then overwritten, is collected; a kept one is not', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', '--conditions=statetrail-source', '--import', 'tsx', 'test/transformer/gc-child.ts'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ collected: ['field', 'variable'], recorded: ['value', 'value'] });
  });
});

describe('classes: bad input to the runtime entry points', () => {
  it('trackInstance names the argument and what it expected', () => {
    class K {}
    expect(() => runtime.trackInstance(null as never, K, K)).toThrow(
      /trackInstance: instance must be the object being constructed \(this\), got null/,
    );
    expect(() => runtime.trackInstance({}, 1 as never, K)).toThrow(
      /trackInstance: cls must be a class, got number 1/,
    );
    expect(() => runtime.trackInstance({}, K, 'K' as never)).toThrow(
      /trackInstance: newTarget must be a class \(new\.target\), got the string "K"/,
    );
  });
  it('keyed writes on values that are not tracked only pass their value through', () => {
    expect(runtime.doneKey(runtime.atKey(0, null, 'k', 3))).toBe(3);
    expect(runtime.doneCall(runtime.atCall(0, 42, 'x'))).toBe('x');
  });
});
