/** Against the real core: tracked targets record the expected changes, each with its site. */

import * as core from 'statetrail';
import { changesOf, history, track } from 'statetrail';
import * as runtime from 'statetrail/runtime';
import { instrument } from 'statetrail/transformer';
import { beforeEach, describe, expect, it } from 'vitest';
import { load } from './load';

const source = `import { track } from 'statetrail';
export const order = track({ id: 1, lines: [{ sku: 'a', qty: 1 }], customer: { name: 'Ann' }, total: 0, note: null as string | null });
export const plain = { x: 0 };
export function run(k: string) {
  order.total = 10;
  order.total += 5;
  order.lines[0].qty++;
  --order.lines[0].qty;
  order.customer[k] = 'Bob';
  order.note ??= 'n';
  order.note ||= 'never';
  order.total -= 3;
  delete (order.customer as any).name;
  [order.id, order.customer.name] = [2, 'Cy'];
  for (order.total of [100]) {}
  plain.x = 1;
  plain.x++;
}
`;

describe('against the real core', () => {
  beforeEach(() => history.clear());

  it('records every write kind with its site (file, line, column, code)', () => {
    const m = load(source);
    m.run('name');
    const changes = changesOf(m.order).map((c) => ({
      path: c.path,
      op: c.op,
      value: c.value,
      old: c.old,
      site: c.site,
    }));
    const at = (line: number, column: number, code: string) => ({ file: 'src/model.ts', line, column, code });
    expect(changes).toEqual([
      { path: ['total'], op: 'set', value: 10, old: 0, site: at(5, 3, 'order.total = 10') },
      { path: ['total'], op: 'set', value: 15, old: 10, site: at(6, 3, 'order.total += 5') },
      { path: ['lines', 0, 'qty'], op: 'set', value: 2, old: 1, site: at(7, 3, 'order.lines[0].qty++') },
      { path: ['lines', 0, 'qty'], op: 'set', value: 1, old: 2, site: at(8, 3, '--order.lines[0].qty') },
      {
        path: ['customer', 'name'],
        op: 'set',
        value: 'Bob',
        old: 'Ann',
        site: at(9, 3, "order.customer[k] = 'Bob'"),
      },
      { path: ['note'], op: 'set', value: 'n', old: null, site: at(10, 3, "order.note ??= 'n'") },
      { path: ['total'], op: 'set', value: 12, old: 15, site: at(12, 3, 'order.total -= 3') },
      {
        path: ['customer', 'name'],
        op: 'delete',
        value: undefined,
        old: 'Bob',
        site: at(13, 3, 'delete (order.customer as any).name'),
      },
      { path: ['id'], op: 'set', value: 2, old: 1, site: at(14, 4, 'order.id') },
      {
        path: ['customer', 'name'],
        op: 'set',
        value: 'Cy',
        old: undefined,
        site: at(14, 14, 'order.customer.name'),
      },
      { path: ['total'], op: 'set', value: 100, old: 12, site: at(15, 8, 'order.total') },
    ]);
    expect(m.plain.x).toBe(2);
    expect(history.changes().length).toBe(11); // untracked writes record nothing
  });

  it('the same program without the transformer records the same changes, without sites', () => {
    const m = load(source, '/proj/src/other.ts', { include: 'nothing/**' });
    m.run('name');
    const changes = changesOf(m.order);
    expect(changes.length).toBe(11);
    expect(changes.every((c) => c.site === undefined)).toBe(true);
  });

  it('variables: let/var reassignments are recorded with the name as label', () => {
    const m = load(
      `export function count() { let n = 0; for (let i = 0; i < 3; i++) n += i; var label = 'a'; label = 'b'; let [p, q] = [1, 2]; [p, q] = [q, p]; return n; }`,
      '/proj/src/vars.ts',
      { variables: true },
    );
    expect(m.count()).toBe(3);
    const changes = history.changes().map((c) => [c.label, c.old, c.value, c.site?.code]);
    expect(changes).toEqual([
      ['i', 0, 1, 'i++'], // n += 0 changes nothing: not recorded
      ['n', 0, 1, 'n += i'],
      ['i', 1, 2, 'i++'],
      ['n', 1, 3, 'n += i'],
      ['i', 2, 3, 'i++'],
      ['label', 'a', 'b', "label = 'b'"],
      ['p', 1, 2, 'p'],
      ['q', 2, 1, 'q'],
    ]);
  });

  it('a write to a tracked object inside the right-hand side does not steal the outer site', () => {
    const m = load(
      `import { track } from 'statetrail';
export const a = track({ v: 0 }), b = track({ w: 0 });
export function go() { a.v = (b.w = 1, 2); }`,
      '/proj/src/nested.ts',
    );
    m.go();
    expect(history.changes().map((c) => [c.path[0], c.site?.code])).toEqual([
      ['w', 'b.w = 1'],
      ['v', 'a.v = (b.w = 1, 2)'],
    ]);
  });

  it('track() objects written from uninstrumented code after an instrumented untracked write get no stale site', () => {
    const m = load(`export const plain = { x: 0 }; export function w() { plain.x = 1; }`, '/proj/src/u.ts');
    const t = track({ x: 0 });
    m.w();
    t.x = 2;
    expect(changesOf(t)[0]!.site).toBeUndefined();
  });

  it('variables: exported let bindings stay in sync with exports in CommonJS output', () => {
    const m = load(
      `export let counter = 0;\nexport let named: unknown;\nexport function inc() { counter++; counter += 2; [counter] = [counter + 1]; named = () => 1; return counter; }`,
      '/proj/src/counter.ts',
      { variables: true },
    );
    expect(m.inc()).toBe(4);
    expect(m.counter).toBe(4);
    expect((m.named as Function).name).toBe(''); // as without the transformer: TS's CommonJS emit writes exports.named = () => 1
    expect(history.changes().map((c) => [c.label, c.value])).toEqual([
      ['counter', 1],
      ['counter', 3],
      ['counter', 4],
      ['named', m.named],
    ]);
  });

  it('classes: instances of classes declared in matching files are tracked, writes carry their site', () => {
    const m = load(
      `export class Account {
  balance = 0;
  constructor(public owner: string) {
    if (owner === 'nobody') return;
  }
  deposit(n: number) {
    this.balance += n;
    return this;
  }
}
export class Savings extends Account {
  rate = 2;
}
export class Odd {
  constructor() {
    return { replaced: true };
  }
}`,
      '/proj/src/model/account.ts',
      { classes: 'src/model/**' },
    );
    const a = new m.Account('ann').deposit(5);
    const s = new m.Savings('bob').deposit(7);
    const n = new m.Account('nobody').deposit(1);
    expect(new m.Odd()).toEqual({ replaced: true });
    expect(a).toBeInstanceOf(m.Account);
    expect(s).toBeInstanceOf(m.Savings);
    expect(m.Savings.name).toBe('Savings');
    const site = 'src/model/account.ts:7:5 this.balance += n';
    const rows = (o: object) =>
      changesOf(o).map((c) => [
        c.path.join('.'),
        c.value,
        c.site && `${c.site.file}:${c.site.line}:${c.site.column} ${c.site.code}`,
      ]);
    expect(rows(a)).toEqual([['balance', 5, site]]);
    expect(rows(s)).toEqual([['balance', 7, site]]);
    expect(rows(n)).toEqual([['balance', 1, site]]);
    expect(JSON.stringify(s)).toBe('{"owner":"bob","balance":7,"rate":2}'); // TS's own order: parameter property first
  });

  it('function bodies refer to local aliases; parameters, field initializers, concise arrows and constructors do not; every write keeps its site', () => {
    const text = `import { track } from 'statetrail';
export const t = track({ a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0, h: 0 });
export function go(x = (t.a = 1)) {
  for (let i = 0; i < 3; i++) t.b = i;
  const arrow = () => (t.c = 1);
  const inner = function () { t.d = 1; };
  class K { field = (t.e = 1); constructor() { t.f = 1; } [(t.g = 1, 'm')]() { t.h = 1; } }
  arrow(); inner(); new K().m();
  return x;
}`;
    const code = instrument(text, '/proj/src/aliases.ts', { root: '/proj' }).code;
    const body = (from: string, to: string) =>
      code.slice(code.indexOf(from), code.indexOf(to, code.indexOf(from)));
    // go's body and inner's declare aliases and use them; the default, the arrow, field and constructor do not
    expect(code).toContain('export function go(x = (__st$d(t.a = __st$a(__st$s + 0, 1)))) {');
    expect(body('export function go', 'for (')).toContain(
      'const __st$a$ = __st$a, __st$d$ = __st$d, __st$s$ = __st$s;',
    );
    expect(code).toContain('__st$d$(t.b = __st$a$(__st$s$ + 1, i))');
    expect(code).toContain('const arrow = () => (__st$d(t.c = __st$a(__st$s + 2, 1)));');
    expect(body('function () {', '};')).toContain(
      'const __st$a$ = __st$a, __st$d$ = __st$d, __st$s$ = __st$s;',
    );
    expect(code).toContain('field = (__st$d(t.e = __st$a(__st$s + 4, 1)));');
    expect(body('constructor() {', '}')).toContain('__st$d(t.f = __st$a(__st$s + 5, 1))');
    expect(code).toContain("[(__st$d(t.g = __st$a(__st$s + 6, 1)), 'm')]() {"); // a method's name: outside its body
    expect(body("'m')]() {", '}')).toContain('__st$d$(t.h = __st$a$(__st$s$ + 7, 1))');

    const m = load(text, '/proj/src/aliases.ts');
    expect(m.go()).toBe(1);
    expect(changesOf(m.t).map((c) => [c.path[0], c.value, c.site?.code])).toEqual([
      ['a', 1, 't.a = 1'],
      ['b', 1, 't.b = i'],
      ['b', 2, 't.b = i'],
      ['g', 1, 't.g = 1'],
      ['c', 1, 't.c = 1'],
      ['d', 1, 't.d = 1'],
      ['e', 1, 't.e = 1'],
      ['f', 1, 't.f = 1'],
      ['h', 1, 't.h = 1'],
    ]);
  });

  it('a write that records nothing leaves no stale site for the next uninstrumented write', () => {
    const m = load(
      `export function same(t: { x: number }) { t.x = t.x; }\nexport function early(t: { x: number }) { t.x = 1; }`,
      '/proj/src/stale.ts',
    );
    const t = track({ x: 1 });
    m.same(t); // same value: nothing recorded
    t.x = 2; // uninstrumented
    const plain = { x: 0 };
    m.early(plain); // not tracked (yet): nothing recorded
    t.x = 3;
    expect(changesOf(t).map((c) => [c.value, c.site])).toEqual([
      [2, undefined],
      [3, undefined],
    ]);
  });

  it('CommonJS sources that require statetrail get sites and tracked classes without the global', () => {
    const code = [
      "const { track } = require('statetrail');",
      'const order = track({ total: 0 });',
      'order.total = 3;',
      'class Account { balance = 0; deposit(n) { this.balance += n; return this; } }',
      'module.exports = { order, account: new Account().deposit(2) };',
    ].join('\n');
    const out = instrument(code, '/proj/src/legacy.cjs', { root: '/proj', classes: 'src/**' });
    expect(out.diagnostics).toEqual([]);
    // as when the runtime was never loaded before this file: no global registered
    const key = Symbol.for('statetrail.runtime');
    const registered = (globalThis as Record<symbol, unknown>)[key];
    delete (globalThis as Record<symbol, unknown>)[key];
    const module = { exports: {} as Record<string, any> };
    try {
      const require = (id: string) =>
        id === 'statetrail' ? core : id === 'statetrail/runtime' ? runtime : undefined;
      new Function('require', 'module', out.code)(require, module);
    } finally {
      (globalThis as Record<symbol, unknown>)[key] = registered;
    }
    const { order, account } = module.exports;
    expect(changesOf(order).map((c) => c.site)).toEqual([
      { file: 'src/legacy.cjs', line: 3, column: 1, code: 'order.total = 3' },
    ]);
    expect(changesOf(account).map((c) => [c.path, c.value, c.site?.line])).toEqual([[['balance'], 2, 4]]);
  });

  it('mutating calls (push, set, add, pop) carry their site, with arguments or without', () => {
    const m = load(
      `export function go(t: any) {\n  t.items.push(1, 2);\n  t.tags.add('a');\n  t.meta.set('k', 'v');\n  t.items.pop();\n}`,
      '/proj/src/calls.ts',
    );
    const t = track({ items: [] as number[], tags: new Set<string>(), meta: new Map<string, string>() });
    m.go(t);
    expect(
      changesOf(t).map((c) => [
        c.path.join('.'),
        c.op,
        c.site && `${c.site.line}:${c.site.column} ${c.site.code}`,
      ]),
    ).toEqual([
      ['items', 'splice', '2:3 t.items.push(1, 2)'],
      ['tags', 'add', "3:3 t.tags.add('a')"],
      ['meta.k', 'set', "4:3 t.meta.set('k', 'v')"],
      ['items', 'splice', '5:3 t.items.pop()'],
    ]);
  });

  it('Object.assign to a tracked object: its first change carries the site', () => {
    const m = load(
      `export function go(t: any) {\n  Object.assign(t, { a: 1 }, { b: 2 });\n}`,
      '/proj/src/merge.ts',
    );
    const t = track({ a: 0 });
    m.go(t);
    expect(changesOf(t).map((c) => [c.path.join('.'), c.value, c.site?.line])).toEqual([
      ['a', 1, 2],
      ['b', 2, undefined],
    ]);
  });
});
