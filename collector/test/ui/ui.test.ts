import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '../../src/index';
import { launchChromium, screenshot, watch } from './browser';
import { ingest, type Line, shopSession } from './seed';

// The UI in real Chromium against a real collector (SQLite in a temp folder), seeded through /v1/ingest.

const XSS = {
  product: '<img src=x onerror=alert(1)>',
  version: '"><script>alert(2)</script>',
  host: '<svg onload=alert(3)>',
  key: '<img src=x onerror=alert(4)>',
  text: '"><script>alert(5)</script>',
};

const dir = mkdtempSync(join(tmpdir(), 'statetrail-ui-'));
let collector: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
const base = Date.UTC(2026, 11, 1, 12);
const a = shopSession({
  t0: base,
  version: '1.2.0',
  host: 'web-1',
  tags: { region: 'eu' },
  end: {
    status: 'crashed',
    exitCode: 1,
    error: { name: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at pay (src/orders.ts:40:3)' },
  },
});
const b = shopSession({
  t0: base + 60_000,
  version: '1.3.0',
  host: 'web-2',
  tags: { region: 'us' },
  actor: 'bob',
  end: { exitCode: 0 },
});
const live = shopSession({ t0: base + 120_000, version: '1.3.0', host: 'web-3' });
const billing = shopSession({
  t0: base - 86_400_000,
  product: 'billing',
  version: '2.0.0',
  host: 'bill-1',
  end: { exitCode: 0 },
});
const xss = shopSession({
  t0: base + 180_000,
  product: XSS.product,
  version: XSS.version,
  host: XSS.host,
  tags: { [XSS.key]: XSS.text },
});
const big = shopSession({ t0: base + 240_000, version: '1.3.0', host: 'web-4', end: { exitCode: 0 } });

function xssLines(id: string, t: number): Line[] {
  return [
    { kind: 'state', session: id, time: t + 50, patch: { [XSS.key]: XSS.text } },
    {
      session: id,
      seq: 9,
      time: t + 51,
      label: XSS.key,
      path: [XSS.text],
      op: 'set',
      value: XSS.text,
      actor: XSS.key,
      site: { file: XSS.key, line: 1, column: 1, code: XSS.text },
    },
    {
      kind: 'event',
      session: id,
      time: t + 52,
      name: XSS.key,
      message: XSS.text,
      level: 'error',
      error: { name: XSS.key, message: XSS.text, stack: XSS.text },
    },
    { kind: 'crumb', session: id, time: t + 53, event: XSS.key, data: { [XSS.key]: XSS.text } },
    { kind: 'metric', session: id, time: t + 54, name: XSS.key, type: 'gauge', value: 1, unit: XSS.text },
    {
      kind: 'race',
      session: id,
      time: t + 55,
      race: {
        kind: 'lost-update',
        label: XSS.key,
        path: [XSS.text],
        why: XSS.text,
        accesses: [
          {
            op: 'write',
            actor: XSS.key,
            site: { file: XSS.key, line: 2, column: 1, code: XSS.text },
            stack: XSS.text,
          },
        ],
      },
    },
    {
      kind: 'end',
      session: id,
      time: t + 60,
      status: 'crashed',
      error: { name: XSS.key, message: XSS.text, stack: XSS.text },
    },
  ];
}

/** 5,000 more changes, so the timeline has far more items than it may put in the DOM. */
function bigLines(id: string, t: number): Line[] {
  return Array.from({ length: 5000 }, (_, i) => ({
    session: id,
    seq: 100 + i,
    time: t + 100 + i,
    label: 'Counter',
    path: ['n'],
    op: 'set',
    value: i,
  }));
}

beforeAll(async () => {
  collector = await startCollector({ port: 0, db: join(dir, 'ui.db') });
  const extra: Line[] = [
    { kind: 'state', session: b.id, time: base + 60_036, patch: { order: { status: 'refunded' } } },
    {
      kind: 'race',
      session: a.id,
      time: base + 36,
      race: {
        kind: 'lost-update',
        label: 'Order#1',
        path: ['total'],
        why: 'both read 10 before either wrote',
        accesses: [
          {
            op: 'read',
            actor: 'alice',
            site: { file: 'src/orders.ts', line: 14, column: 5, code: 'order.total += 15' },
          },
          {
            op: 'write',
            actor: 'bob',
            site: { file: 'src/orders.ts', line: 20, column: 5, code: 'order.total = 12' },
          },
        ],
      },
    },
  ];
  for (const s of [a, b, live, billing, xss, big]) await ingest(collector.url, s.lines);
  await ingest(collector.url, [
    ...extra,
    ...xssLines(xss.id, base + 180_000),
    ...bigLines(big.id, base + 240_000),
  ]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = () =>
  page.$$eval('#sessions tbody tr', (rows) => rows.map((r) => r.getAttribute('data-id')).sort());
const sorted = (...list: { id: string }[]) => list.map((s) => s.id).sort();
const text = (selector: string) => page.locator(selector).innerText();

async function scrubTo(seq: number) {
  await page.$eval(
    '#scrub',
    (el, n) => {
      (el as HTMLInputElement).value = String(n);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    seq,
  );
  await expect.poll(() => text('#scrubber h2')).toContain(`seq ${seq}`);
}

describe('the web UI in Chromium', () => {
  it('serves every page with a Content-Security-Policy that forbids inline script', async () => {
    for (const path of ['/', '/sessions', `/sessions/${a.id}`, '/compare', '/races', '/login']) {
      const response = await fetch(collector.url + path);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("default-src 'none'");
    }
  });

  it('Chromium enforces that policy: a script inserted into the page does not run', async () => {
    const seen = watch(page);
    await page.goto(`${collector.url}/login`);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
    });
    await expect.poll(() => seen.csp.length).toBe(1);
    expect(await page.evaluate(() => 'injected' in window)).toBe(false);
  });

  it('serves its modules from the package, revalidated by ETag, and nothing else under /ui/', async () => {
    const first = await fetch(`${collector.url}/ui/vendor/preact.mjs`);
    expect(first.headers.get('content-type')).toContain('text/javascript');
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${collector.url}/ui/vendor/preact.mjs`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    for (const path of [
      '/ui/../package.json',
      '/ui/%2e%2e/index.ts',
      '/ui/vendor/../../package.json',
      '/ui/nope.js',
    ]) {
      expect((await fetch(collector.url + path)).status).toBe(404);
    }
  });

  it('overview shows each release with its counts and links to the filtered list', async () => {
    await page.goto(`${collector.url}/`);
    await expect.poll(() => text('#releases')).toContain('1.2.0');
    const row = page.locator('#releases tr', { hasText: '1.2.0' });
    expect(await row.innerText()).toMatch(/shop\s+1\.2\.0\s+1\s+0\s+1/);
    await screenshot(page, 'overview');
    await row.getByRole('link', { name: '1.2.0' }).click();
    await page.waitForURL(/\/sessions\?product=shop&version=1\.2\.0$/);
    await expect.poll(ids).toEqual(sorted(a));
  });

  const filters: [string, string, () => string[]][] = [
    ['product', 'billing', () => sorted(billing)],
    ['version', '1.2.0', () => sorted(a)],
    ['status', 'crashed', () => sorted(a, xss)],
    ['host', 'web-2', () => sorted(b)],
    ['tag', 'region=us', () => sorted(b)],
    ['actor', 'bob', () => sorted(b)],
    ['event', 'checkout', () => sorted(a, b, live, billing, xss, big)],
    ['state', 'order.status="refunded"', () => sorted(b)],
    ['since', new Date(base + 100_000).toISOString(), () => sorted(live, xss, big)],
    ['until', new Date(base - 3_600_000).toISOString(), () => sorted(billing)],
  ];
  for (const [name, value, expected] of filters) {
    it(`the ${name} filter changes the list and the URL, and a reload keeps it`, async () => {
      await page.goto(`${collector.url}/sessions`);
      await expect.poll(ids).toEqual(sorted(a, b, live, billing, xss, big));
      await page.fill(`#filters input[name=${name}]`, value);
      await page.click('#filters button[type=submit]');
      await page.waitForURL((url) => url.searchParams.get(name) === value);
      await expect.poll(ids).toEqual(expected());
      await page.reload();
      await expect.poll(ids).toEqual(expected());
      expect(await page.inputValue(`#filters input[name=${name}]`)).toBe(value);
    });
  }

  it('pages through the list with a cursor in the URL', async () => {
    await page.goto(`${collector.url}/sessions?limit=4`);
    await expect.poll(async () => (await ids()).length).toBe(4);
    const first = await ids();
    await page.click('#next-page');
    await page.waitForURL(/cursor=/);
    await expect.poll(async () => (await ids()).length).toBe(2);
    expect([...first, ...(await ids())].sort()).toEqual(sorted(a, b, live, billing, xss, big));
  });

  it('a session shows its header, timeline and an item with its source site and actor', async () => {
    await page.goto(`${collector.url}/sessions/${a.id}`);
    await expect.poll(() => text('#session-header')).toContain('crashed');
    const header = await text('#session-header');
    for (const fact of ['shop', '1.2.0', 'web-1', '4242', 'node 20', 'exit 1'])
      expect(header).toContain(fact);
    await expect.poll(() => text('#timeline')).toContain('Order#1 status set "paid"');
    await page.locator('#timeline .row', { hasText: 'Order#1 status set "paid"' }).click();
    const detail = await text('#detail');
    expect(detail).toContain('src/orders.ts:31:5');
    expect(detail).toContain("order.status = 'paid'");
    expect(detail).toContain('payments');
    await page.locator('#timeline .row', { hasText: 'Order#1 total set 25' }).click();
    expect(await text('#detail .old')).toContain('10');
    expect(await text('#detail .new')).toContain('25');
    await expect.poll(() => text('#metrics')).toContain('latency');
  });

  it('the kind filter and a zoom dragged on the histogram narrow the timeline and live in the URL', async () => {
    await page.goto(`${collector.url}/sessions/${a.id}`);
    await expect.poll(() => text('#timeline')).toContain('receipt.print');
    await page.check('#kinds input[name=crumb]');
    await page.waitForURL((url) => url.searchParams.get('kind') === 'crumb');
    await expect
      .poll(() => page.locator('#timeline .row').allInnerTexts())
      .toEqual([expect.stringContaining('cart.open'), expect.stringContaining('receipt.print')]);
    await page.uncheck('#kinds input[name=crumb]');
    await page.waitForURL((url) => !url.searchParams.has('kind'));
    await expect.poll(() => page.locator('#timeline .row').count()).toBe(15);
    await page.waitForSelector('#histogram .u-over');
    const over = (await page.locator('#histogram .u-over').boundingBox())!;
    // Drag over the first half of the chart (it spans the session's first to last record).
    await page.mouse.move(over.x + 1, over.y + 10);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width / 2, over.y + 20, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL((url) => url.searchParams.has('since') && url.searchParams.has('until'));
    const until = Number(new URL(page.url()).searchParams.get('until'));
    await expect.poll(() => page.locator('#timeline .row').count()).toBeLessThan(15);
    const times = await page.locator('#timeline .row .t').allInnerTexts();
    for (const t of times) expect(Date.parse(`${t.replace(' ', 'T')}Z`)).toBeLessThanOrEqual(until);
    await page.click('#reset-zoom');
    await expect.poll(() => page.locator('#timeline .row').count()).toBe(15);
  });

  it('scrubbing changes the state tree to the state at that seq and marks what changed', async () => {
    await page.goto(`${collector.url}/sessions/${a.id}?seq=1`);
    await expect.poll(() => text('#scrubber h2')).toContain('seq 1');
    const leaf = (path: string) => page.locator(`#state-tree li.leaf[data-path="${path}"]`);
    expect(await leaf('Order#1.total').innerText()).toContain('10');
    expect(await leaf('Order#1.status').count()).toBe(0);
    await scrubTo(2);
    expect(await leaf('Order#1.total').innerText()).toContain('25');
    expect(await leaf('Order#1.total').getAttribute('class')).toContain('changed');
    await scrubTo(3);
    expect(await leaf('Order#1.status').innerText()).toContain('"paid"');
    expect(await leaf('Order#1.status').getAttribute('class')).toContain('changed');
    expect(await leaf('Order#1.total').getAttribute('class')).not.toContain('changed');
    expect(new URL(page.url()).searchParams.get('seq')).toBe('3');
    await page.reload();
    await expect.poll(() => text('#scrubber h2')).toContain('seq 3');
  });

  it('clicking a path in the tree shows its whole history with actors and sites', async () => {
    await page.goto(`${collector.url}/sessions/${a.id}`);
    await page.locator('#state-tree button.key[data-path="Order#1.total"]').click();
    await expect.poll(() => text('#path-history')).toContain('src/orders.ts:14:5');
    const rows = page.locator('#path-history tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/alice[\s\S]*src\/orders\.ts:12:5[\s\S]*order\.total = 10/);
    expect(await rows.nth(1).innerText()).toMatch(/10 → 25[\s\S]*alice[\s\S]*order\.total \+= 15/);
    expect(new URL(page.url()).searchParams.get('ppath')).toBe('["total"]');
  });

  it('a crashed session shows the error, its stack, the crumbs before it and the state at the crash', async () => {
    await page.goto(`${collector.url}/sessions/${a.id}`);
    await expect.poll(() => text('#crash')).toContain('TypeError');
    const crash = await text('#crash');
    expect(crash).toContain('boom');
    expect(crash).toContain('at pay (src/orders.ts:40:3)');
    expect(await text('#crash-crumbs')).toMatch(/cart\.open[\s\S]*receipt\.print/);
    await expect.poll(() => text('#crash .tree')).toContain('"paid"');
    await screenshot(page, 'session');
  });

  it('the live tail shows a change written after the page opened', async () => {
    await page.goto(`${collector.url}/sessions/${live.id}`);
    await page.waitForSelector('#live[data-connected=yes]');
    await ingest(collector.url, [
      {
        session: live.id,
        seq: 50,
        time: Date.now(),
        label: 'Order#1',
        path: ['status'],
        op: 'set',
        value: 'shipped',
      },
    ]);
    await expect.poll(() => text('#live')).toContain('Order#1 status set "shipped"');
    await expect.poll(() => text('#timeline')).toContain('Order#1 status set "shipped"');
  });

  it('the timeline keeps a few rows in the DOM however many items the session has', async () => {
    await page.goto(`${collector.url}/sessions/${big.id}`);
    await expect.poll(() => text('#timeline')).toContain('Counter');
    expect(await page.locator('#timeline .row').count()).toBeLessThan(100);
    await page.$eval('#timeline', (el) => {
      el.scrollTop = el.scrollHeight;
      el.dispatchEvent(new Event('scroll'));
    });
    await expect.poll(() => text('.timeline-wrap')).toMatch(/^400\+ items loaded/);
    expect(await page.locator('#timeline .row').count()).toBeLessThan(100);
  });

  it('compares two sessions: state diff at their ends, one metric by version with percentiles', async () => {
    await page.goto(`${collector.url}/compare?a=${a.id}&b=${b.id}&metric=latency&product=shop`);
    await expect.poll(() => text('#state-diff')).toContain('$state.order.status');
    expect(await page.locator('#state-diff tr[data-path="$state.order.status"]').innerText()).toMatch(
      /"paid"\s+"refunded"/,
    );
    await expect.poll(() => text('#metric-by-version')).toContain('1.2.0');
    const row = await page.locator('#metric-by-version tr', { hasText: '1.2.0' }).innerText();
    expect(row).toMatch(/^1\.2\.0\s+2\s+100\s+80/);
    await screenshot(page, 'compare');
    const before = new Date(base + 15).toISOString();
    await page.goto(`${collector.url}/compare?a=${a.id}&atA=${before}&b=${b.id}`);
    await expect
      .poll(() => page.locator('#state-diff tr[data-path="$state.order.status"]').innerText())
      .toMatch(/"new"\s+"refunded"/);
    expect(await page.locator('#state-diff tr[data-path="Order#1.total"]').innerText()).toMatch(/10\s+25/);
  });

  it('lists the races of a session with both accesses and their sites', async () => {
    await page.goto(`${collector.url}/races?session=${a.id}`);
    await expect.poll(() => text('main')).toContain('lost-update');
    const body = await text('main');
    expect(body).toContain('both read 10 before either wrote');
    expect(body).toMatch(
      /read[\s\S]*alice[\s\S]*src\/orders\.ts:14:5[\s\S]*write[\s\S]*bob[\s\S]*src\/orders\.ts:20:5/,
    );
  });

  it('renders client-made names, values and stacks as text: nothing they contain executes', async () => {
    const seen = watch(page);
    const pages = [
      '/',
      '/sessions',
      `/sessions/${xss.id}`,
      `/compare?a=${xss.id}&b=${a.id}&metric=${encodeURIComponent(XSS.key)}`,
      `/races?session=${xss.id}`,
    ];
    for (const path of pages) {
      await page.goto(collector.url + path);
      await expect
        .poll(() => text('main'))
        .toContain(path.startsWith('/compare') || path.startsWith('/races') ? XSS.key : XSS.product);
      expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    }
    await page.goto(`${collector.url}/sessions/${xss.id}`);
    await expect.poll(() => text('#crash')).toContain(XSS.text);
    await page.locator('#timeline .row.kind-change', { hasText: XSS.key }).click();
    expect(await text('#detail')).toContain(XSS.text);
    await page.locator('#state-tree button.key', { hasText: XSS.text }).click();
    await expect.poll(() => text('#path-history')).toContain(XSS.text);
    await screenshot(page, 'xss');
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    expect(seen.csp).toEqual([]);
  });
});

describe('the web UI with read tokens configured', () => {
  let secured: { url: string; close(): Promise<void> };
  const token = 'read-token-0123456789';
  beforeAll(async () => {
    writeFileSync(join(dir, 'tokens.json'), JSON.stringify([{ token, scopes: ['ingest', 'read'] }]));
    secured = await startCollector({
      port: 0,
      db: join(dir, 'secured.db'),
      tokens: join(dir, 'tokens.json'),
    });
    await ingest(secured.url, a.lines, token);
  });
  afterAll(() => secured?.close());

  it('asks for a token, refuses a wrong one, and with the right one shows the page it came from', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${secured.url}/sessions?product=shop`);
    await tab.waitForURL(/\/login\?next=/);
    await tab.fill('input[name=token]', 'wrong-token-0123456789');
    await tab.click('main button[type=submit]');
    await expect.poll(() => tab.locator('[role=alert]').innerText()).toContain('not valid');
    await tab.fill('input[name=token]', token);
    await tab.click('main button[type=submit]');
    await tab.waitForURL((url) => url.pathname === '/sessions' && url.searchParams.get('product') === 'shop');
    await expect.poll(() => tab.locator('#sessions tbody tr').count()).toBe(1);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'statetrail_token', httpOnly: true, sameSite: 'Strict' });
    await screenshot(tab, 'login-done');
    await context.close();
  });
});
