/**
 * The writer's cost with a jsonlExporter attached, against the history-only write (issue 12's
 * 1.3x target). Exporters drain on a microtask after each job (history/cursor.ts), so the write
 * path pays one compare per write; this times only the synchronous jobs (1,000 writes each, under
 * the cursor's 4,096-entry batch, so no drain runs inside them) and lets the drain run between
 * them, unmeasured. Rounds alternate between the two cases in one process.
 *
 *   node --import tsx bench/export-write.ts [jobs per round, default 2,000] [rounds, default 5]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonlExporter, subscribe, track } from '../src/index';

const JOBS = Number(process.argv[2] ?? 2_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const JOB = 1_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-bench-write-'));
const order = track({ total: 0 }, { label: 'Order#1' });
let next = 0;

async function round(attached: boolean): Promise<number> {
  const exporter = attached ? jsonlExporter({ path: path.join(dir, 'w.jsonl') }) : null;
  const stop = exporter === null ? () => {} : subscribe(exporter);
  let ns = 0;
  for (let j = 0; j < JOBS; j++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < JOB; i++) order.total = ++next;
    ns += Number(process.hrtime.bigint() - t0);
    await Promise.resolve(); // the job ends: the exporter's drain runs here, unmeasured
  }
  stop();
  await exporter?.shutdown();
  return ns / (JOBS * JOB);
}

const only: number[] = [];
const withJsonl: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  only.push(await round(false));
  withJsonl.push(await round(true));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `history-only write     ${median(only).toFixed(1)} ns  (rounds: ${only.map((x) => x.toFixed(1)).join(' ')})`,
);
console.log(
  `with jsonlExporter     ${median(withJsonl).toFixed(1)} ns  (rounds: ${withJsonl.map((x) => x.toFixed(1)).join(' ')})`,
);
console.log(`ratio (medians)        ${(median(withJsonl) / median(only)).toFixed(2)}x`);
fs.rmSync(dir, { recursive: true, force: true });
