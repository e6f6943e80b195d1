/** Issue 15 item 11: a filter is copied when given and evaluated inside the observer isolation. */
import { changeStream, configure, subscribe, track } from 'statetrail';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => configure({ onObserverError: undefined }));

describe('filters that change or throw later', () => {
  it('changing the filter object after subscribing changes nothing', () => {
    const seen: unknown[] = [];
    const filter: { path?: unknown; op?: unknown } = { path: ['a'], op: ['set'] };
    const stop = subscribe((c) => seen.push(c.path), filter as any);
    filter.path = null;
    (filter.op as string[]).push('nonsense');
    filter.op = 42;
    const o = track({ a: 1, b: 1 });
    o.a = 2;
    o.b = 2;
    stop();
    expect(seen).toEqual([['a']]);
  });

  it('a getter in the filter is read once, when subscribing', () => {
    let reads = 0;
    const filter = {
      get actor() {
        reads++;
        if (reads > 1) throw new Error('read again');
        return undefined;
      },
    };
    const stop = subscribe(() => {}, filter);
    const o = track({ n: 0 });
    expect(() => {
      o.n = 1;
    }).not.toThrow();
    stop();
    expect(reads).toBe(1); // when subscribing, never by a write
  });

  it('a filter that throws when given fails with the function and argument named', () => {
    const filter = Object.defineProperty({}, 'path', {
      get() {
        throw new Error('boom');
      },
      enumerable: true,
    });
    expect(() => subscribe(() => {}, filter)).toThrow(/statetrail: subscribe: filter could not be read/);
    expect(() => changeStream(filter)).toThrow(/statetrail: changeStream: filter could not be read/);
  });
});
