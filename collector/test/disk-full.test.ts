/**
 * Disk full under the collector's database (issue 9, reliability). The SQLite file lives on a
 * small tmpfs of its own (mounting one needs root, which `.ci/run` and this machine have; a
 * `ulimit -f` would also fail writes, but it cannot be lifted from a running collector, and the
 * test needs the space to come back under the same process). A ballast file fills the tmpfs; the
 * collector must answer ingest 503 (never 500 or 200), store nothing half, keep serving reads and
 * /healthz; httpExporter keeps the data (spilled) and delivers it once the ballast is gone.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpExporter, subscribe, track } from 'statetrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/store';
import { killChildCollectors, startChildCollector } from './support/child';
import { getJson, sessionOf, timelineOf, waitFor } from './support/query';
import { change, ndjson, uuid } from './support/records';

const DISK = '16m';
const dir = mkdtempSync(join(tmpdir(), 'statetrail-disk-full-'));
const disk = join(dir, 'disk');
let mounted = false;
beforeAll(() => {
  mkdirSync(disk);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK}`, 'tmpfs', disk]);
  mounted = true;
});
afterAll(async () => {
  await killChildCollectors();
  if (mounted) execFileSync('umount', [disk]);
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a file until the file system says ENOSPC; returns its path. */
function fillDisk(): string {
  const file = join(disk, 'ballast');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return file;
}

const post = (url: string, key: string, body: string) =>
  fetch(`${url}/v1/ingest`, { method: 'POST', headers: { 'idempotency-key': key }, body });

describe('disk full under the collector', () => {
  it('answers 503, stores nothing half, keeps serving reads; the exporter spills and delivers once space is back', async () => {
    const db = join(disk, 'collector.db');
    const collector = await startChildCollector(db);
    const session = uuid();
    const exporter = httpExporter({
      url: `${collector.url}/v1/ingest`,
      session,
      spillDir: join(dir, 'spill'),
      batchSize: 250,
      flushIntervalMs: 20,
      maxQueue: 1000,
      retry: { retries: 1, minDelayMs: 20, maxDelayMs: 300 },
    });
    const stop = subscribe(exporter);
    const order = track({ n: 0 }, { label: 'Disk#1' });
    try {
      for (let i = 0; i < 2000; i++) order.n++;
      // beyond maxQueue batches go through the spill folder even now
      await waitFor('the first changes to be acknowledged', () => exporter.stats.sent === 2000, 30_000, 50);

      const ballast = fillDisk();
      // batches of another session straight to ingest, until the database runs out of room
      // (SQLite may still fit a few into pages it has already got)
      const probe = uuid();
      const size = 200;
      const batches = Array.from({ length: 60 }, (_, b) =>
        ndjson(
          Array.from({ length: size }, (_, i) => change(probe, b * size + i + 1, { value: 'x'.repeat(100) })),
        ),
      );
      let acknowledged = 0;
      let refused = -1;
      for (let b = 0; b < batches.length && refused < 0; b++) {
        const r = await post(collector.url, `probe-${b}`, batches[b]!);
        expect([200, 503]).toContain(r.status);
        if (r.status === 200) acknowledged += (await r.json()).accepted;
        else {
          refused = b;
          expect(r.headers.get('retry-after')).toBeTruthy();
          expect(await r.json()).toMatchObject({ error: 'unavailable' });
        }
      }
      expect(refused, 'a batch refused with 503').toBeGreaterThanOrEqual(0);
      // reads and health still answer, and show exactly what was acknowledged
      expect((await getJson(collector.url, '/healthz')).ok).toBe(true);
      expect((await sessionOf(collector.url, probe))?.counts.changes ?? 0).toBe(acknowledged);
      expect((await sessionOf(collector.url, session)).counts.changes).toBe(2000);
      expect((await getJson(collector.url, '/v1/sessions')).sessions.length).toBeGreaterThan(0);
      expect((await timelineOf(collector.url, session, 'change')).length).toBe(2000);

      // the app keeps recording: the exporter is answered 503, retries, spills
      for (let i = 0; i < 3000; i++) order.n++;
      await waitFor('the exporter to spill', () => exporter.stats.spilled > 0, 30_000, 50);
      expect((await sessionOf(collector.url, session)).counts.changes).toBeLessThan(5000);

      rmSync(ballast); // space is back
      for (let b = refused; b < batches.length; b++)
        expect((await post(collector.url, `probe-${b}`, batches[b]!)).status).toBe(200);
      await waitFor(
        'the spilled changes to arrive',
        async () => (await sessionOf(collector.url, session)).counts.changes === 5000,
        60_000,
      );
      await exporter.flush();
      expect(exporter.stats).toMatchObject({ rejected: 0, dropped: 0 });
      const seqs = (await timelineOf(collector.url, session, 'change')).map((i) => i.data.seq);
      expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
      expect((await sessionOf(collector.url, probe)).counts.changes).toBe(batches.length * size);
    } finally {
      stop();
      await exporter.shutdown();
      await collector.kill();
    }
    const store = await openStore(db);
    try {
      expect(await store.db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      await store.close();
    }
  }, 180_000);
});
