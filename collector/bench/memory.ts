// Collector memory while a sender pushes NDJSON as fast as it can: more request loops than the
// collector admits at once (it answers 429 + Retry-After, which the loops honour), 2 MB batches of
// ~2 KB lines. The collector's RSS is sampled from /proc every 250 ms; bounded means the peak after
// the first quarter is no higher than the peak of the first quarter.
//   node --import tsx collector/bench/memory.ts sqlite|postgres [megabytes=1024] [loops=12]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChildCollector } from '../test/support/child';
import { startPostgres } from '../test/support/postgres';
import { rssBytes } from './proc';

const [engine = 'sqlite', megabytes = '1024', loops = '12'] = process.argv.slice(2);
if (engine !== 'sqlite' && engine !== 'postgres')
  throw new Error(`engine: sqlite or postgres, got ${engine}`);
for (const [name, v] of Object.entries({ megabytes, loops }))
  if (!(Number(v) > 0)) throw new Error(`${name}: a number > 0, got ${v}`);
const total = Number(megabytes) * 1e6;
const dir = mkdtempSync(join(tmpdir(), 'statetrail-bench-'));
const pg = engine === 'postgres' ? await startPostgres() : null;
const collector = await startChildCollector(pg ? await pg.database() : join(dir, 'memory.db'));
const pid = collector.process.pid as number;
const LINES = 1000;
const note = 'x'.repeat(1800);

const samples: { bytes: number; rss: number }[] = [];
let acknowledged = 0;
let refused = 0;
const sampler = setInterval(() => samples.push({ bytes: acknowledged, rss: rssBytes(pid) }), 250);
const idle = rssBytes(pid);
const started = performance.now();
let claimed = 0;
await Promise.all(
  Array.from({ length: Number(loops) }, async () => {
    const session = randomUUID();
    let seq = 0;
    while (claimed < total) {
      let text = '';
      for (let i = 0; i < LINES; i++) {
        seq++;
        text += `{"schema":1,"session":"${session}","seq":${seq},"time":${Date.now()},"label":"Order#1","path":["lines",${seq % 10}],"op":"set","value":{"qty":${seq},"note":"${note}"},"actor":"bench"}\n`;
      }
      claimed += text.length;
      for (;;) {
        const r = await fetch(`${collector.url}/v1/ingest`, {
          method: 'POST',
          body: text,
          headers: { 'content-type': 'application/x-ndjson', 'idempotency-key': `${session}-${seq}` },
        });
        await r.arrayBuffer();
        if (r.status === 200) break;
        if (r.status !== 429 && r.status !== 503) throw new Error(`HTTP ${r.status}`);
        refused++;
        await sleep(Number(r.headers.get('retry-after') ?? 1) * 1000);
      }
      acknowledged += text.length;
    }
  }),
);
clearInterval(sampler);
const seconds = (performance.now() - started) / 1000;
const mb = (b: number) => `${Math.round(b / 1e6)} MB`;
const quarter = samples.filter((s) => s.bytes <= total / 4);
const rest = samples.filter((s) => s.bytes > total / 4);
const peak = (list: typeof samples) => Math.max(...list.map((s) => s.rss));
const tail = rest
  .slice(Math.floor(rest.length / 2))
  .map((s) => s.rss)
  .sort((a, b) => a - b);
console.log(
  `${engine}: ${mb(acknowledged)} of NDJSON acknowledged in ${seconds.toFixed(0)} s (${mb(acknowledged / seconds)}/s, ${refused} requests answered 429/503 and retried); collector RSS idle ${mb(idle)}, peak up to ${mb(total / 4)} ${mb(peak(quarter))}, peak from ${mb(total / 4)} to ${mb(total)} ${mb(peak(rest))}, steady (median of the last half) ${mb(tail[Math.floor(tail.length / 2)])}`,
);
await collector.kill();
await pg?.stop();
rmSync(dir, { recursive: true, force: true });
