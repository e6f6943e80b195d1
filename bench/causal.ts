/**
 * What causal identity costs per await: `node --import tsx bench/causal.ts` (one run, ~10 s).
 * Compares a plain await loop, the same loop with an AsyncLocalStorage store set (how statetrail's
 * context frames propagate), and inside detectRaces() (statetrail's async_hooks: init, before,
 * after, promiseResolve). Minimum of 7 rounds of 200,000 awaits each, CPU time.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { detectRaces } from '../src/index';

const N = 200_000;

async function loop(): Promise<void> {
  for (let i = 0; i < N; i++) await null;
}

async function measure(label: string, wrap: (fn: () => Promise<void>) => Promise<unknown>): Promise<void> {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 7; r++) {
    const start = process.cpuUsage();
    await wrap(loop);
    const used = process.cpuUsage(start);
    best = Math.min(best, ((used.user + used.system) * 1000) / N);
  }
  process.stdout.write(`${label.padEnd(44)} ${best.toFixed(0)} ns per await\n`);
}

const als = new AsyncLocalStorage<object>();
await measure('plain await', (fn) => fn());
await measure('AsyncLocalStorage store set', (fn) => als.run({ frame: 1 }, fn));
await measure('detectRaces (async_hooks causal identity)', (fn) => detectRaces(fn, { stacks: false }));
