// The session page on a 1,000,000-change session, in real Chromium: first render (the page's own
// `statetrail:first-render` mark, ms after navigation start: header, first timeline page and state tree
// shown; the histogram follows, `statetrail:histogram`) and scrub steps (`statetrail:scrub`
// measures, from the input event to the rendered tree). The numbers come from the Performance API.
//
//   node --import tsx collector/bench/ui-session.ts [--changes=1000000] [--loads=5] [--steps=30] [--fresh]
//
// The seeded database is kept in the temp folder and reused (it takes longest); --fresh rebuilds it.
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
const CHANGES = arg('changes', 1_000_000);
const LOADS = arg('loads', 5);
const STEPS = arg('steps', 30);
const LABELS = 1000;
const BATCH = 10_000;
const ID = '00000000-0000-4000-8000-000000000001';

// seeded once per size and kept between runs, like bench/ui-sessions.ts: each bench is a standalone script
const folder = join(tmpdir(), 'statetrail-ui-bench');
const db = join(folder, `session-${CHANGES}.db`);
if (process.argv.includes('--fresh')) rmSync(folder, { recursive: true, force: true });
const seeded = existsSync(db);
mkdirSync(folder, { recursive: true });
const collector = await startCollector({ port: 0, db });

if (!seeded) {
  const t0 = Date.UTC(2026, 11, 1);
  const started = performance.now();
  await ingest(collector.url, [
    { kind: 'session', session: ID, time: t0, product: 'bench', version: '1.0.0', host: 'bench' },
  ]);
  for (let from = 0; from < CHANGES; from += BATCH) {
    const lines: Line[] = [];
    for (let i = from; i < Math.min(CHANGES, from + BATCH); i++) {
      const label = `Account#${i % LABELS}`;
      lines.push({
        session: ID,
        seq: i + 1,
        time: t0 + i,
        label,
        path: ['balance'],
        op: 'set',
        value: i,
        actor: `user${i % 7}`,
      });
    }
    await ingest(collector.url, lines);
  }
  console.log(`seeded ${CHANGES} changes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const renders: number[] = [];
const charts: number[] = [];
for (let i = 0; i < LOADS; i++) {
  await page.goto(`${collector.url}/sessions/${ID}`);
  await page.waitForFunction(() => performance.getEntriesByName('statetrail:first-render').length > 0, null, {
    timeout: 120_000,
  });
  renders.push(
    await page.evaluate(() => performance.getEntriesByName('statetrail:first-render')[0]!.startTime),
  );
  await page.waitForFunction(() => performance.getEntriesByName('statetrail:histogram').length > 0, null, {
    timeout: 120_000,
  });
  charts.push(await page.evaluate(() => performance.getEntriesByName('statetrail:histogram')[0]!.startTime));
}

const steps: number[] = [];
for (let i = 1; i <= STEPS; i++) {
  const seq = Math.round((CHANGES * i) / (STEPS + 1));
  // the scrubber is driven as test/ui/ui.test.ts drives it (an input event); the bench imports no test code
  await page.$eval(
    '#scrub',
    (el, n) => {
      (el as HTMLInputElement).value = String(n);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    seq,
  );
  await page.waitForFunction((n) => performance.getEntriesByName('statetrail:scrub').length >= n, i, {
    timeout: 60_000,
  });
}
steps.push(
  ...(await page.evaluate(() => performance.getEntriesByName('statetrail:scrub').map((m) => m.duration))),
);
const dom = await page.evaluate(() => ({
  nodes: document.getElementsByTagName('*').length,
  rows: document.querySelectorAll('#timeline .row').length,
}));
await browser.close();
await collector.close();

const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log(`session of ${CHANGES} changes over ${LABELS} labels (SQLite)`);
console.log(
  `first render: median ${ms(quantile(renders, 0.5))}, max ${ms(Math.max(...renders))} (${LOADS} loads)`,
);
console.log(`histogram drawn: median ${ms(quantile(charts, 0.5))}, max ${ms(Math.max(...charts))}`);
console.log(
  `scrub step: median ${ms(quantile(steps, 0.5))}, p95 ${ms(quantile(steps, 0.95))}, max ${ms(Math.max(...steps))} (${steps.length} steps)`,
);
console.log(`DOM: ${dom.nodes} elements, ${dom.rows} timeline rows`);
