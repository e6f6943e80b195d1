/**
 * End-to-end export throughput: tracked writes (track() proxies) -> jsonlExporter -> a file,
 * side by side with pino writing records of the same size to a file in the same run.
 *
 *   node --import tsx bench/export.ts [changes per round, default 2,000,000] [rounds, default 3]
 *
 * Every round checks that the file holds exactly one line per change (no loss) and samples the
 * heap and RSS, so a fast-but-lossy or fast-but-unbounded run shows up in the numbers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { jsonlExporter, subscribe, track } from '../src/index';

const N = Number(process.argv[2] ?? 2_000_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const SLICE = 100_000; // yield to the event loop between slices, like a real program would
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-bench-'));

const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
const yieldNow = () => new Promise<void>((r) => setImmediate(r));

function countLines(file: string): { lines: number; bytes: number } {
  const buf = fs.readFileSync(file);
  let lines = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
  return { lines, bytes: buf.length };
}

async function statetrail(round: number) {
  const file = path.join(dir, `statetrail-${round}.jsonl`);
  const exporter = jsonlExporter({ path: file });
  const order = track(
    { id: 'A-1001', status: 'open', total: 0, lines: [{ sku: 'X', qty: 1 }] },
    { label: 'Order#1' },
  );
  const line = order.lines[0]!;
  const unsubscribe = subscribe(exporter);
  let peakHeap = 0;
  let peakRss = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let done = 0; done < N; done += SLICE) {
    for (let i = done; i < done + SLICE; i++) {
      if ((i & 3) === 3) line.qty = i + 1;
      else order.total = i + 1;
    }
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
    await yieldNow();
  }
  await exporter.flush();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  unsubscribe();
  await exporter.shutdown();
  const { lines, bytes } = countLines(file);
  fs.rmSync(file);
  return {
    name: 'statetrail jsonl',
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    lines,
    bytes,
    peakHeap,
    peakRss,
    stats: exporter.stats,
  };
}

async function pinoRun(round: number, sync = false) {
  const file = path.join(dir, `pino-${round}.jsonl`);
  // pino's own recommendation for speed (async, 4 KiB minimum writes); `sync` is pino.destination()'s default.
  const dest = pino.destination({ dest: file, sync, minLength: sync ? 0 : 4096 });
  // base: null and a numeric timestamp give lines of about the size of a change record.
  const logger = pino({ base: null, timestamp: pino.stdTimeFunctions.epochTime }, dest);
  let peakHeap = 0;
  let peakRss = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let done = 0; done < N; done += SLICE) {
    for (let i = done; i < done + SLICE; i++) {
      if ((i & 3) === 3)
        logger.info({
          seq: i,
          target: 'Order#1',
          path: ['lines', 0, 'qty'],
          op: 'set',
          value: i,
          old: i - 1,
        });
      else logger.info({ seq: i, target: 'Order#1', path: ['total'], op: 'set', value: i, old: i - 1 });
    }
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
    await yieldNow();
  }
  await new Promise<void>((resolve) => dest.flush(() => resolve()));
  dest.flushSync();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  dest.end();
  await new Promise((r) => dest.once('close', r));
  const { lines, bytes } = countLines(file);
  fs.rmSync(file);
  return {
    name: sync ? 'pino (sync dest)' : 'pino (async dest)',
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    lines,
    bytes,
    peakHeap,
    peakRss,
    stats: undefined,
  };
}

console.log(
  `node ${process.version}, ${os.cpus().length} cpus, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`${N.toLocaleString('en')} records per round, ${ROUNDS} rounds, alternating\n`);
console.log('rate = records / wall-clock time; cpu = records / CPU time of this process (all threads).');
console.log('On a shared machine both include the slowdown from other processes; compare rows of one run.\n');
const results: Record<string, number[]> = {};
const cpuResults: Record<string, number[]> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const run of [statetrail, pinoRun, (r: number) => pinoRun(r, true)]) {
    const res = await run(r);
    const rate = (res.lines / res.ms) * 1000;
    const cpuRate = (res.lines / res.cpuMs) * 1000;
    (results[res.name] ??= []).push(rate);
    (cpuResults[res.name] ??= []).push(cpuRate);
    const lossless = res.lines === N ? 'all lines' : `LOST ${N - res.lines}`;
    console.log(
      `${res.name.padEnd(18)} ${(rate / 1e6).toFixed(2)} M/s (cpu ${(cpuRate / 1e6).toFixed(2)} M/s)  ${(res.bytes / res.lines).toFixed(0)} B/line  ${lossless}  peak heap ${mb(res.peakHeap)} MB rss ${mb(res.peakRss)} MB${res.stats ? `  ${JSON.stringify(res.stats)}` : ''}`,
    );
  }
}
const median = (rates: number[]) => [...rates].sort((a, b) => a - b)[rates.length >> 1]! / 1e6;
console.log('\nmedian (M records/s):        wall    cpu');
for (const [name, rates] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(25)} ${median(rates).toFixed(2).padStart(6)} ${median(cpuResults[name]!).toFixed(2).padStart(6)}`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
