/** structuredClone of @tracked instances and track() proxies: the clone is the raw data's, tracking goes on. */
import { changesOf, isTracked, toPlain, track } from 'statetrail';
import { tracked } from 'statetrail/decorators';
import { describe, expect, it } from 'vitest';

class Tag {
  name = 'sale';
}

const Cart = tracked(
  class Cart {
    owner = 'ann';
    items: string[] = ['a'];
    meta: { tier: string; tags: Tag[] } = { tier: 'basic', tags: [new Tag()] };
    counts = new Map([['a', 1]]);
    seen = new Set(['a']);
  },
);

describe('structuredClone of a @tracked instance', () => {
  it('copies array, object, Map and Set fields; deep tracking goes on afterwards', () => {
    const cart = new Cart();
    cart.items.push('b'); // a deep write before the clone: the field's child is a proxy by now
    const copy = structuredClone(cart);
    expect(copy).toEqual({
      owner: 'ann',
      items: ['a', 'b'],
      meta: { tier: 'basic', tags: [{ name: 'sale' }] },
      counts: new Map([['a', 1]]),
      seen: new Set(['a']),
    });
    expect(isTracked(copy.items)).toBe(false);
    copy.items.push('c'); // the copy is independent of the original
    expect(cart.items).toEqual(['a', 'b']);
    // after the clone the getters hand out tracking children again
    expect(isTracked(cart.items)).toBe(true);
    cart.meta.tier = 'gold';
    cart.counts.set('b', 2);
    expect(changesOf(cart).map((c) => c.path)).toEqual([['items'], ['meta', 'tier'], ['counts', 'b']]);
  });

  it('clones a nested @tracked instance, a track() proxy given directly, and cycles', () => {
    const Shelf = tracked(
      class Shelf {
        cart = new Cart();
        self: unknown = null;
      },
    );
    const shelf = new Shelf();
    shelf.self = shelf;
    const copy = structuredClone(shelf);
    expect(copy.cart.items).toEqual(['a']);
    expect(copy.self).toBe(copy);
    const state = track({ list: [1, { x: 2 }] });
    expect(structuredClone(state)).toEqual({ list: [1, { x: 2 }] });
  });

  it('keeps structuredClone errors and options as they are', () => {
    expect(() => (structuredClone as (...a: unknown[]) => unknown)()).toThrow(TypeError);
    const cart = new Cart();
    cart.meta = { tier: 'x', tags: [] };
    (cart as any).fn = () => 1; // not a field: a function is not cloneable, as without statetrail
    expect(() => structuredClone(cart)).toThrow(/could not be cloned/);
    const buffer = new ArrayBuffer(8);
    const moved = structuredClone({ buffer }, { transfer: [buffer] });
    expect(moved.buffer.byteLength).toBe(8);
    expect(buffer.byteLength).toBe(0);
  });

  it('a structuredClone inside a getter that another structuredClone runs leaves raw reads on until the outer ends', () => {
    const inner = new Cart();
    const outer = {
      get snapshot() {
        return structuredClone(inner).items;
      },
    };
    expect(structuredClone(outer)).toEqual({ snapshot: ['a'] });
    expect(isTracked(inner.items)).toBe(true);
  });

  it('structuredClone(toPlain(instance)): the route for what statetrail does not wrap (postMessage, v8.serialize)', () => {
    const cart = new Cart();
    cart.items.push('b');
    const { port1, port2 } = new MessageChannel();
    try {
      expect(() => port1.postMessage(cart)).toThrow(/could not be cloned/);
      expect(structuredClone(toPlain(cart))).toMatchObject({ items: ['a', 'b'], meta: { tier: 'basic' } });
    } finally {
      port1.close();
      port2.close();
    }
  });
});
