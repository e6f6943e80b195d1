import fc from 'fast-check';
import { changesOf, configure, history, rawOf, revert, track } from 'statetrail';
import { afterAll, describe, expect, it } from 'vitest';

interface State {
  obj: Record<string, unknown>;
  arr: unknown[];
  map: Map<string, unknown>;
  set: Set<unknown>;
}

const key = fc.constantFrom('a', 'b', 'c');
const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constant(null),
  fc.string({ maxLength: 2 }),
  fc.record({ n: fc.integer() }, { noNullPrototype: true }),
);
const index = fc.integer({ min: -3, max: 6 });

type Step = (s: State) => void;
const step: fc.Arbitrary<[string, Step]> = fc.oneof(
  fc.tuple(key, value).map(([k, v]) => [`obj.${k}=`, (s: State) => void (s.obj[k] = v)] as [string, Step]),
  key.map((k) => [`delete obj.${k}`, (s: State) => void delete s.obj[k]] as [string, Step]),
  fc.tuple(key, fc.integer()).map(
    ([k, n]) =>
      [
        `obj.${k}.n=`,
        (s: State) => {
          const v = s.obj[k];
          if (typeof v === 'object' && v !== null) (v as { n: number }).n = n;
        },
      ] as [string, Step],
  ),
  fc
    .tuple(fc.nat(5), value)
    .map(
      ([i, v]) => [`arr[${i}]=`, (s: State) => void (s.arr[Math.min(i, s.arr.length)] = v)] as [string, Step],
    ),
  value.map((v) => ['push', (s: State) => void s.arr.push(v, v)] as [string, Step]),
  fc.constant(['pop', (s: State) => void s.arr.pop()] as [string, Step]),
  fc.constant(['shift', (s: State) => void s.arr.shift()] as [string, Step]),
  value.map((v) => ['unshift', (s: State) => void s.arr.unshift(v)] as [string, Step]),
  fc
    .tuple(index, fc.nat(3), value)
    .map(([i, n, v]) => ['splice', (s: State) => void s.arr.splice(i, n, v)] as [string, Step]),
  fc.constant(['sort', (s: State) => void s.arr.sort((x, y) => String(x).localeCompare(String(y)))] as [
    string,
    Step,
  ]),
  fc.constant(['reverse', (s: State) => void s.arr.reverse()] as [string, Step]),
  fc
    .tuple(value, index, index)
    .map(([v, a, b]) => ['fill', (s: State) => void s.arr.fill(v, a, b)] as [string, Step]),
  fc
    .tuple(index, index)
    .map(([t, a]) => ['copyWithin', (s: State) => void s.arr.copyWithin(t, a)] as [string, Step]),
  fc
    .nat(4)
    .map(
      (n) => ['length=', (s: State) => void (s.arr.length = Math.min(n, s.arr.length + 1))] as [string, Step],
    ),
  fc.tuple(key, value).map(([k, v]) => ['map.set', (s: State) => void s.map.set(k, v)] as [string, Step]),
  key.map((k) => ['map.delete', (s: State) => void s.map.delete(k)] as [string, Step]),
  fc.constant(['map.clear', (s: State) => s.map.clear()] as [string, Step]),
  value.map((v) => ['set.add', (s: State) => void s.set.add(v)] as [string, Step]),
  value.map((v) => ['set.delete', (s: State) => void s.set.delete(v)] as [string, Step]),
  fc.constant(['set.clear', (s: State) => s.set.clear()] as [string, Step]),
);

const start = (): State => ({
  obj: { a: 1, b: { n: 1 } },
  arr: [1, { n: 2 }, 'x'],
  map: new Map<string, unknown>([['a', { n: 3 }]]),
  set: new Set<unknown>([1, 'x']),
});

const sorted = (items: unknown[]) => items.map((x) => JSON.stringify(x)).sort();
const plain = (s: State) => ({ obj: s.obj, arr: s.arr, map: sorted([...s.map]), set: sorted([...s.set]) });

afterAll(() => configure({ historyLimit: 10_000 }));

describe('properties', () => {
  it('revert undoes any sequence of object, array, Map and Set mutations', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const expected = start();
        const state = track(start());
        for (const [, apply] of steps) {
          apply(expected);
          apply(state);
        }
        // the tracked state behaves as the untracked one ...
        expect(plain(rawOf(state))).toEqual(plain(expected));
        // ... and reverting everything gives the start back
        revert(state, 0);
        expect(plain(rawOf(state))).toEqual(plain(start()));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps seq strictly increasing and the history within its limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(step, { maxLength: 40 }), (limit, steps) => {
        configure({ historyLimit: limit });
        const state = track(start());
        for (const [, apply] of steps) apply(state);
        const seqs = history.changes().map((c) => c.seq);
        expect(history.size).toBeLessThanOrEqual(limit);
        expect(history.size).toBe(seqs.length);
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
        expect(changesOf(state).length).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 200 },
    );
  });
});
