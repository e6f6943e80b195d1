/** @tracked options, context, crumbs, trackClass and documented edges (TS 6 standard decorators). */
import {
  changesOf,
  clearCrumbs,
  configureCrumbs,
  crumbs,
  isTracked,
  lastChange,
  transaction,
  withActor,
  withContext,
} from 'statetrail';
import { atCall, atKey, doneCall, doneKey, trackClass } from 'statetrail/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { load, MODES } from './compile';

const standard = MODES.find((m) => m.name === 'ts-standard')!;
let m: Record<string, any>;
beforeAll(async () => {
  m = await load(standard, 'options');
});

describe('@tracked options', () => {
  it('deep: false keeps nested values raw (no nested changes), fields still tracked', () => {
    const s = new m.Shallow();
    s.items.push(1);
    s.n = 2;
    s.items = [3];
    expect(changesOf(s).map((c) => c.path)).toEqual([['n'], ['items']]);
    expect(isTracked(s.items)).toBe(false);
    expect(structuredClone(s)).toEqual({ items: [3], n: 2 }); // raw values clone
  });

  it('captureSnapshots, historyLimit, captureStack, redact', () => {
    const snap = new m.Snap();
    snap.a = 2;
    expect(lastChange(snap)).toMatchObject({ before: { a: 1 }, after: { a: 2 } });
    const l = new m.Limited();
    for (let i = 1; i <= 5; i++) l.n = i;
    expect(changesOf(l).map((c) => c.value)).toEqual([4, 5]);
    const st = new m.Stacked();
    st.n = 1;
    expect(lastChange(st)!.stack).toContain('options.test');
    const u = new m.User();
    u.password = 'secret';
    expect(lastChange(u)).toMatchObject({ path: ['password'], value: '[REDACTED]' });
    expect(u.password).toBe('secret');
  });
});

describe('context, transactions and crumbs', () => {
  it('records actor, context and transaction like track()', () => {
    const o = new m.TrackedOrder();
    withActor('ann', () =>
      withContext({ request: 'r1' }, () => transaction('checkout', () => (o.status = 'paid'))),
    );
    expect(lastChange(o)).toMatchObject({
      actor: 'ann',
      context: { request: 'r1' },
      tx: { name: 'checkout' },
    });
  });

  it('writes crumbs for changes', () => {
    configureCrumbs({ changes: true });
    clearCrumbs();
    const o = new m.TrackedOrder();
    o.qty = 4;
    expect(JSON.stringify(crumbs())).toContain('qty');
  });
});

describe('trackClass (runtime, for the transformer)', () => {
  it('with trackInstance at the end of the constructor: a tracked root that stays a plain object', () => {
    const l = new m.Ledger();
    expect(isTracked(l)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(l, 'total')).toMatchObject({ value: 0, writable: true });
    l.total = 5; // a write the transformer did not see: not recorded
    // what instrumented code does (docs/transformer.md, "How `classes` works")
    doneKey((l.total = atKey(0, l, 'total', 6)));
    doneCall(l.entries.push(atCall(0, l.entries, 1)));
    expect(changesOf(l).map((c) => [c.path, c.op, c.value, c.old])).toEqual([
      [['total'], 'set', 6, 5],
      [['entries'], 'splice', [1], undefined],
    ]);
    expect(lastChange(l)!.label).toMatch(/^Ledger#\d+$/);
    expect(l.constructor).toBe(m.Ledger);
  });

  it('the mark alone cannot reach field definitions (see docs): instances stay plain', () => {
    const x = new m.MarkedOnly();
    expect(isTracked(x)).toBe(false);
  });
});

describe('documented edges', () => {
  it('a non-configurable property does not stop the other fields from being tracked', () => {
    const l = new m.Locked();
    l.a = 2;
    expect(changesOf(l).map((c) => [c.path, c.value])).toEqual([[['a'], 2]]);
    expect(JSON.stringify(l)).toBe('{"a":2,"fixed":"f"}');
  });

  it('a class with no field is tracked; a label function must return a string', () => {
    expect(isTracked(new m.Empty())).toBe(true);
    expect(() => new m.BadLabel()).toThrow(/options\.label must return a non-empty string/);
  });

  it('a field the constructor adds without declaring it is tracked', () => {
    const b = new m.Bag();
    b.added = 'y';
    expect(changesOf(b).map((c) => [c.path, c.old, c.value])).toEqual([[['added'], 'x', 'y']]);
  });

  it('an instance sealed by its constructor cannot be tracked: a clear error', () => {
    expect(() => new m.Sealed()).toThrow(/@tracked Sealed: the instance was made non-extensible/);
  });

  it('trackClass takes classes only', () => {
    expect(() => trackClass(() => 1)).toThrow(/trackClass: expected a class/);
  });

  it('an object inheriting from an instance gets its own property, as with a data field', () => {
    const o = new m.TrackedOrder();
    const heir = Object.create(o);
    heir.qty = 7;
    expect(Object.hasOwn(heir, 'qty')).toBe(true);
    expect(o.qty).toBe(0);
    expect(changesOf(o)).toEqual([]);
  });

  it('hidden storage is non-enumerable symbol properties; fields are enumerable accessors', () => {
    const o = new m.TrackedOrder();
    expect(Object.getOwnPropertyNames(o)).toEqual(['status', 'qty', 'note', 'flag']);
    expect(Object.getOwnPropertySymbols(o).map(String)).toEqual([
      'Symbol(statetrail.node)',
      'Symbol(statetrail.status)',
      'Symbol(statetrail.qty)',
      'Symbol(statetrail.note)',
      'Symbol(statetrail.flag)',
    ]);
    expect(Object.keys(o)).toEqual(['status', 'qty', 'note', 'flag']);
    expect(Object.getOwnPropertyDescriptor(o, 'qty')).toMatchObject({ enumerable: true, configurable: true });
  });

  it('an instance frozen after construction rejects writes to tracked fields and records nothing', () => {
    const o = Object.freeze(new m.TrackedOrder());
    expect(() => {
      o.qty = 5;
    }).toThrow(TypeError);
    expect(o.qty).toBe(0);
    expect(changesOf(o)).toEqual([]);
  });

  it('properties added after construction and deletes are not recorded', () => {
    const o = new m.TrackedOrder();
    o.extra = 1;
    delete o.note;
    expect(changesOf(o)).toEqual([]);
    expect(JSON.stringify(o)).toBe('{"status":"open","qty":0,"flag":false,"extra":1}');
  });
});
