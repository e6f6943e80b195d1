import { describe, expect, it } from 'vitest';
import { clockOffset, now } from '../../src/history/clock';

describe('the ticked clock', () => {
  it('takes the offset from the best of several samples, so a preempted sample does not shift every tick', () => {
    // the first monotonic read comes 49 ms late, as when the thread is preempted between the two reads
    let calls = 0;
    const late = () => performance.now() + (calls++ === 0 ? 49 : 0);
    expect(performance.timeOrigin - clockOffset(late, 1)).toBeGreaterThan(40);
    calls = 0;
    expect(Math.abs(performance.timeOrigin - clockOffset(late))).toBeLessThan(5);
  });

  it('does not go back in time across the worker sleeping and waking (2.5 s of readings)', async () => {
    // after the worker's boot, whose first tick can still fall behind a precise reading (clock.ts)
    await new Promise((r) => setTimeout(r, 200));
    let last = now();
    let worstBack = 0;
    const end = performance.now() + 2500; // the worker sleeps once a second: two switches at least
    while (performance.now() < end) {
      const t = now();
      if (t < last) worstBack = Math.max(worstBack, last - t);
      last = t;
    }
    expect(worstBack).toBeLessThan(0.005); // ms; the documented residue is about 0.5 µs
  });
});
