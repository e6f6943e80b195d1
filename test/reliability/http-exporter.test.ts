/**
 * httpExporter under a misbehaving receiver (issue 15 items 3, 9, 10, 12, 14, 16, 18, 22): real
 * servers on 127.0.0.1, real spill folders, child processes where the process end matters.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configure, httpExporter, subscribe, track } from 'statetrail';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { until } from '../export/receiver';
import { type Server, startServer } from './http-server';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-rel-http-'));
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => configure({ onObserverError: undefined }));

let n = 0;
const spillDir = () => path.join(dir, `spill-${n++}`);
const files = (d: string): string[] =>
  (fs.readdirSync(d, { recursive: true }) as string[])
    .map((f) => path.join(d, f))
    .filter((f) => fs.statSync(f).isFile());
const quiet = () => configure({ onObserverError: () => {} });

async function server(respond?: Server['respond']): Promise<Server> {
  const s = await startServer(respond);
  servers.push(s);
  return s;
}

/** `count` changes of a new tracked object, values 1..count. */
function write(count: number): void {
  const o = track({ n: 0 });
  for (let i = 1; i <= count; i++) o.n = i;
}

describe('redirects are never followed (item 3)', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status}: nothing goes to the other origin, the batch is kept, the redirect counted`, async () => {
      quiet();
      const elsewhere = await server();
      const rx = await server(() => ({ status, headers: { location: elsewhere.url } }));
      const d = spillDir();
      const ex = httpExporter({
        url: rx.url,
        spillDir: d,
        retry: { retries: 1, minDelayMs: 1, maxDelayMs: 50 },
      });
      const stop = subscribe(ex);
      write(10);
      stop();
      await ex.flush();
      expect(elsewhere.requests).toHaveLength(0);
      expect(rx.requests.every((r) => r.method === 'POST')).toBe(true);
      expect(ex.stats).toMatchObject({ sent: 0, spilled: 10 });
      expect(ex.stats.redirects).toBeGreaterThanOrEqual(1);
      expect(files(d).map((f) => fs.readFileSync(f, 'utf8').split('\n').length - 1)).toEqual([10]);
      await ex.shutdown();
    });
  }
});

describe('refused batches go to the dead-letter file, never retried', () => {
  it('a 400 is written to dead-letter.ndjson and counted', async () => {
    quiet();
    const rx = await server(() => ({ status: 400 }));
    const d = spillDir();
    const ex = httpExporter({ url: rx.url, spillDir: d });
    const stop = subscribe(ex);
    write(7);
    stop();
    await ex.flush();
    expect(rx.requests).toHaveLength(1);
    expect(ex.stats).toMatchObject({ rejected: 7, deadLettered: 7, sent: 0 });
    const dead = files(d).filter((f) => f.endsWith('dead-letter.ndjson'));
    expect(fs.readFileSync(dead[0]!, 'utf8').trim().split('\n')).toHaveLength(7);
    await ex.shutdown();
  });
});

describe('Retry-After is honoured on 429 and 503 (item 18)', () => {
  for (const status of [429, 503]) {
    it(`${status} with Retry-After: 1 waits at least that long before the next attempt`, async () => {
      quiet();
      const rx = await server((_req, i) =>
        i === 1 ? { status, headers: { 'retry-after': '1' } } : { status: 200 },
      );
      const ex = httpExporter({ url: rx.url, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 10 } });
      const stop = subscribe(ex);
      write(3);
      stop();
      await ex.flush();
      expect(rx.requests).toHaveLength(2);
      // A lower bound only: the retry cannot come earlier if the header is honoured.
      expect(rx.requests[1]!.at - rx.requests[0]!.at).toBeGreaterThanOrEqual(950);
      expect(ex.stats.sent).toBe(3);
      await ex.shutdown();
    });
  }
});

describe('flush() under steady traffic (item 12)', () => {
  it('resolves once everything recorded before the call is acknowledged, while writes go on', async () => {
    const rx = await server();
    const ex = httpExporter({ url: rx.url, batchSize: 50, flushIntervalMs: 5 });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    let i = 0;
    const traffic = setInterval(() => {
      for (let k = 0; k < 5; k++) o.n = ++i;
    }, 1);
    await until(() => i > 200);
    const before = i;
    await ex.flush(); // before the fix: waited for an idle moment that never came
    const sent = rx.lines().map((l) => l.value as number);
    for (let v = 1; v <= before; v++) expect(sent).toContain(v);
    clearInterval(traffic);
    stop();
    await ex.shutdown();
  });
});

describe('two exporters sharing a spillDir (item 9)', () => {
  it('each resends only its own batches, to its own receiver', async () => {
    quiet();
    const a = await server(() => ({ status: 503 }));
    const b = await server(() => ({ status: 503 }));
    const d = spillDir();
    const retry = { retries: 0, minDelayMs: 1, maxDelayMs: 60_000 };
    const ea = httpExporter({ url: a.url, spillDir: d, retry });
    const eb = httpExporter({ url: b.url, spillDir: d, retry });
    const stopA = subscribe(ea);
    write(4);
    stopA();
    await ea.flush();
    const stopB = subscribe(eb);
    write(6);
    stopB();
    await eb.flush();
    await ea.shutdown();
    await eb.shutdown();
    a.respond = () => ({ status: 200 });
    b.respond = () => ({ status: 200 });
    // The next processes, one per URL, resend what they find.
    const ra = httpExporter({ url: a.url, spillDir: d });
    const rb = httpExporter({ url: b.url, spillDir: d });
    await until(() => a.lines().length === 4 && b.lines().length === 6);
    await ra.flush();
    await rb.flush();
    expect(a.lines()).toHaveLength(4);
    expect(b.lines()).toHaveLength(6);
    expect(files(d)).toEqual([]);
    await ra.shutdown();
    await rb.shutdown();
  });
});

describe('a long outage: the spill folder is listed once (item 14)', () => {
  it('400 spilled batches are resent once each, in order, with one directory listing', async () => {
    quiet();
    const rx = await server(() => ({ status: 503 }));
    const d = spillDir();
    const down = httpExporter({
      url: rx.url,
      spillDir: d,
      batchSize: 1,
      maxQueue: 0,
      retry: { retries: 0, minDelayMs: 1, maxDelayMs: 60_000 },
    });
    const stop = subscribe(down);
    write(400);
    stop();
    await down.shutdown();
    expect(files(d)).toHaveLength(400);
    rx.respond = () => ({ status: 200 });
    const listings: unknown[] = [];
    const real = fs.readdirSync;
    (fs as any).readdirSync = (...args: any[]) => {
      listings.push(args[0]);
      return (real as any)(...args);
    };
    let up: ReturnType<typeof httpExporter>;
    try {
      up = httpExporter({ url: rx.url, spillDir: d });
      await until(() => rx.lines().length === 400, 60_000);
    } finally {
      (fs as any).readdirSync = real;
    }
    expect(listings).toHaveLength(1);
    const values = rx.lines().map((l) => l.value as number);
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(new Set(values).size).toBe(400);
    await up!.shutdown();
  });
});

describe('files are private (item 22)', () => {
  it('spill folders are 0700, spill and dead-letter files 0600; stale .tmp files are removed; a torn spill file sends its whole lines', async () => {
    quiet();
    const rx = await server(() => ({ status: 503 }));
    const d = spillDir();
    const ex = httpExporter({
      url: rx.url,
      spillDir: d,
      retry: { retries: 0, minDelayMs: 1, maxDelayMs: 60_000 },
    });
    const stop = subscribe(ex);
    write(3);
    stop();
    await ex.shutdown();
    const [spilled] = files(d);
    const folder = path.dirname(spilled!);
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    expect(fs.statSync(spilled!).mode & 0o777).toBe(0o600);
    // A crash between write and rename left a .tmp; a machine crash tore a spill file.
    fs.writeFileSync(path.join(folder, '.0000-stale.tmp'), '{"half":');
    fs.writeFileSync(path.join(folder, '0000-torn.ndjson'), '{"schema":1,"seq":-1}\n{"schema":1,"se');
    rx.respond = () => ({ status: 200 });
    const next = httpExporter({ url: rx.url, spillDir: d });
    await until(() => rx.lines().length === 4);
    await next.flush();
    expect(files(d)).toEqual([]);
    expect(rx.lines().map((l) => l.seq)).toContain(-1);
    await next.shutdown();
  });
});

describe('options that would make every request fail are refused at creation (item 10)', () => {
  const url = 'http://127.0.0.1:9/x';
  it.each([
    [{ url, timeoutMs: 2 ** 31 }, /options.timeoutMs must be a whole number from 1 to 2147483647/],
    [{ url, flushIntervalMs: 2 ** 31 }, /options.flushIntervalMs/],
    [{ url, retry: { maxDelayMs: 2 ** 32 } }, /options.retry.maxDelayMs/],
    [
      { url, headers: { 'x-a': 'b\r\nx-evil: 1' } },
      /options.headers\["x-a"\] must be a string without CR, LF or NUL/,
    ],
    [{ url, headers: { 'bad name': 'v' } }, /options.headers must be header names made of token characters/],
  ])('%j', (options, message) => {
    expect(() => httpExporter(options as any)).toThrow(message);
  });

  it('a URL with credentials is refused without printing them', () => {
    let message = '';
    try {
      httpExporter({ url: 'https://user:s3cret@audit.example.com/in' });
    } catch (error) {
      message = String((error as Error).message);
    }
    expect(message).toMatch(/options.url must not contain credentials/);
    expect(message).not.toContain('s3cret');
  });

  it('a spillDir naming a regular file', () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    expect(() => httpExporter({ url, spillDir: file })).toThrow(
      /options.spillDir .* is not a writable directory: .*not a directory/,
    );
  });
});

describe('await flush() keeps a short script alive after a transient failure (item 16)', () => {
  it('the retry runs, the data arrives, the script ends normally', async () => {
    const rx = await server((_req, i) => (i === 1 ? { status: 503 } : { status: 200 }));
    const child = path.join(import.meta.dirname, 'fixtures', 'flush-child.ts');
    const code = await new Promise<number | null>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', child, rx.url], { stdio: 'inherit' });
      p.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(0);
    expect(rx.requests.length).toBeGreaterThanOrEqual(2);
    expect(rx.lines()).toHaveLength(20);
  });
});
