import { changesOf, history, isTracked, lastChange, rawOf, track } from 'statetrail';
import { describe, expect, it } from 'vitest';

const ops = (target: object) =>
  changesOf(target).map((c) => [c.op, c.path, 'value' in c ? c.value : '-', c.old]);

describe('track() on plain objects', () => {
  it('records sets with path, old and new value, label and target', () => {
    const account = track({ owner: 'ann', balance: 10 }, { label: 'acct-1' });
    account.balance = 25;
    const c = lastChange(account)!;
    expect(c).toMatchObject({ op: 'set', path: ['balance'], value: 25, old: 10, label: 'acct-1' });
    expect(c.target).toBe(account);
    expect(typeof c.seq).toBe('number');
    expect(Math.abs(c.time - Date.now())).toBeLessThan(1000);
  });

  it('records new keys without old, and deletes with old', () => {
    const o = track<Record<string, number>>({});
    o.a = 1;
    delete o.a;
    delete o.missing;
    const [add, del] = changesOf(o);
    expect(add).toMatchObject({ op: 'set', path: ['a'], value: 1 });
    expect('old' in add!).toBe(false);
    expect(del).toMatchObject({ op: 'delete', path: ['a'], old: 1 });
    expect(changesOf(o)).toHaveLength(2);
  });

  it('a key written again after a delete, or after an array shrank past it, is new again', () => {
    const o = track<Record<string, number>>({});
    o.a = 1;
    o.a = 2;
    delete o.a;
    o.a = 3;
    const list = track([0, 1, 2]);
    list[2] = 5;
    list.length = 1;
    list[2] = 6;
    expect(changesOf(o).map((c) => [c.op, c.value, 'old' in c])).toEqual([
      ['set', 1, false],
      ['set', 2, true],
      ['delete', undefined, true],
      ['set', 3, false],
    ]);
    expect('old' in lastChange(list)!).toBe(false);
  });

  it('does not record a write that leaves the value as it was', () => {
    const o = track({ a: 1, n: Number.NaN });
    o.a = 1;
    o.n = Number.NaN;
    expect(changesOf(o)).toHaveLength(0);
  });

  it('gives default labels by kind and returns the same proxy for the same object', () => {
    const raw = { x: 1 };
    const a = track(raw);
    expect(track(raw)).toBe(a);
    expect(track(a)).toBe(a);
    expect(rawOf(a)).toBe(raw);
    expect(rawOf(raw)).toBe(raw);
    expect(isTracked(a)).toBe(true);
    expect(isTracked(raw)).toBe(false);
    expect(isTracked(42)).toBe(false);
    a.x = 2;
    expect(lastChange(a)!.label).toMatch(/^Object#\d+$/);
    const list = track([1]);
    list.push(2);
    expect(lastChange(list)!.label).toMatch(/^Array#\d+$/);
  });

  it('tracks nested objects deeply with paths, including values assigned later', () => {
    const order = track({
      customer: { name: 'Ann' },
      lines: [{ sku: 'a', qty: 1 }] as { sku: string; qty: number }[],
    });
    order.customer.name = 'Bob';
    order.lines[0]!.qty = 3;
    const later = { street: 'Main' };
    (order as any).address = later;
    (order as any).address.street = 'High';
    expect(ops(order)).toEqual([
      ['set', ['customer', 'name'], 'Bob', 'Ann'],
      ['set', ['lines', 0, 'qty'], 3, 1],
      ['set', ['address'], later, undefined],
      ['set', ['address', 'street'], 'High', 'Main'],
    ]);
    expect(isTracked(order.customer)).toBe(true);
    expect(rawOf(order).customer).not.toBe(order.customer);
  });

  it('stores raw values, never proxies, in the raw graph', () => {
    const a = track({ child: null as null | { v: number } });
    const b = track({ v: 1 });
    a.child = b;
    expect(rawOf(a).child).toBe(rawOf(b));
    expect(a.child).toBe(b);
  });

  it('stops reporting detached values to their old parent', () => {
    const root = track({ child: { v: 1 } as { v: number } | null });
    const child = root.child!;
    root.child = null;
    child.v = 2;
    expect(ops(root)).toEqual([['set', ['child'], null, rawOf(child)]]);
    root.child = child;
    child.v = 3;
    expect(lastChange(root)).toMatchObject({ path: ['child', 'v'], value: 3, old: 2 });
  });

  it('reports moved values under their new path', () => {
    const root = track({
      a: { v: 1 } as { v: number } | undefined,
      b: undefined as { v: number } | undefined,
    });
    const moved = root.a!;
    root.b = moved;
    delete root.a;
    moved.v = 2;
    expect(lastChange(root)!.path).toEqual(['b', 'v']);
  });

  it('handles cycles and shared subtrees', () => {
    const shared = { n: 0 };
    const root = track({ left: shared, right: shared, self: null as unknown });
    root.self = root;
    expect(root.self).toBe(root);
    root.left.n = 1;
    expect(lastChange(root)!.path).toEqual(['left', 'n']);
    delete (root as any).left;
    root.right.n = 2;
    expect(lastChange(root)!.path).toEqual(['right', 'n']);
    const cyclic: any = { name: 'a' };
    cyclic.me = cyclic;
    const t = track(cyclic);
    t.me.me.name = 'b';
    expect(lastChange(t)!.path).toEqual(['name']);
  });

  it('reports a change in a subtree shared by two roots to observers of both', async () => {
    const { observe } = await import('statetrail');
    const shared = { n: 0 };
    const one = track({ s: shared });
    const two = track({ s: shared });
    const seen: string[] = [];
    observe(one, () => seen.push('one'));
    observe(two, () => seen.push('two'));
    expect(one.s).toBe(two.s); // one node, reached through both parents
    two.s.n = 1;
    one.s.n = 2;
    expect(seen.sort()).toEqual(['one', 'one', 'two', 'two']);
  });

  it('keeps failed writes out of the history and rethrows unchanged', () => {
    const frozen = track(Object.freeze({ a: 1 }));
    expect(() => {
      (frozen as any).a = 2;
    }).toThrow(TypeError);
    expect(() => delete (frozen as any).a).toThrow(TypeError);
    const boom = new Error('setter says no');
    const withSetter = track({
      set v(_x: number) {
        throw boom;
      },
      get v() {
        return 0;
      },
    });
    let caught: unknown;
    try {
      withSetter.v = 1;
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(boom);
    const nonExt = track(Object.preventExtensions({ a: 1 }));
    expect(() => {
      (nonExt as any).b = 1;
    }).toThrow(TypeError);
    expect(changesOf(frozen)).toEqual([]);
    expect(changesOf(withSetter)).toEqual([]);
    expect(changesOf(nonExt)).toEqual([]);
  });

  it('reads accessors once per access and never to learn an old value', () => {
    let reads = 0;
    const o = track({
      _v: 1,
      get v() {
        reads++;
        return this._v;
      },
      set v(x: number) {
        this._v = x;
      },
    });
    o.v = 5;
    expect(reads).toBe(0);
    expect(o.v).toBe(5);
    expect(reads).toBe(1);
    expect(changesOf(o).map((c) => c.path)).toEqual([['_v']]);
  });

  it('records Object.defineProperty writes through the proxy', () => {
    const o = track<Record<string, number>>({ a: 1 });
    Object.defineProperty(o, 'a', { value: 2 });
    Object.defineProperty(o, 'b', { value: 3, writable: true, enumerable: true, configurable: true });
    expect(ops(o)).toEqual([
      ['set', ['a'], 2, 1],
      ['set', ['b'], 3, undefined],
    ]);
  });

  it('respects Proxy invariants for non-configurable, non-writable object properties', () => {
    const inner = { v: 1 };
    const o = track(
      Object.defineProperty({}, 'fixed', { value: inner, writable: false, configurable: false }),
    );
    expect((o as any).fixed).toBe(inner);
  });

  it('does not track nested values of a deep: false root', () => {
    const o = track({ nested: { v: 1 } }, { deep: false });
    expect(isTracked(o.nested)).toBe(false);
    o.nested.v = 2;
    expect(changesOf(o)).toEqual([]);
  });

  it('uses the object as prototype without recording writes to the inheriting object', () => {
    const proto = track({ base: 1 });
    const heir = Object.create(proto);
    heir.base = 2;
    expect(heir.base).toBe(2);
    expect(proto.base).toBe(1);
    expect(changesOf(proto)).toEqual([]);
  });

  it('rejects values it cannot track, naming the argument', () => {
    expect(() => track(42 as any)).toThrow(
      /track: value must be a plain object, array, Map or Set.*got number 42/,
    );
    expect(() => track(new Date())).toThrow(/got a Date/);
    expect(() => track(null as any)).toThrow(TypeError);
    expect(() => track({}, { label: 3 } as any)).toThrow(/options.label must be a non-empty string/);
    expect(() => track({}, { historyLimit: -1 })).toThrow(RangeError);
    expect(() => track({}, { colour: 'red' } as any)).toThrow(
      /unknown option "colour".*valid options are label/,
    );
  });

  it('records in the global history', () => {
    const o = track({ a: 1 });
    const before = history.size;
    o.a = 2;
    expect(history.size).toBe(Math.min(before + 1, history.limit));
    expect(history.changes().at(-1)).toBe(lastChange(o));
  });
});
