import { changesOf, history, lastChange, track } from 'statetrail';
import { assigned, pending, sites, variables } from 'statetrail/runtime';
import { describe, expect, it } from 'vitest';

describe('the runtime contract for instrumented code', () => {
  it('attaches the pending site to the first change recorded while it is set, once', () => {
    const base = sites('src/order.ts', [
      [3, 5, 'order.total = 10'],
      [4, 5, 'plain.x = 1'],
    ]);
    expect(base).toBeGreaterThan(0);
    const order = track({ total: 0 });
    const plain = { x: 0 };
    pending.s = base + 1; // an untracked write records nothing ...
    plain.x = 1;
    pending.s = 0; // ... and instrumented code clears the site right after it
    order.total = 5;
    expect(lastChange(order)!.site).toBeUndefined();
    pending.s = base;
    order.total = 10;
    expect(lastChange(order)!.site).toEqual({
      file: 'src/order.ts',
      line: 3,
      column: 5,
      code: 'order.total = 10',
    });
    expect(pending.s).toBe(0);
    order.total = 11;
    expect(lastChange(order)!.site).toBeUndefined();
  });

  it('records variable reassignments with the name as label and an empty path', () => {
    const [count] = variables('src/counter.ts', ['count']);
    const site = sites('src/counter.ts', [[7, 1, 'count = count + 1']]);
    assigned(count!, 1, 2, site);
    assigned(count!, 2, 2, site); // unchanged: not a change
    const c = lastChange(count!)!;
    expect(c).toMatchObject({ label: 'count', path: [], op: 'set', value: 2, old: 1, site: { line: 7 } });
    expect(changesOf(count!)).toHaveLength(1);
    expect(history.changes().at(-1)).toBe(c);
    expect(() => assigned({} as any, 1, 2, site)).toThrow(
      /assigned: holder must be a holder from variables\(\)/,
    );
    expect(() => variables('', [])).toThrow(/variables: file/);
    expect(() => sites('f.ts', 'x' as any)).toThrow(/sites: table/);
  });

  it('registers itself on globalThis for instrumented scripts, which cannot import', async () => {
    const runtime = await import('statetrail/runtime');
    const global = (globalThis as Record<symbol, any>)[Symbol.for('statetrail.runtime')];
    expect(global.pending).toBe(runtime.pending);
    expect(global.sites).toBe(runtime.sites);
    expect(global.trackInstance).toBe(runtime.trackInstance);
    expect(Object.isFrozen(global)).toBe(true);
  });
});
