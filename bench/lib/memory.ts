/** Runs memory-child.ts in fresh processes (--expose-gc) so the heap holds nothing of the other scenarios. */
import { execFileSync } from 'node:child_process';
import { ROOT, scriptArgs } from './paths';

export interface MemoryResult {
  /** Heap growth over `writes` writes with the bounded history (median of runs). */
  readonly boundedWrites: number;
  readonly boundedGrowth: number[];
  readonly boundedNsPerWrite: number[];
  /** Bytes per change kept by an unbounded per-object history (median of runs). */
  readonly unboundedChanges: number;
  readonly unboundedBytesPerChange: number[];
}

function child(mode: string, count: number): Record<string, number> {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', ...scriptArgs('memory-child'), mode, String(count)],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env } },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

export function measureMemory(quick: boolean): MemoryResult {
  const runs = quick ? 1 : 3;
  const writes = quick ? 1_000_000 : 10_000_000;
  const changes = quick ? 100_000 : 2_000_000;
  const result: MemoryResult = {
    boundedWrites: writes,
    boundedGrowth: [],
    boundedNsPerWrite: [],
    unboundedChanges: changes,
    unboundedBytesPerChange: [],
  };
  for (let r = 0; r < runs; r++) {
    const b = child('bounded', writes);
    result.boundedGrowth.push(b.heapGrowthBytes!);
    result.boundedNsPerWrite.push(b.nsPerWrite!);
    result.unboundedBytesPerChange.push(child('unbounded', changes).bytesPerChange!);
  }
  return result;
}
