import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configure, httpExporter, subscribe, track } from 'statetrail';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver, until } from './receiver';

let rx: Receiver;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-http-'));
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  rx.batches.clear();
  rx.behaviour = 'ok';
  rx.script = [];
  rx.requests = 0;
  rx.resends = 0;
  rx.headers = [];
  configure({ onObserverError: undefined });
});

const fast = { retries: 3, minDelayMs: 5, maxDelayMs: 20 };
let n = 0;
const spillDir = () => path.join(dir, `spill-${n++}`);
/** The spill files under a spillDir (each exporter spills into a folder of its own). */
const spillFiles = (d: string): string[] =>
  fs.existsSync(d)
    ? (fs.readdirSync(d, { recursive: true }) as string[])
        .map((f) => path.join(d, f))
        .filter((f) => fs.statSync(f).isFile())
    : [];

/** Seqs seen by the receiver are exactly `expected`, each once. */
function expectExactly(expected: number[]): void {
  const seqs = rx.lines().map((l) => l.seq as number);
  expect(seqs.length).toBe(expected.length);
  expect(new Set(seqs)).toEqual(new Set(expected));
}

function write(count: number): number[] {
  const o = track({ n: 0 }, { label: 'Counter' });
  const seqs: number[] = [];
  const stop = subscribe((c) => seqs.push(c.seq));
  for (let i = 1; i <= count; i++) o.n = i;
  stop();
  return seqs;
}

