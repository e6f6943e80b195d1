import { changesOf, isTracked, lastChange, rawOf, revert, track } from 'statetrail';
import { describe, expect, it } from 'vitest';

const shape = (target: object) =>
  changesOf(target).map((c) => {
    const { op, path, index, removed, value, old } = c;
    return { op, path, ...(index === undefined ? {} : { index, removed }), value, old };
  });

describe('tracked arrays', () => {
  it('records each mutator as one invertible splice', () => {
    const a = track([3, 1, 2]);
    expect(a.push(4, 5)).toBe(5);
    expect(a.pop()).toBe(5);
    expect(a.shift()).toBe(3);
    expect(a.unshift(0)).toBe(4);
    expect(a.splice(1, 1, 9, 8)).toEqual([1]);
    expect(rawOf(a)).toEqual([0, 9, 8, 2, 4]);
    expect(shape(a)).toEqual([
      { op: 'splice', path: [], index: 3, removed: [], value: [4, 5], old: undefined },
      { op: 'splice', path: [], index: 4, removed: [5], value: [], old: undefined },
      { op: 'splice', path: [], index: 0, removed: [3], value: [], old: undefined },
      { op: 'splice', path: [], index: 0, removed: [], value: [0], old: undefined },
      { op: 'splice', path: [], index: 1, removed: [1], value: [9, 8], old: undefined },
    ]);
  });

  it('records sort, reverse, fill and copyWithin as the range they changed, returning the proxy', () => {
    const a = track([1, 2, 3, 4]);
    expect(a.reverse()).toBe(a);
    expect(lastChange(a)).toMatchObject({
      op: 'splice',
      index: 0,
      removed: [1, 2, 3, 4],
      value: [4, 3, 2, 1],
    });
    expect(a.sort((x, y) => x - y)).toBe(a);
    a.fill(0, 1, 2);
    expect(lastChange(a)).toMatchObject({ index: 1, removed: [2], value: [0] });
    a.copyWithin(0, 3);
    expect(lastChange(a)).toMatchObject({ index: 0, removed: [1], value: [4] });
    const before = changesOf(a).length;
    a.sort((x, y) => x - y);
    a.sort((x, y) => x - y); // already sorted: nothing changes, nothing recorded
    expect(changesOf(a).length).toBe(before + 1);
  });

  it('records a comparator that throws midway as what it did change, and rethrows', () => {
    const a = track([3, 2, 1]);
    const boom = new Error('cmp');
    let calls = 0;
    expect(() =>
      a.sort(() => {
        if (++calls > 1) throw boom;
        return -1;
      }),
    ).toThrow(boom);
    const changes = changesOf(a);
    expect(changes.length).toBeLessThanOrEqual(1);
    revert(a, 0);
    expect(rawOf(a)).toEqual([3, 2, 1]);
  });

  it('records element writes, length changes and deletes', () => {
    const a = track([1, 2, 3]);
    a[0] = 10;
    a.length = 1;
    a.length = 2;
    delete a[0];
    a[5] = 6;
    expect(shape(a)).toEqual([
      { op: 'set', path: [0], value: 10, old: 1 },
      { op: 'splice', path: [], index: 1, removed: [2, 3], value: [], old: undefined },
      { op: 'set', path: ['length'], value: 2, old: 1 },
      { op: 'delete', path: [0], value: undefined, old: 10 },
      { op: 'set', path: [5], value: 6, old: undefined },
    ]);
    expect(() => {
      a.length = -1;
    }).toThrow(RangeError);
    expect(changesOf(a)).toHaveLength(5);
  });

  it('keeps element paths right after elements move', () => {
    const order = track({ lines: [{ qty: 1 }, { qty: 2 }] });
    const second = order.lines[1]!;
    order.lines.shift();
    second.qty = 5;
    expect(lastChange(order)!.path).toEqual(['lines', 0, 'qty']);
    order.lines.unshift({ qty: 0 }, { qty: 0 });
    second.qty = 6;
    expect(lastChange(order)!.path).toEqual(['lines', 2, 'qty']);
    const removed = order.lines.splice(2, 1)[0]!;
    expect(isTracked(removed)).toBe(false);
    second.qty = 7; // removed: reports nothing
    expect(lastChange(order)!.op).toBe('splice');
  });

  it('tracks objects pushed later and iterates tracked elements', () => {
    const a = track([] as { v: number }[]);
    a.push({ v: 1 });
    for (const item of a) item.v++;
    a.forEach((item) => {
      item.v++;
    });
    a.map((item) => item).find(() => true)!.v++;
    expect(changesOf(a).map((c) => [c.path, c.value])).toEqual([
      [[], [{ v: 4 }]],
      [[0, 'v'], 2],
      [[0, 'v'], 3],
      [[0, 'v'], 4],
    ]);
  });

  it('calls the original method on arrays it does not track', () => {
    const push = track([1]).push;
    const plain = [1];
    expect(push.call(plain, 2)).toBe(2);
    expect(plain).toEqual([1, 2]);
  });
});

describe('tracked Maps', () => {
  it('records set, delete and clear with keys in the path', () => {
    const m = track(new Map<string, number>([['a', 1]]));
    m.set('a', 2).set('b', 3);
    m.set('b', 3);
    expect(m.delete('a')).toBe(true);
    expect(m.delete('zz')).toBe(false);
    m.clear();
    m.clear();
    expect(m.size).toBe(0);
    expect(shape(m)).toEqual([
      { op: 'set', path: ['a'], value: 2, old: 1 },
      { op: 'set', path: ['b'], value: 3, old: undefined },
      { op: 'delete', path: ['a'], value: undefined, old: 2 },
      { op: 'clear', path: [], value: undefined, old: [['b', 3]] },
    ]);
  });

  it('tracks nested values, object keys and iteration', () => {
    const key = { id: 1 };
    const m = track(new Map<object | string, { n: number }>([['x', { n: 0 }]]));
    m.get('x')!.n = 1;
    m.set(key, { n: 5 });
    for (const [, v] of m) v.n++;
    m.forEach((v) => {
      v.n++;
    });
    for (const v of m.values()) v.n++;
    expect([...m.keys()]).toEqual(['x', key]);
    expect(m.has(key)).toBe(true);
    const paths = changesOf(m).map((c) => c.path);
    expect(paths[0]).toEqual(['x', 'n']);
    expect(paths.at(-1)).toEqual([key, 'n']);
    expect(rawOf(m).get('x')).toEqual({ n: 4 });
  });
});

describe('tracked Sets', () => {
  it('records add, delete and clear', () => {
    const s = track(new Set(['a']));
    s.add('b').add('b');
    expect(s.has('b')).toBe(true);
    expect(s.delete('a')).toBe(true);
    expect(s.delete('a')).toBe(false);
    s.clear();
    expect(shape(s)).toEqual([
      { op: 'add', path: [], value: 'b', old: undefined },
      { op: 'delete', path: [], value: undefined, old: 'a' },
      { op: 'clear', path: [], value: undefined, old: ['b'] },
    ]);
  });

  it('tracks object elements, with the element as path key', () => {
    const el = { n: 0 };
    const s = track(new Set([el]));
    for (const item of s) item.n = 1;
    s.forEach((item) => {
      item.n = 2;
    });
    expect(changesOf(s).map((c) => c.path)).toEqual([
      [el, 'n'],
      [el, 'n'],
    ]);
    expect([...s.entries()][0]![0]).toBe([...s][0]);
  });

  it('runs Set methods it does not replace on the raw set', () => {
    const s = track(new Set([1, 2]));
    expect(s.size).toBe(2);
    expect(String(s)).toBe('[object Set]');
  });
});
