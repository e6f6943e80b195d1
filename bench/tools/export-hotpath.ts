/**
 * JSON Lines export end to end alone, for profiling (not part of npm run bench): tracked writes, a
 * jsonlExporter to a temp file, flushed per round. Bundle first, then run or profile the bundle:
 *   node bench/build.mjs bench/tools/export-hotpath.ts
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/.generated/dist/bench/tools/export-hotpath.js
 * Prints CPU time per exported change (process-wide), median of the rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonlExporter, subscribe, track, withActor } from '../../src/index';

const N = 20_000;
const ROUNDS = Number(process.argv[2] ?? 25);
const dir = mkdtempSync(path.join(tmpdir(), 'statetrail-export-'));
const exporter = jsonlExporter({ path: path.join(dir, 'changes.jsonl') });
subscribe(exporter);
const o = track({ x: -1, y: 'a' }, { label: 'Account#1' });
let next = 0;

await withActor('bench', async () => {
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) o.x = next++;
    await exporter.flush();
    const c = process.cpuUsage(c0);
    if (r > 0) times.push(((c.user + c.system) * 1e3) / N);
  }
  times.sort((a, b) => a - b);
  console.log(`jsonlExporter end to end: ${times[times.length >> 1]!.toFixed(0)} ns of CPU time per change`);
});
await exporter.shutdown();
rmSync(dir, { recursive: true, force: true });
