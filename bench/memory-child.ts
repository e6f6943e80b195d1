/**
 * Memory scenario, run in a child process with --expose-gc (see lib/memory.ts):
 *   bounded   heap growth over WRITES tracked writes with the default bounded history, after warm-up
 *   unbounded bytes per change kept by a per-object history with `historyLimit: Infinity`
 * Prints one JSON line. Values written are small integers, so no value is allocated per write: what
 * grows is the bookkeeping alone.
 */
import { track } from '../src/index';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

/** JS heap plus ArrayBuffer backing stores (typed-array columns live outside the JS heap). */
function heap(): number {
  for (let i = 0; i < 4; i++) gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function bounded(writes: number): Record<string, number> {
  const o = track({ x: 0, y: 'a' });
  for (let i = 0; i < 1_000_000; i++) o.x = i; // warm-up: fills the ring, optimises the path
  const before = heap();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < writes; i++) o.x = i;
  const ns = Number(process.hrtime.bigint() - t0);
  const after = heap();
  return { writes, heapGrowthBytes: after - before, nsPerWrite: ns / writes };
}

function unbounded(changes: number): Record<string, number> {
  const warm = track({ x: 0, y: 'a' }, { historyLimit: Number.POSITIVE_INFINITY });
  for (let i = 0; i < 100_000; i++) warm.x = i;
  const o = track({ x: 0, y: 'a' }, { historyLimit: Number.POSITIVE_INFINITY });
  const before = heap();
  for (let i = 0; i < changes; i++) o.x = i;
  const after = heap();
  // Both stay reachable up to here: a warm-up object collected between the two readings would be
  // subtracted from the measured growth.
  if (o.x !== changes - 1 || warm.x !== 99_999) throw new Error('writes lost');
  return { changes, bytes: after - before, bytesPerChange: (after - before) / changes };
}

const [mode, count] = process.argv.slice(2);
const n = Number(count);
const result = mode === 'bounded' ? bounded(n) : unbounded(n);
process.stdout.write(`${JSON.stringify({ mode, ...result })}\n`);
