/**
 * The observed write alone, for profiling (not part of npm run bench): track() + one observe()
 * collecting every change, as actor "bench", next to MobX observe() collecting, alternating rounds.
 * Bundle first, then run or profile the bundle:
 *   node bench/build.mjs bench/tools/observe-hotpath.ts
 *   NODE_ENV=production node --cpu-prof --cpu-prof-dir=/tmp/prof bench/.generated/dist/bench/tools/observe-hotpath.js
 * Prints CPU time per observed write (process-wide), median of the rounds.
 */
import { configure, observe as mobxObserve, observable } from 'mobx';
import { type Change, observe, track, withActor } from '../../src/index';
import { printCpuMedians } from './cpu-rounds';

const N = 100_000;
const ROUNDS = Number(process.argv[2] ?? 15);
configure({ enforceActions: 'never' });
const observed = track({ x: 0, y: 'a' });
const events: unknown[] = [];
observe(observed, (c: Change) => void events.push(c));
const mobx = observable({ x: 0, y: 'a' });
mobxObserve(mobx, (c) => void events.push(c));

// batches of 1000 writes, the collected changes dropped after each (as in npm run bench)
const loops: Record<string, () => void> = {
  'track() + observe()': () => {
    for (let b = 0; b < N; b += 1000) {
      events.length = 0;
      for (let i = 0; i < 1000; i++) observed.x = i;
    }
  },
  'MobX observe()': () => {
    for (let b = 0; b < N; b += 1000) {
      events.length = 0;
      for (let i = 0; i < 1000; i++) mobx.x = i;
    }
  },
};
withActor('bench', () => {
  printCpuMedians(
    loops,
    ROUNDS,
    'write',
    () => N,
    () => {
      events.length = 0;
    },
  );
});
