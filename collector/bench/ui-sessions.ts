// The sessions list over 100,000 sessions with a state filter, in real Chromium: time from navigation
// to the rendered list (`statetrail:sessions-rendered` mark) and from Apply to the new list
// (`statetrail:sessions` measure), both from the Performance API.
//
//   node --import tsx collector/bench/ui-sessions.ts [--sessions=100000] [--rounds=5] [--fresh]
//
// The seeded database is kept in the temp folder and reused; --fresh rebuilds it.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '../src/index';
import { launchChromium } from '../test/ui/browser';
import { ingest, type Line } from '../test/ui/seed';

const arg = (name: string, fallback: number) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const SESSIONS = arg('sessions', 100_000);
const ROUNDS = arg('rounds', 5);
const BATCH = 5000;
const STATUSES = ['new', 'paid', 'shipped', 'refunded', 'cancelled'];

// seeded once per size and kept between runs, like bench/ui-session.ts: each bench is a standalone script
const folder = join(tmpdir(), 'statetrail-ui-bench');
const db = join(folder, `sessions-${SESSIONS}.db`);
if (process.argv.includes('--fresh')) rmSync(db, { force: true });
const seeded = existsSync(db);
mkdirSync(folder, { recursive: true });
const collector = await startCollector({ port: 0, db });

if (!seeded) {
  const t0 = Date.UTC(2026, 11, 1);
  const started = performance.now();
  for (let from = 0; from < SESSIONS; from += BATCH) {
    const lines: Line[] = [];
    for (let i = from; i < Math.min(SESSIONS, from + BATCH); i++) {
      const session = randomUUID();
      lines.push({
        kind: 'session',
        session,
        time: t0 + i,
        product: 'bench',
        version: `1.${i % 20}.0`,
        host: `web-${i % 50}`,
      });
      lines.push({
        kind: 'state',
        session,
        time: t0 + i + 1,
        patch: { order: { status: STATUSES[i % STATUSES.length], n: i } },
      });
    }
    await ingest(collector.url, lines);
  }
  console.log(`seeded ${SESSIONS} sessions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const loads: number[] = [];
const applies: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  await page.goto(`${collector.url}/sessions?state=${encodeURIComponent('order.status="refunded"')}`);
  await page.waitForFunction(() => performance.getEntriesByName('statetrail:sessions-rendered').length > 0);
  loads.push(
    await page.evaluate(() => performance.getEntriesByName('statetrail:sessions-rendered')[0]!.startTime),
  );
  await page.fill('#filters input[name=state]', `order.status="${STATUSES[i % STATUSES.length]}"`);
  await page.click('#filters button[type=submit]');
  await page.waitForFunction(() => performance.getEntriesByName('statetrail:sessions').length > 0);
  applies.push(await page.evaluate(() => performance.getEntriesByName('statetrail:sessions')[0]!.duration));
}
const rows = await page.locator('#sessions tbody tr').count();
await browser.close();
await collector.close();

console.log(`sessions list over ${SESSIONS} sessions, state filter (SQLite), ${rows} rows shown`);
console.log(
  `page load to list: median ${median(loads).toFixed(0)} ms, max ${Math.max(...loads).toFixed(0)} ms`,
);
console.log(
  `apply filter to list: median ${median(applies).toFixed(0)} ms, max ${Math.max(...applies).toFixed(0)} ms`,
);
