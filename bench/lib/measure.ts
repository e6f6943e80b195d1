/**
 * Alternating rounds: every scenario of a group is set up, warmed up, then measured once per round,
 * the order rotating each round, so drift in machine load (2 shared cores) spreads over all of them
 * and per-round ratios compare scenarios measured seconds apart.
 *
 * Micro groups (write, read, untracked) use mitata's `measure` (batched, the result kept alive); one
 * round's value is its p50 divided by the operations per call. Long asynchronous runs (export, build)
 * are timed whole: one round's value is the median of `reps` runs.
 *
 * Clock: wall time by default (process.hrtime via mitata). `--clock=cpu` uses the process's CPU time
 * instead (user + system, all threads: statetrail's clock thread and V8's GC helpers count), which
 * time slicing among other busy processes on a shared 2-core machine does not stretch.
 */
import { measure } from 'mitata';
import { median } from './stats';
import type { Bench, Ctx, Group, Scenario } from './types';

export interface Result {
  readonly scenario: Scenario;
  /** ns per operation, one value per round; empty when unavailable. */
  readonly samples: number[];
  readonly ops: number;
  /** Why it did not run (the reason its setup gave, or the error). */
  unavailable?: string;
  /** A failed sanity check after measuring. */
  problem?: string;
}

export type Clock = 'wall' | 'cpu';

/** Nanoseconds on the chosen clock (CPU time has microsecond resolution: samples are ≥ 0.1 ms). */
export function clockFn(clock: Clock): () => number {
  if (clock === 'wall') return () => Number(process.hrtime.bigint());
  return () => {
    const u = process.cpuUsage();
    return (u.user + u.system) * 1e3;
  };
}

export interface Plan {
  readonly now: () => number;
  readonly rounds: number;
  /** mitata: minimum CPU time per measurement, ms. */
  readonly budgetMs: number;
  /** wall: runs per round. */
  readonly reps: number;
}

export function planFor(group: Group, quick: boolean, clock: Clock): Plan {
  const now = clockFn(clock);
  if (group === 'build') return { now, rounds: quick ? 1 : 3, budgetMs: 0, reps: 1 };
  if (group === 'export') return { now, rounds: quick ? 2 : 9, budgetMs: 0, reps: 3 };
  return { now, rounds: quick ? 2 : 11, budgetMs: quick ? 5 : 50, reps: 0 };
}

const isMicro = (group: Group): boolean => group !== 'build' && group !== 'export';

async function sample(group: Group, bench: Bench, plan: Plan): Promise<number> {
  const detach = bench.attach?.();
  try {
    return await timed(group, bench, plan);
  } finally {
    await detach?.();
  }
}

async function timed(group: Group, bench: Bench, plan: Plan): Promise<number> {
  if (isMicro(group)) {
    const stats = await measure(bench.run, {
      now: plan.now,
      min_cpu_time: plan.budgetMs * 1e6,
      min_samples: 5,
      warmup_samples: 2,
    });
    return stats.p50 / bench.ops;
  }
  const runs: number[] = [];
  for (let r = 0; r < plan.reps; r++) {
    const t0 = plan.now();
    await bench.run();
    runs.push((plan.now() - t0) / bench.ops);
  }
  return median(runs);
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function runGroup(
  group: Group,
  scenarios: readonly Scenario[],
  ctx: Ctx,
  log: (line: string) => void,
): Promise<Result[]> {
  const plan = planFor(group, ctx.quick, ctx.clock);
  const results: Result[] = [];
  const live: { result: Result; bench: Bench }[] = [];
  for (const scenario of scenarios) {
    try {
      const bench = await scenario.setup(ctx);
      if (typeof bench === 'string') {
        results.push({ scenario, samples: [], ops: 0, unavailable: bench });
      } else {
        const result: Result = { scenario, samples: [], ops: bench.ops };
        results.push(result);
        live.push({ result, bench });
      }
    } catch (error) {
      results.push({ scenario, samples: [], ops: 0, unavailable: `setup failed: ${message(error)}` });
    }
  }
  // Warm-up: every scenario once before any round counts (optimised code, filled rings, open files).
  for (const entry of [...live]) {
    try {
      await sample(group, entry.bench, { ...plan, budgetMs: plan.budgetMs * 2, reps: 1 });
    } catch (error) {
      entry.result.unavailable = `failed: ${message(error)}`;
      live.splice(live.indexOf(entry), 1);
    }
  }
  for (let round = 0; round < plan.rounds; round++) {
    for (let k = 0; k < live.length; k++) {
      const entry = live[(k + round) % live.length]!;
      entry.result.samples.push(await sample(group, entry.bench, plan));
    }
    log(`  ${group}: round ${round + 1}/${plan.rounds}`);
  }
  for (const { result, bench } of live) {
    try {
      result.problem = bench.check?.();
    } catch (error) {
      result.problem = `check failed: ${message(error)}`;
    }
    await bench.dispose?.();
  }
  return results;
}
