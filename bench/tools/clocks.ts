/** CPU time per reading of each clock (process-wide, so the ticker thread's share is included). */
import { now } from '../../src/history/clock';

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
const times: Record<string, number[]> = {};
for (let r = 0; r < 9; r++) {
  for (const [name, loop] of Object.entries(clocks)) {
    const c0 = process.cpuUsage();
    loop();
    const c = process.cpuUsage(c0);
    if (r > 0) (times[name] ??= []).push(((c.user + c.system) * 1e3) / N);
  }
}
for (const [name, xs] of Object.entries(times)) {
  xs.sort((a, b) => a - b);
  console.log(`${name.padEnd(18)} ${xs[xs.length >> 1]!.toFixed(1)} ns CPU per reading`);
}
if (sink === 0) console.log('');
