/**
 * The recorded-write hot path alone, for profiling (not part of npm run bench):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/tools/hotpath.ts
 *   node --trace-opt --trace-deopt --import tsx bench/tools/hotpath.ts
 *   node bench/tools/top-self.cjs /tmp/prof/<largest>.cpuprofile
 * Prints CPU time (less sensitive than wall time to the other processes on a shared machine) per write of track() (history only, as actor "bench") next to a plain object and a bare
 * Proxy whose set trap only forwards, measured in alternating rounds in this process.
 */
import { type Change, observe, track, withActor } from '../../src/index';
import { printCpuMedians } from './cpu-rounds';

const N = 200_000;
const ROUNDS = Number(process.argv[2] ?? 9);

const plain = { x: 0, y: 'a' };
const bare = new Proxy(
  { x: 0, y: 'a' },
  {
    set(t, k, v) {
      (t as Record<PropertyKey, unknown>)[k] = v;
      return true;
    },
  },
);
const tracked = track({ x: 0, y: 'a' });
const observed = track({ x: 0, y: 'a' });
const events: Change[] = [];
const collect = (c: Change): void => void events.push(c);

const loops: Record<string, () => void> = {
  plain: () => {
    for (let i = 0; i < N; i++) plain.x = i;
  },
  'bare proxy': () => {
    for (let i = 0; i < N; i++) bare.x = i;
  },
  'track()': () => {
    for (let i = 0; i < N; i++) tracked.x = i;
  },
  'track() + observe()': () => {
    const stop = observe(observed, collect);
    events.length = 0;
    for (let i = 0; i < N / 10; i++) observed.x = i;
    stop();
  },
};
let sink = 0;
const bareRead = new Proxy(
  { x: 1 },
  {
    get(t, k) {
      return (t as Record<PropertyKey, unknown>)[k];
    },
  },
);
const trackedRead = track({ x: 1 });
loops['bare proxy read'] = () => {
  for (let i = 0; i < N; i++) sink += bareRead.x;
};
loops['track() read'] = () => {
  for (let i = 0; i < N; i++) sink += trackedRead.x;
};
const OPS: Record<string, number> = { 'track() + observe()': N / 10 };

withActor('bench', () => {
  printCpuMedians(loops, ROUNDS, 'write (process-wide)', (name) => OPS[name] ?? N);
  if (sink === 0) console.log('(reads summed to 0)');
});
