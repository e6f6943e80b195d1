// Query times on SQLite or PostgreSQL: state at T / timeline page / histogram over a 1,000,000-change
// session, and the sessions list over 100,000 sessions with a state filter. The data is ingested
// through the Store first (which writes the checkpoints and histogram counts as ingest does).
//   node --import tsx collector/bench/queries.ts [sqlite|postgres] [changes=1000000] [sessions=100000]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBatch } from '../src/ingest/records';
import { openStore } from '../src/store/store';
import { startPostgres } from '../test/support/postgres';

const [engine = 'sqlite', changes = '1000000', sessions = '100000'] = process.argv.slice(2);
if (engine !== 'sqlite' && engine !== 'postgres')
  throw new Error(`engine: sqlite or postgres, got ${engine}`);
for (const [name, v] of Object.entries({ changes, sessions }))
  if (!(Number(v) > 0)) throw new Error(`${name}: a number > 0, got ${v}`);
const dir = mkdtempSync(join(tmpdir(), 'statetrail-bench-'));
const pg = engine === 'postgres' ? await startPostgres() : null;
const store = await openStore(pg ? await pg.database() : join(dir, 'q.db'));
const big = randomUUID();
const T0 = 1_700_000_000_000;

async function ingest(text: string) {
  const { records } = parseBatch(text, Date.now());
  await store.ingest(records, undefined, Date.now());
}

const seeding = performance.now();
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
// what autovacuum does once it notices the load: without statistics PostgreSQL takes the tables for
// tiny and answers a path-filtered timeline page by sorting every row of the path (~400 ms here)
if (engine === 'postgres') await store.db.run('ANALYZE');
console.log(
  `${engine}: seeded ${changes} changes and ${sessions} sessions through the Store in ${((performance.now() - seeding) / 1000).toFixed(0)} s`,
);

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
await time('state at T, first query', () => store.stateAt(big, { at: mid }), 1);
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
await time('histogram, 200 buckets, whole session', () => store.histogram(big, { buckets: 200 }));
await time('histogram, 200 buckets, a zoomed range of 100,000 changes', () =>
  store.histogram(big, { buckets: 200, since: mid, until: mid + 100_000 }),
);
await time(`sessions list over ${sessions} sessions, state filter order.status="refunded"`, () =>
  store.listSessions({ state: { path: 'order.status', value: '"refunded"' }, sort: '-started', limit: 50 }),
);
await time('sessions list, first page, no filter', () => store.listSessions({ sort: '-started', limit: 50 }));
await store.close();
await pg?.stop();
rmSync(dir, { recursive: true, force: true });
