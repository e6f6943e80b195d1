/**
 * Disk full under the collector's database (issue 9, reliability). The collector must answer ingest
 * 503 (never 500 or 200), store nothing half, keep serving reads and /healthz; httpExporter keeps
 * the data (spilled) and delivers it once space is back — all under the same collector process.
 *
 * The full disk is real where it can be: the SQLite file on a 16 MiB tmpfs of its own (mounting
 * needs root, which `.ci/run` has), filled with a ballast file until ENOSPC, freed by deleting it.
 * Without the right to mount, the collector's file size limit is lowered under it instead
 * (`prlimit --fsize`, soft limit = the database file's size now: writes past it, in any file, fail
 * with EFBIG where a full disk gives ENOSPC) and raised again to free it; `ulimit -f` could only be set at
 * start and never lifted, and SQLite's `max_page_count` is a setting, not a failing write.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpExporter, subscribe, track } from 'statetrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/store';
import { type ChildCollector, killChildCollectors, startChildCollector } from './support/child';
import { getJson, sessionOf, timelineOf, waitFor } from './support/query';
import { change, ndjson, uuid } from './support/records';

let dir = '';
let disk = '';

/** Fills and frees the space under the collector's database. */
interface FullDisk {
  readonly how: string;
  fill(collector: ChildCollector): void;
  free(collector: ChildCollector): void;
  close(): void;
}

/** A tmpfs of its own, filled with a ballast file; null without the right to mount. */
function tmpfsDisk(): FullDisk | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', disk], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const ballast = join(disk, 'ballast');
  return {
    how: 'a full tmpfs',
    fill() {
      const fd = openSync(ballast, 'w');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(ballast),
    close: () => execFileSync('umount', [disk]),
  };
}

/** The collector's own file size limit, lowered to what its files hold now and raised again. */
const fileSizeLimit: FullDisk = {
  how: 'a file size limit',
  fill(collector) {
    const size = statSync(join(disk, 'collector.db')).size;
    execFileSync('prlimit', ['--pid', String(collector.process.pid), `--fsize=${size}:unlimited`]);
  },
  free(collector) {
    execFileSync('prlimit', ['--pid', String(collector.process.pid), '--fsize=unlimited:unlimited']);
  },
  close() {},
};

let full: FullDisk | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'statetrail-disk-full-'));
  disk = join(dir, 'disk');
  mkdirSync(disk);
  // STATETRAIL_TEST_FULL_DISK=limit runs the fallback where mounting would work too
  full = process.env.STATETRAIL_TEST_FULL_DISK === 'limit' ? fileSizeLimit : (tmpfsDisk() ?? fileSizeLimit);
});
afterAll(async () => {
  await killChildCollectors();
  full?.close();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const post = (url: string, key: string, body: string) =>
  fetch(`${url}/v1/ingest`, { method: 'POST', headers: { 'idempotency-key': key }, body });

describe('disk full under the collector', () => {
  it(`answers 503, stores nothing half, keeps serving reads; the exporter spills and delivers once space is back`, async () => {
    const space = full!;
    const db = join(disk, 'collector.db');
    const collector = await startChildCollector(db);
    const session = uuid();
    // the exporter's options stay written out in each reliability test: they are what the test is about
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

      space.fill(collector);
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
      expect(refused, `a batch refused with 503 (${space.how})`).toBeGreaterThanOrEqual(0);
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

      space.free(collector); // space is back
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
