// Ingest throughput, sender (this process) and collector (a child process) apart:
//   node --import tsx collector/bench/ingest.ts sqlite|postgres [seconds=10] [batch=1000] [inFlight=4]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildCollector } from '../test/support/child';
import { startPostgres } from '../test/support/postgres';

const [engine = 'sqlite', seconds = '10', batch = '1000', inFlight = '4'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'statetrail-bench-'));
const pg = engine === 'postgres' ? await startPostgres() : null;
const db = pg ? await pg.database() : join(dir, 'bench.db');
const collector = await startChildCollector(db);
const size = Number(batch);
const session = randomUUID();
let seq = 0;

function body(): string {
  let text = '';
  const time = Date.now();
  for (let i = 0; i < size; i++) {
    seq++;
    text += `{"schema":1,"session":"${session}","seq":${seq},"time":${time},"label":"Order#1","path":["lines",${seq % 10},"qty"],"op":"set","value":${seq},"old":${seq - 1},"actor":"bench"}\n`;
  }
  return text;
}

let sent = 0;
let bytes = 0;
const end = Date.now() + Number(seconds) * 1000;
const started = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: Number(inFlight) }, async () => {
    while (Date.now() < end) {
      const text = body();
      const r = await fetch(`${collector.url}/v1/ingest`, {
        method: 'POST',
        body: text,
        headers: { 'content-type': 'application/x-ndjson' },
      });
      if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
      sent += size;
      bytes += text.length;
    }
  }),
);
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `${engine}: ${sent} changes in ${elapsed.toFixed(1)} s = ${Math.round(sent / elapsed)} changes/s (${(bytes / elapsed / 1e6).toFixed(1)} MB/s, batches of ${size}, ${inFlight} in flight)`,
);
await collector.kill();
await pg?.stop();
rmSync(dir, { recursive: true, force: true });
