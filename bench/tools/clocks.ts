/** CPU time per reading of each clock (process-wide, so the ticker thread's share is included). */
import { now } from '../../src/history/clock';
import { printCpuMedians } from './cpu-rounds';

const N = 1_000_000;
let sink = 0;
const clocks: Record<string, () => void> = {
  'statetrail now()': () => {
    for (let i = 0; i < N; i++) sink += now();
  },
  'Date.now()': () => {
    for (let i = 0; i < N; i++) sink += Date.now();
  },
  'performance.now()': () => {
    for (let i = 0; i < N; i++) sink += performance.now();
  },
};
printCpuMedians(clocks, 9, 'reading', () => N);
if (sink === 0) console.log('');
