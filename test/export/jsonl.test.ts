import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configure, jsonlExporter, subscribe, track } from 'statetrail';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-jsonl-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => configure({ onObserverError: undefined }));

let n = 0;
const file = () => path.join(dir, `t${n++}.jsonl`);
const read = (f: string) =>
  fs
    .readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));

describe('jsonlExporter', () => {
  it('appends one line per change in the serialised form, and crumbs', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f });
    const stop = subscribe(ex);
    const o = track({ a: 1, list: [1] }, { label: 'Thing' });
    o.a = 2;
    o.list[1] = 3;
    ex.crumb('checkpoint', { n: 1 });
    delete (o as any).a;
    stop();
    await ex.shutdown();
    const lines = read(f);
    expect(lines.map((l) => [l.schema, l.label, l.target, l.path, l.op, l.kind])).toEqual([
      [1, 'Thing', 'Thing', ['a'], 'set', undefined],
      [1, 'Thing', 'Thing', ['list', 1], 'set', undefined],
      [1, undefined, undefined, undefined, undefined, 'crumb'],
      [1, 'Thing', 'Thing', ['a'], 'delete', undefined],
    ]);
    expect(lines[0]).toMatchObject({ value: 2, old: 1 });
    expect(ex.stats.written).toBe(4);
  });

  it('writes values that cannot be serialised as markers, without throwing', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f, sync: true });
    const stop = subscribe(ex);
    const o = track({} as Record<string, unknown>);
    const cycle: Record<string, unknown> = { name: 'c' };
    cycle.self = cycle;
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const hostile = {
      get boom() {
        throw new Error('getter exploded');
      },
    };
    expect(() => {
      o.cycle = cycle;
      o.revoked = proxy;
      o.hostile = hostile;
      o.big = 10n;
      o.fn = function named() {};
    }).not.toThrow();
    stop();
    await ex.shutdown();
    const values = read(f).map((l) => l.value);
    expect(values[0]).toEqual({ name: 'c', self: { $circular: true } });
    expect(JSON.stringify(values[1])).toContain('$unserializable');
    expect(values[2]).toEqual({ boom: { $thrown: 'getter exploded' } });
    expect(values[3]).toEqual({ $bigint: '10' });
    expect(values[4]).toEqual({ $function: 'named' });
  });

  it('keeps appending to an existing file', async () => {
    const f = file();
    fs.writeFileSync(f, '{"schema":1,"kind":"crumb","time":0,"event":"before"}\n');
    const ex = jsonlExporter({ path: f, sync: true });
    const stop = subscribe(ex);
    track({ a: 1 }).a = 2;
    stop();
    await ex.shutdown();
    expect(read(f).map((l) => l.event ?? l.op)).toEqual(['before', 'set']);
  });

  it('accepts a filter through subscribe (the Change-object path)', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f });
    const stop = subscribe(ex, { op: 'delete' });
    const o = track({ a: 1, b: 2 } as Record<string, number>);
    o.a = 5;
    delete o.b;
    stop();
    await ex.flush();
    expect(read(f).map((l) => l.op)).toEqual(['delete']);
    await ex.shutdown();
  });

  it('rotates by size and keeps `keep` files, each of whole lines', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f, rotate: { maxBytes: 2000, keep: 2 }, batchBytes: 500 });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    for (let i = 1; i <= 300; i++) o.n = i;
    stop();
    await ex.shutdown();
    expect(ex.stats.rotations).toBeGreaterThan(2);
    const files = [f, `${f}.1`, `${f}.2`];
    for (const x of files) expect(fs.existsSync(x)).toBe(true);
    expect(fs.existsSync(`${f}.3`)).toBe(false);
    const seqs = files.reverse().flatMap((x) => read(x).map((l) => l.seq));
    // the newest lines, without a gap, across the kept files
    expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1)).toBe(true);
    expect(read(f).at(-1).value).toBe(300);
  });

  it('stays bounded when the disk falls behind: audit mode waits (syncDrains), nothing dropped', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f, batchBytes: 4096 });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    for (let i = 1; i <= 50_000; i++) o.n = i;
    stop();
    await ex.shutdown();
    expect(ex.stats.syncDrains).toBeGreaterThan(0);
    expect(ex.stats.dropped).toBe(0);
    expect(read(f).length).toBe(50_000);
  });

  it('telemetry mode drops under pressure and counts every drop', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f, mode: 'telemetry', batchBytes: 1024, maxBufferBytes: 4096 });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    for (let i = 1; i <= 20_000; i++) o.n = i;
    stop();
    await ex.shutdown();
    expect(ex.stats.dropped).toBeGreaterThan(0);
    expect(read(f).length + ex.stats.dropped).toBe(20_000);
  });

  it('reports (never throws) write failures and counts the lost lines', async () => {
    const errors: unknown[] = [];
    configure({ onObserverError: (e) => errors.push(e) });
    const ex = jsonlExporter({ path: '/dev/full', sync: true, batchBytes: 64 });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    expect(() => {
      for (let i = 1; i <= 10; i++) o.n = i;
    }).not.toThrow();
    stop();
    await ex.shutdown();
    expect(ex.stats.failed).toBe(10);
    expect(String(errors[0])).toMatch(/ENOSPC/);
  });

  it('counts and reports changes offered after shutdown()', async () => {
    const errors: unknown[] = [];
    configure({ onObserverError: (e) => errors.push(e) });
    const ex = jsonlExporter({ path: file() });
    const stop = subscribe(ex);
    await ex.shutdown();
    track({ n: 0 }).n = 1;
    stop();
    expect(ex.stats.failed).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('rejects bad configuration at once, naming the option', () => {
    expect(() => jsonlExporter({ path: path.join(dir, 'missing-dir', 'x.jsonl') })).toThrow(
      /jsonlExporter: options.path ".*missing-dir.*" cannot be opened for writing \(ENOENT\)/,
    );
    expect(() => jsonlExporter({} as any)).toThrow(/options.path must be a file path, got undefined/);
    expect(() => jsonlExporter({ path: file(), mode: 'fast' as any })).toThrow(
      /options.mode must be 'audit' or 'telemetry'/,
    );
    expect(() => jsonlExporter({ path: file(), rotate: { maxBytes: -1 } })).toThrow(/rotate.maxBytes/);
    expect(() => jsonlExporter({ path: file(), bogus: 1 } as any)).toThrow(/unknown option "bogus"/);
    expect(() => jsonlExporter(undefined as any)).toThrow(/options must be an options object/);
  });

  it('a flush() pending while the exit hooks drain synchronously still resolves', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f, batchBytes: 1024 });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    for (let i = 1; i <= 500; i++) o.n = i;
    const flushed = ex.flush();
    ex.flushSync(); // what the exit hooks do on a signal the program handles itself
    await flushed;
    stop();
    await ex.shutdown();
    expect(read(f).length).toBe(500);
  });

  it('flush() resolves when every line so far is on disk', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f, flushIntervalMs: 60_000 });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    for (let i = 1; i <= 1000; i++) o.n = i;
    await ex.flush();
    expect(read(f).length).toBe(1000);
    o.n = -1;
    ex.flushSync();
    expect(read(f).length).toBe(1001);
    stop();
    await ex.shutdown();
    vi.restoreAllMocks();
  });
});
