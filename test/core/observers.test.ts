import { ChangeCollector, changeStream, configure, observe, subscribe, track } from 'statetrail';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => configure({ onObserverError: undefined }));

describe('observers', () => {
  it('observe() sees changes of the object and under it, until unsubscribed', () => {
    const o = track({ a: { b: 1 }, c: 1 });
    const inner: unknown[] = [];
    const all: unknown[] = [];
    const stopInner = observe(o.a, (c) => inner.push(c.path));
    observe(o, (c) => all.push(c.path));
    o.a.b = 2;
    o.c = 2;
    stopInner();
    stopInner();
    o.a.b = 3;
    expect(inner).toEqual([['a', 'b']]);
    expect(all).toEqual([['a', 'b'], ['c'], ['a', 'b']]);
  });

  it('subscribe() sees every change, filtered, and accepts observer objects', () => {
    const a = track({ n: 0 });
    const b = track({ n: 0 });
    const sets = new ChangeCollector({ filter: { op: 'set' } });
    const stop = subscribe(sets);
    const deletes: unknown[] = [];
    subscribe((c) => deletes.push(c.label), { op: 'delete' });
    a.n = 1;
    b.n = 1;
    delete (a as any).n;
    stop();
    a.n = 2;
    expect(sets.asList().map((c) => c.value)).toEqual([1, 1]);
    expect(sets.last()!.target).toBe(b);
    expect(deletes).toHaveLength(1);
  });

  it('ChangeCollector keeps a bounded window and counts drops', () => {
    const o = track({ n: 0 });
    const c = new ChangeCollector({ capacity: 2 });
    observe(o, c);
    for (let i = 1; i <= 5; i++) o.n = i;
    expect(c.asList().map((x) => x.value)).toEqual([4, 5]);
    expect(c.dropped).toBe(3);
    expect(c.size).toBe(2);
    c.clear();
    expect(c.asList()).toEqual([]);
    expect(() => new ChangeCollector({ capacity: 0 })).toThrow(RangeError);
    expect(() => new ChangeCollector(null as any)).toThrow(TypeError);
  });

  it('isolates a throwing observer from the write and from other observers', () => {
    const o = track({ n: 0 });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen: number[] = [];
    const bad = () => {
      throw new Error('observer bug');
    };
    observe(o, bad);
    observe(o, (c) => seen.push(c.value as number));
    o.n = 1;
    o.n = 2;
    expect(o.n).toBe(2);
    expect(seen).toEqual([1, 2]);
    expect(errors).toHaveBeenCalledTimes(1); // once per observer
    errors.mockRestore();
    const reports: unknown[] = [];
    configure({ onObserverError: (e) => reports.push((e as Error).message) });
    o.n = 3;
    expect(reports).toEqual(['observer bug']);
    configure({
      onObserverError: () => {
        throw new Error('handler bug');
      },
    });
    expect(() => {
      o.n = 4;
    }).not.toThrow();
  });

  it('changeStream() yields changes in order, bounded, counting drops', async () => {
    const o = track({ n: 0 });
    const stream = changeStream({ path: ['n'] }, { capacity: 3 });
    for (let i = 1; i <= 5; i++) o.n = i;
    expect(stream.dropped).toBe(2);
    const got: unknown[] = [];
    for await (const c of stream) {
      got.push(c.value);
      if (got.length === 3) break;
    }
    expect(got).toEqual([3, 4, 5]);
    const live = changeStream();
    const next = live.next();
    o.n = 6;
    expect((await next).value.value).toBe(6);
    const pending = live.next();
    live.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(await live.next()).toEqual({ value: undefined, done: true });
    expect(() => changeStream(undefined, { capacity: -1 })).toThrow(RangeError);
  });

  it('rejects bad observers and targets', () => {
    expect(() => observe({}, () => {})).toThrow(/observe: target must be a tracked object/);
    expect(() => observe(track({}), 5 as any)).toThrow(/observe: observer must be a function/);
    expect(() => subscribe({} as any)).toThrow(
      /subscribe: observer must be a function of one Change or an object/,
    );
    expect(() => subscribe(() => {}, { op: 'x' } as any)).toThrow(/filter.op/);
  });
});
