// Query times on SQLite: state at T / timeline page / histogram over a 1,000,000-change session, and the
// sessions list over 100,000 sessions with a state filter. The data is ingested through the Store first.
//   node --import tsx collector/bench/queries.ts [changes=1000000] [sessions=100000]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBatch } from '../src/ingest/records';
import { openStore } from '../src/store/store';

const [changes = '1000000', sessions = '100000'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'statetrail-bench-'));
const store = await openStore(join(dir, 'q.db'));
const big = randomUUID();
const T0 = 1_700_000_000_000;

async function ingest(text: string) {
  const { records } = parseBatch(text, Date.now());
  await store.ingest(records, undefined, Date.now());
}

let text = '';
for (let seq = 1; seq <= Number(changes); seq++) {
  text += `{"session":"${big}","seq":${seq},"time":${T0 + seq},"label":"Order#${seq % 100}","path":["lines",${seq % 10},"qty"],"op":"set","value":${seq}}\n`;
  if (seq % 10_000 === 0) {
    await ingest(text);
    text = '';
  }
}
for (let i = 0; i < Number(sessions); i++) {
  const s = randomUUID();
  text += `{"kind":"session","session":"${s}","time":${T0 + i},"product":"shop","version":"1.${i % 10}"}\n`;
  text += `{"kind":"state","session":"${s}","time":${T0 + i},"patch":{"order":{"status":"${i % 1000 === 0 ? 'refunded' : 'paid'}","n":${i}}}}\n`;
  if (i % 5000 === 4999) {
    await ingest(text);
    text = '';
  }
}
if (text) await ingest(text);

async function time(name: string, fn: () => Promise<unknown>, runs = 5) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${name}: min ${ms[0].toFixed(1)} ms, median ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms`,
  );
}

const mid = T0 + Math.floor(Number(changes) / 2) + 777;
await time('state at T, cold (writes the checkpoints)', () => store.stateAt(big, { at: mid }), 1);
await time('state at T (middle of the session)', () =>
  store.stateAt(big, { at: mid + Math.floor(Math.random() * 1000) }),
);
await time('state at seq', () => store.stateAt(big, { seq: Number(changes) - 1234 }));
await time('timeline page (100 items from the middle)', () =>
  store.timeline(big, { limit: 100, since: mid }),
);
await time('timeline page, one path', () =>
  store.timeline(big, { limit: 100, path: 'lines.3.qty', since: mid }),
);
await time('histogram, 200 buckets', () => store.histogram(big, { buckets: 200 }));
await time(`sessions list over ${sessions} sessions, state filter order.status="refunded"`, () =>
  store.listSessions({ state: { path: 'order.status', value: '"refunded"' }, sort: '-started', limit: 50 }),
);
await time('sessions list, first page, no filter', () => store.listSessions({ sort: '-started', limit: 50 }));
await store.close();
rmSync(dir, { recursive: true, force: true });
