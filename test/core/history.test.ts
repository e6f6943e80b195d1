import {
  changesOf,
  changesSince,
  configure,
  history,
  lastChange,
  observe,
  revert,
  subscribe,
  track,
  transaction,
  withActor,
} from 'statetrail';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => configure({ historyLimit: 10_000 }));

describe('history queries', () => {
  it('filters changesOf by path, op, actor, since and until', () => {
    const o = track({ a: { b: 1 }, c: 1 } as Record<string, any>);
    withActor('ann', () => {
      o.a.b = 2;
      o.c = 2;
    });
    const mark = lastChange(o)!;
    delete o.c;
    expect(changesOf(o, { path: ['a'] }).map((c) => c.path)).toEqual([['a', 'b']]);
    expect(changesOf(o, { op: 'delete' })).toHaveLength(1);
    expect(changesOf(o, { op: ['set', 'delete'] })).toHaveLength(3);
    expect(changesOf(o, { actor: 'ann' })).toHaveLength(2);
    expect(changesOf(o, { since: mark })).toHaveLength(1);
    expect(changesOf(o, { until: mark })).toHaveLength(2);
    expect(changesOf(o, { since: mark.seq - 1, until: mark.seq })).toEqual([mark]);
  });

  it('gives changesOf a nested object its own changes and those under it', () => {
    const o = track({ a: { b: { c: 1 } }, x: 1 });
    o.a.b.c = 2;
    o.x = 2;
    o.a.b = { c: 3 };
    expect(changesOf(o.a).map((c) => c.path)).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b'],
    ]);
    expect(changesOf(o.a.b)).toEqual([]); // the new b has no changes yet
  });

  it('answers changesSince with a Change, a seq or a Date', async () => {
    const o = track({ n: 0 });
    o.n = 1;
    const first = lastChange(o)!;
    const at = new Date(first.time);
    await new Promise((r) => setTimeout(r, 5));
    o.n = 2;
    expect(changesSince(o, first).map((c) => c.value)).toEqual([2]);
    expect(changesSince(o, first.seq).map((c) => c.value)).toEqual([2]);
    expect(changesSince(o, at).map((c) => c.value)).toEqual([2]);
    expect(changesSince(o, 0)).toHaveLength(2);
  });

  it('keeps seq strictly increasing across objects', () => {
    const a = track({ n: 0 });
    const b = track([0]);
    a.n = 1;
    b.push(1);
    a.n = 2;
    const seqs = history.changes().map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('bounds the global history, dropping the oldest first', () => {
    configure({ historyLimit: 5 });
    expect(history.limit).toBe(5);
    const o = track({ n: 0 });
    for (let i = 1; i <= 12; i++) o.n = i;
    expect(history.size).toBe(5);
    expect(history.changes().map((c) => c.value)).toEqual([8, 9, 10, 11, 12]);
    expect(changesOf(o).map((c) => c.value)).toEqual([8, 9, 10, 11, 12]);
    history.clear();
    expect(history.size).toBe(0);
    expect(lastChange(o)).toBeUndefined();
  });

  it('keeps a per-object history beyond the global limit when asked', () => {
    configure({ historyLimit: 2 });
    const o = track({ n: 0 }, { historyLimit: Number.POSITIVE_INFINITY });
    const bounded = track({ n: 0 }, { historyLimit: 3 });
    for (let i = 1; i <= 5000; i++) {
      o.n = i;
      bounded.n = i;
    }
    expect(changesOf(o)).toHaveLength(5000);
    expect(changesOf(o)[4999]!.value).toBe(5000);
    expect(changesOf(bounded).map((c) => c.value)).toEqual([4998, 4999, 5000]);
  });

  it('returns the same Change object on every read, and one object to every observer of a write', () => {
    const o = track({ n: 0 });
    const seen: unknown[] = [];
    const alsoSeen: unknown[] = [];
    const stops = [observe(o, (c) => seen.push(c)), subscribe((c) => alsoSeen.push(c))];
    o.n = 1;
    for (const stop of stops) stop();
    expect(alsoSeen[0]).toBe(seen[0]);
    expect(lastChange(o)).toBe(changesOf(o)[0]);
    expect(history.changes().at(-1)).toBe(lastChange(o));
    // delivery does not keep its object in the log (observed changes die young): a read builds its own
    expect(lastChange(o)).not.toBe(seen[0]);
    expect(lastChange(o)).toEqual(seen[0]);
  });

  it('rejects bad arguments with errors that name them', () => {
    expect(() => changesOf({})).toThrow(/changesOf: target must be a tracked object/);
    expect(() => lastChange(null as any)).toThrow(/lastChange: target/);
    const o = track({});
    expect(() => changesSince(o, 'yesterday' as any)).toThrow(
      /changesSince: mark must be a Change, a seq number or a valid Date, got the string "yesterday"/,
    );
    expect(() => changesOf(o, { op: 'update' as any })).toThrow(/filter.op must be one of/);
    expect(() => changesOf(o, { colour: 1 } as any)).toThrow(/unknown filter field "colour"/);
    expect(() => changesOf(o, { path: 'a' as any })).toThrow(/filter.path must be an array/);
    expect(() => changesOf(o, { since: new Date('nope') })).toThrow(/filter.since/);
    expect(() => configure({ historyLimit: -1 })).toThrow(RangeError);
    expect(() => configure({ historyLimit: 1.5 })).toThrow(
      /historyLimit must be a whole number from 1 to 10000000/,
    );
    expect(() => configure({ bogus: 1 } as any)).toThrow(/unknown option "bogus"/);
    expect(() => configure(undefined as any)).toThrow(TypeError);
    expect(() => revert(o, 'x' as any)).toThrow(/revert: mark/);
  });
});

describe('revert', () => {
  it('undoes changes after the mark newest first, and records the undo in a revert transaction', () => {
    const o = track({ a: 1, list: [1, 2], map: new Map([['k', 1]]), set: new Set([1]) } as any);
    const start = history.changes().at(-1)?.seq ?? 0;
    transaction('edit', () => {
      o.a = 2;
      o.b = 3;
      delete o.a;
      o.list.push(3);
      o.list.reverse();
      o.list.length = 1;
      o.map.set('k', 2);
      o.map.set('n', 1);
      o.map.delete('k');
      o.map.clear();
      o.set.add(2);
      o.set.delete(1);
      o.set.clear();
    });
    const count = changesOf(o).length;
    expect(revert(o, start)).toBe(count);
    expect(JSON.parse(JSON.stringify({ ...o, map: [...o.map], set: [...o.set] }))).toEqual({
      a: 1,
      list: [1, 2],
      map: [['k', 1]],
      set: [1],
    });
    const undo = changesOf(o, { since: count > 0 ? changesOf(o)[count - 1]! : 0 });
    expect(undo.length).toBeGreaterThan(0);
    expect(undo.every((c) => c.tx?.name === 'revert')).toBe(true);
  });

  it('refuses to revert changes whose values were redacted, changing nothing', () => {
    const o = track({ password: 'a' }, { redact: { keys: ['password'] } });
    o.password = 'b';
    expect(() => revert(o, 0)).toThrow(/redacted/);
    expect(o.password).toBe('b');
  });
});
