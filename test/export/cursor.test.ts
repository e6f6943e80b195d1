/**
 * Exporters read the log through cursors (src/history/cursor.ts): off the writer's stack, in
 * batches, never losing an entry in audit mode however long the synchronous job and however small
 * the ring, skipping and counting in telemetry mode.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configure, history, jsonlExporter, subscribe, track } from 'statetrail';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-cursor-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => configure({ historyLimit: 10_000 }));

let n = 0;
const file = () => path.join(dir, `c${n++}.jsonl`);
const values = (f: string) =>
  fs
    .readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l).value);

describe('exporter cursors', () => {
  it('the writer does not encode: lines appear after the job, in order', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f, sync: true, batchBytes: 1 }); // every line written once read
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    o.n = 1;
    o.n = 2;
    expect(ex.stats.written).toBe(0); // still in the log, unread
    await Promise.resolve();
    expect(ex.stats.written).toBe(2); // drained on the microtask, written (sync mode) at once
    stop();
    await ex.shutdown();
    expect(values(f)).toEqual([1, 2]);
  });

  it('audit: a synchronous job 50 times the ring loses nothing (the writer drains before the ring wraps)', async () => {
    configure({ historyLimit: 100 });
    const f = file();
    const ex = jsonlExporter({ path: f });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    for (let i = 1; i <= 5000; i++) o.n = i;
    stop();
    await ex.shutdown();
    const got = values(f);
    expect(got).toHaveLength(5000);
    expect(got.every((v, i) => v === i + 1)).toBe(true);
  });

  it('telemetry: what the ring overwrote before the drain is skipped and counted', async () => {
    configure({ historyLimit: 100 });
    const f = file();
    const ex = jsonlExporter({ path: f, mode: 'telemetry' });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    for (let i = 1; i <= 5000; i++) o.n = i;
    await Promise.resolve();
    stop();
    await ex.shutdown();
    const got = values(f);
    expect(got.length + ex.stats.dropped).toBe(5000);
    expect(ex.stats.dropped).toBeGreaterThan(0);
    expect(got.at(-1)).toBe(5000); // the newest survive
  });

  it('history.clear() lets exporters read first', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    o.n = 1;
    history.clear();
    o.n = 2;
    stop();
    await ex.shutdown();
    expect(values(f)).toEqual([1, 2]);
  });

  it('subscribing one exporter twice delivers once; unsubscribing reads what is left', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f });
    const stop = subscribe(ex);
    const again = subscribe(ex);
    const o = track({ n: 0 });
    o.n = 1;
    again();
    stop(); // drains synchronously
    o.n = 2; // after unsubscribing: not exported
    await ex.shutdown();
    expect(values(f)).toEqual([1]);
  });
});
