import { afterEach, describe, expect, it } from 'vitest';
import { atExit, drainAll } from '../../src/export/exit';

const removers: Array<() => void> = [];
afterEach(() => {
  for (const r of removers.splice(0)) r();
});

describe('exit hooks (in process; the real endings are in loss.test.ts)', () => {
  it('installs with the first exporter and removes with the last', () => {
    const before = process.listenerCount('exit');
    const a = atExit({ drainSync() {} });
    const b = atExit({ drainSync() {} });
    expect(process.listenerCount('exit')).toBe(before + 1);
    expect(process.listenerCount('uncaughtExceptionMonitor')).toBeGreaterThan(0);
    a();
    expect(process.listenerCount('exit')).toBe(before + 1);
    b();
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('drains every exporter even when one throws', () => {
    const seen: string[] = [];
    removers.push(
      atExit({
        drainSync() {
          throw new Error('broken exporter');
        },
      }),
      atExit({ drainSync: (reason) => seen.push(reason) }),
    );
    drainAll('SIGTERM');
    expect(seen).toEqual(['SIGTERM']);
  });

  it("on a signal the program listens to, drains and leaves the process to the program's listener", () => {
    const seen: string[] = [];
    let handled = 0;
    const own = (): void => {
      handled++;
    };
    process.on('SIGINT', own);
    removers.push(() => process.off('SIGINT', own), atExit({ drainSync: (reason) => seen.push(reason) }));
    process.emit('SIGINT', 'SIGINT');
    expect(seen).toEqual(['SIGINT']);
    expect(handled).toBe(1); // and we are still running
  });

  it('runs beforeExit hooks', () => {
    let calls = 0;
    removers.push(
      atExit({
        drainSync() {},
        beforeExit() {
          calls++;
        },
      }),
    );
    process.emit('beforeExit', 0);
    expect(calls).toBe(1);
  });
});
