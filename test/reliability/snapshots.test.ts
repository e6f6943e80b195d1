/** Issue 15 item 5: captureSnapshots never throws into a write; the write happens and is recorded. */
import { changesOf, configure, lastChange, track } from 'statetrail';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => configure({ captureSnapshots: false }));

describe('captureSnapshots on data it cannot copy', () => {
  it('a 20,000-deep linked list', () => {
    let list: { next: unknown } = { next: null };
    for (let i = 0; i < 20_000; i++) list = { next: list };
    const root = track({ list, n: 0 }, { captureSnapshots: true, deep: false });
    root.n = 1;
    root.n = 2; // later writes still happen
    expect(root.n).toBe(2);
    expect(changesOf(root).map((c) => c.value)).toEqual([1, 2]);
    expect(JSON.stringify(lastChange(root)!.after)).toContain('"$depth":true');
  });

  it('a throwing getter and a revoked proxy', () => {
    const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
    revoke();
    const raw = { n: 0, gone: proxy } as Record<string, unknown>;
    Object.defineProperty(raw, 'bad', {
      get() {
        throw new Error('getter');
      },
      enumerable: true,
    });
    configure({ captureSnapshots: true });
    const root = track(raw);
    root.n = 1;
    expect(root.n).toBe(1);
    const after = lastChange(root)!.after as Record<string, unknown>;
    expect(after.n).toBe(1);
    expect(after.bad).toEqual({ $thrown: 'getter' });
    expect(after.gone).toMatchObject({ $unreadable: expect.stringMatching(/revoked/) });
  });
});