describe('httpExporter', () => {
  it('POSTs batches of JSON lines with one idempotency key per batch, headers and gzip', async () => {
    const ex = httpExporter({
      url: rx.url,
      batchSize: 100,
      headers: { Authorization: 'Bearer t' },
      gzip: true,
    });
    const stop = subscribe(ex);
    const seqs = write(250);
    stop();
    await ex.flush();
    expect(rx.batches.size).toBe(3);
    expectExactly(seqs);
    expect(rx.headers[0]).toMatchObject({
      authorization: 'Bearer t',
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
    });
    expect(new Set(rx.headers.map((h) => h['idempotency-key'])).size).toBe(3);
    expect(rx.lines()[0]).toMatchObject({ schema: 1, label: 'Counter', op: 'set', path: ['n'] });
    expect(ex.stats).toMatchObject({ sent: 250, spilled: 0, dropped: 0 });
    await ex.shutdown();
  });

  it('keeps each request within batchBytes of NDJSON; a longer line goes alone', async () => {
    const ex = httpExporter({ url: rx.url, batchBytes: 2000, retry: fast });
    const stop = subscribe(ex);
    const o = track({ s: '' }, { label: 'Text' });
    const values = [
      ...Array.from({ length: 30 }, (_, i) => `${'€'.repeat(i % 7)}${'x'.repeat(300)}`),
      'y'.repeat(5000),
    ];
    for (const v of values) o.s = v;
    stop();
    await ex.flush();
    const sizes = [...rx.batches.values()].map((lines) => Buffer.byteLength(`${lines.join('\n')}\n`));
    expect(sizes.filter((b) => b > 2000)).toHaveLength(1); // the 5,000-character line, alone
    expect(
      [...rx.batches.values()].find((lines) => lines.length === 1 && lines[0]!.includes('yyy')),
    ).toBeDefined();
    expect(rx.batches.size).toBeGreaterThan(4); // 30 lines of 320-340 bytes need at least 5 requests
    expect(rx.lines().map((l) => l.value)).toEqual(values);
    await ex.shutdown();
  });

  it('retries failures with backoff under the same key', async () => {
    rx.script = ['fail', 'fail'];
    const ex = httpExporter({ url: rx.url, batchSize: 50, retry: fast });
    const stop = subscribe(ex);
    const seqs = write(50);
    stop();
    await ex.flush();
    expect(rx.requests).toBe(3);
    expect(new Set(rx.headers.map((h) => h['idempotency-key'])).size).toBe(1);
    expectExactly(seqs);
    expect(ex.stats.retries).toBe(2);
    await ex.shutdown();
  });

  it('a hung request times out and is resent; the receiver keeps the batch once', async () => {
    rx.script = ['hang-after-store', 'hang'];
    const ex = httpExporter({ url: rx.url, batchSize: 40, timeoutMs: 150, retry: fast });
    const stop = subscribe(ex);
    const seqs = write(80);
    stop();
    await ex.flush();
    expectExactly(seqs);
    expect(rx.resends).toBeGreaterThanOrEqual(1);
    await ex.shutdown();
  });

  it('spills to disk while the receiver is down and resends after it recovers, without duplicates', async () => {
    rx.behaviour = 'fail';
    const dirPath = spillDir();
    const ex = httpExporter({
      url: rx.url,
      batchSize: 50,
      maxQueue: 100,
      spillDir: dirPath,
      retry: { retries: 1, minDelayMs: 5, maxDelayMs: 100 },
      flushIntervalMs: 10,
    });
    const stop = subscribe(ex);
    const seqs = write(1000);
    await until(() => ex.stats.spilled >= 900);
    expect(spillFiles(dirPath).length).toBeGreaterThan(5);
    expect(rx.batches.size).toBe(0);
    rx.behaviour = 'ok';
    await until(() => rx.lines().length === 1000);
    stop();
    await ex.flush();
    expectExactly(seqs);
    expect(spillFiles(dirPath)).toEqual([]);
    expect(ex.stats.dropped).toBe(0);
    await ex.shutdown();
  });

  it('without spillDir, what cannot be held is dropped, reported and counted', async () => {
    // the options are written out as in test/reliability/http-exporter.test.ts: each test's own subject
    const errors: unknown[] = [];
    configure({ onObserverError: (e) => errors.push(e) });
    rx.behaviour = 'fail';
    const ex = httpExporter({
      url: rx.url,
      batchSize: 10,
      maxQueue: 20,
      retry: { retries: 0, minDelayMs: 1, maxDelayMs: 50 },
    });
    const stop = subscribe(ex);
    write(100);
    stop();
    await ex.shutdown();
    expect(ex.stats.dropped).toBe(100);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('a refused batch (4xx) is reported and counted, not retried', async () => {
    const errors: unknown[] = [];
    configure({ onObserverError: (e) => errors.push(e) });
    rx.script = ['reject'];
    const ex = httpExporter({ url: rx.url, batchSize: 10, retry: fast });
    const stop = subscribe(ex);
    write(20);
    stop();
    await ex.flush();
    expect(ex.stats).toMatchObject({ rejected: 10, sent: 10 });
    expect(String(errors[0])).toContain('HTTP 400');
    await ex.shutdown();
  });

  it('an unreachable receiver is reported at export time, never thrown', async () => {
    const errors: unknown[] = [];
    configure({ onObserverError: (e) => errors.push(e) });
    const ex = httpExporter({
      url: 'http://127.0.0.1:9/nothing',
      batchSize: 5,
      retry: { retries: 0, minDelayMs: 1, maxDelayMs: 10 },
      spillDir: spillDir(),
    });
    const stop = subscribe(ex);
    expect(() => write(5)).not.toThrow();
    stop();
    await ex.flush();
    expect(ex.stats.spilled).toBe(5);
    expect(errors.length).toBeGreaterThan(0);
    await ex.shutdown();
  });

  it('at process.exit() spills what is unsent; a later process resends it once', async () => {
    rx.behaviour = 'hang';
    const dirPath = spillDir();
    const child = path.join(import.meta.dirname, 'fixtures', 'http-child.ts');
    const code = await new Promise<number | null>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', child, rx.url, dirPath, '5000'], {
        stdio: 'inherit',
      });
      p.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(0);
    const spilled = spillFiles(dirPath).map((f) => fs.readFileSync(f, 'utf8'));
    const lines = spilled
      .join('')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.length).toBe(5000);
    rx.behaviour = 'ok';
    const ex = httpExporter({ url: rx.url, spillDir: dirPath });
    await until(() => spillFiles(dirPath).length === 0);
    const seqs = rx.lines().map((l) => l.seq as number);
    expect(new Set(seqs).size).toBe(5000);
    expect(seqs.length).toBe(5000);
    await ex.shutdown();
  });

  it('on a normal end, sends what is left before the event loop empties', async () => {
    const dirPath = spillDir();
    const child = path.join(import.meta.dirname, 'fixtures', 'http-child.ts');
    const code = await new Promise<number | null>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', child, rx.url, dirPath, '1234', 'normal'], {
        stdio: 'inherit',
      });
      p.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(0);
    expect(spillFiles(dirPath)).toEqual([]);
    expect(rx.lines().length).toBe(1234);
  });

  it('rejects bad configuration at once, naming the option', () => {
    expect(() => httpExporter({ url: 'not a url' })).toThrow(
      /httpExporter: options.url must be an absolute http/,
    );
    expect(() => httpExporter({ url: 'ftp://x/' })).toThrow(/options.url/);
    expect(() => httpExporter({ url: rx.url, headers: { a: 1 as any } })).toThrow(
      /options.headers\["a"\] must be a string/,
    );
    expect(() => httpExporter({ url: rx.url, retry: { tries: 1 } as any })).toThrow(
      /unknown option "tries" in options.retry/,
    );
    expect(() => httpExporter({ url: rx.url, batchSize: 0 })).toThrow(/options.batchSize/);
    expect(() => httpExporter({ url: rx.url, batchBytes: '1MB' as any })).toThrow(
      /options.batchBytes must be a number/,
    );
    expect(() => httpExporter({ url: rx.url, spillDir: '/proc/statetrail-no' })).toThrow(
      /options.spillDir .* is not a writable directory/,
    );
  });
});
