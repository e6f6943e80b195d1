// Ingest throughput, sender (this process) and collector (a child process) apart. Each of the
// `inFlight` request loops sends the changes of its own session (like separate processes would).
//   node --import tsx collector/bench/ingest.ts sqlite|postgres [seconds=10] [batch=2000] [inFlight=4] [gzip]
// (2,000 changes per batch is httpExporter's default batchSize.)
// Besides changes/s (wall clock, which depends on what else the machine runs) it prints the CPU
// time the collector process spent per change, read from /proc/<pid>/stat, on PostgreSQL the CPU
// time of the server's processes per change, and the sender's own (this process).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { startChildCollector } from '../test/support/child';
import { startPostgres } from '../test/support/postgres';
import { cpuSeconds, treeCpuSeconds } from './proc';

const [engine = 'sqlite', seconds = '10', batch = '2000', inFlight = '4', encoding = ''] =
  process.argv.slice(2);
if (engine !== 'sqlite' && engine !== 'postgres')
  throw new Error(`engine: sqlite or postgres, got ${engine}`);
for (const [name, v] of Object.entries({ seconds, batch, inFlight }))
  if (!(Number(v) > 0)) throw new Error(`${name}: a number > 0, got ${v}`);
if (encoding !== '' && encoding !== 'gzip') throw new Error(`encoding: gzip or nothing, got ${encoding}`);
const gzipped = promisify(gzip);
const dir = mkdtempSync(join(tmpdir(), 'statetrail-bench-'));
const pg = engine === 'postgres' ? await startPostgres() : null;
const db = pg ? await pg.database() : join(dir, 'bench.db');
const collector = await startChildCollector(db);
const pid = collector.process.pid as number;
const size = Number(batch);

function sender() {
  const session = randomUUID();
  let seq = 0;
  return () => {
    let text = '';
    const time = Date.now();
    for (let i = 0; i < size; i++) {
      seq++;
      text += `{"schema":1,"session":"${session}","seq":${seq},"time":${time},"label":"Order#1","path":["lines",${seq % 10},"qty"],"op":"set","value":${seq},"old":${seq - 1},"actor":"bench"}\n`;
    }
    return text;
  };
}

let sent = 0;
let bytes = 0;
const end = Date.now() + Number(seconds) * 1000;
const cpuBefore = cpuSeconds(pid);
const pgBefore = pg ? treeCpuSeconds(pg.pid) : 0;
const senderBefore = process.cpuUsage();
const started = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: Number(inFlight) }, async () => {
    const body = sender();
    while (Date.now() < end) {
      const text = body();
      const r = await fetch(`${collector.url}/v1/ingest`, {
        method: 'POST',
        body: encoding ? await gzipped(text) : text,
        headers: {
          'content-type': 'application/x-ndjson',
          ...(encoding ? { 'content-encoding': 'gzip' } : {}),
        },
      });
      if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
      sent += size;
      bytes += text.length;
    }
  }),
);
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = cpuSeconds(pid) - cpuBefore;
const senderUsage = process.cpuUsage(senderBefore);
const senderCpu = (senderUsage.user + senderUsage.system) / 1e6;
const pgCpu = pg ? treeCpuSeconds(pg.pid) - pgBefore : 0;
console.log(
  `${engine}: ${sent} changes in ${elapsed.toFixed(1)} s = ${Math.round(sent / elapsed)} changes/s (${(bytes / elapsed / 1e6).toFixed(1)} MB/s, batches of ${size}, ${inFlight} sessions in flight${encoding ? ', gzip' : ''}); collector CPU ${((cpu / sent) * 1e6).toFixed(1)} µs per change = ${Math.round(sent / cpu)} changes per CPU-second${pg ? `; PostgreSQL CPU ${((pgCpu / sent) * 1e6).toFixed(1)} µs per change` : ''}; sender CPU ${((senderCpu / sent) * 1e6).toFixed(1)} µs per change`,
);
await collector.kill();
await pg?.stop();
rmSync(dir, { recursive: true, force: true });
