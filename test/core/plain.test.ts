/** Issue 16 item 16: toPlain(), track() of an already-tracked object, and documented edges. */
import { changesOf, isTracked, toPlain, track } from 'statetrail';
import { tracked } from 'statetrail/decorators';
import { describe, expect, it } from 'vitest';

describe('toPlain', () => {
  it('copies the current data, untracked and unshared', () => {
    const when = new Date(0);
    const cart = track({
      items: [{ sku: 'a', qty: 1 }],
      tags: new Set(['x']),
      meta: new Map([['k', { v: 1 }]]),
      when,
    });
    cart.items[0]!.qty = 2;
    const plain = toPlain(cart);
    expect(plain).toEqual({
      items: [{ sku: 'a', qty: 2 }],
      tags: new Set(['x']),
      meta: new Map([['k', { v: 1 }]]),
      when,
    });
    expect(isTracked(plain) || isTracked(plain.items) || isTracked(plain.items[0])).toBe(false);
    plain.items[0]!.qty = 9;
    expect(cart.items[0]!.qty).toBe(2);
    expect(plain.when).not.toBe(when);
    expect(changesOf(cart)).toHaveLength(1);
  });

  it('copies @tracked instances as plain objects', () => {
    const Order = tracked(
      class Order {
        lines = [{ qty: 1 }];
        total = 5;
      },
    );
    const order = new Order();
    order.lines[0]!.qty = 3;
    expect(toPlain(order)).toEqual({ lines: [{ qty: 3 }], total: 5 });
  });
});

describe('track() of an object already tracked', () => {
  it('returns the same proxy; other options throw instead of being ignored', () => {
    const raw = { n: 1 };
    const a = track(raw, { label: 'a' });
    expect(track(raw)).toBe(a);
    expect(track(a, { label: 'a' })).toBe(a);
    expect(() => track(raw, { label: 'b' })).toThrow(
      /track: value is already tracked as "a" with other options/,
    );
    expect(() => track(a, { historyLimit: 5 })).toThrow(/already tracked/);
  });
});

describe('documented edges', () => {
  it('a Date inside a tracked object is a value: setFullYear is not recorded, assigning is', () => {
    const o = track({ when: new Date(0) });
    o.when.setFullYear(2000);
    expect(changesOf(o)).toHaveLength(0);
    o.when = new Date(o.when.getTime());
    expect(changesOf(o)).toHaveLength(1);
  });

  it('writing to a frozen tracked object throws a TypeError and records nothing', () => {
    const o = track(Object.freeze({ n: 1 }) as { n: number });
    expect(() => {
      o.n = 2;
    }).toThrow(TypeError);
    expect(changesOf(o)).toHaveLength(0);
  });
});
