// Reliability with real processes: kill -9 mid-ingest, two collectors over one PostgreSQL, a database that goes away.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index';
import { SID } from '../src/store/state';
import { openStore } from '../src/store/store';
import { startChildCollector } from './support/child';
import { type PostgresServer, startPostgres } from './support/postgres';
import { change, ndjson, sessionStart, uuid } from './support/records';

const dir = mkdtempSync(join(tmpdir(), 'statetrail-rel-'));
let pg: PostgresServer;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** Batches of `size` changes of one session, seqs 1.., each with its idempotency key. */
function batches(session: string, count: number, size: number) {
  return Array.from({ length: count }, (_, b) => ({
    key: `${session}-${b}`,
    body: ndjson(Array.from({ length: size }, (_, i) => change(session, b * size + i + 1))),
  }));
}

const send = (url: string, batch: { key: string; body: string }) =>
  fetch(`${url}/v1/ingest`, { method: 'POST', headers: { 'idempotency-key': batch.key }, body: batch.body });

async function seqsOf(db: string, session: string): Promise<number[]> {
  const store = await openStore(db);
  try {
    const rows = await store.db.all<{ seq: number }>(
      `SELECT seq FROM changes WHERE sid = ${SID} ORDER BY seq`,
      [session],
    );
    return rows.map((r) => r.seq);
  } finally {
    await store.close();
  }
}

describe('reliability', () => {
  it('keeps every acknowledged batch when the collector is killed with SIGKILL mid-ingest; resends store nothing twice', async () => {
    const db = join(dir, 'kill.db');
    const s = uuid();
    const all = batches(s, 40, 500);
    let child = await startChildCollector(db);
    const acknowledged = new Set<number>();
    // sends batches one after another; kills the collector while batch 25 is in flight
    for (let b = 0; b < all.length; b++) {
      const pending = send(child.url, all[b])
        .then((r) => r.ok && acknowledged.add(b))
        .catch(() => undefined);
      if (b === 25) {
        await child.kill();
        await pending;
        break;
      }
      await pending;
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(25);
    const stored = new Set(await seqsOf(db, s));
    for (const b of acknowledged) for (let i = 1; i <= 500; i++) expect(stored.has(b * 500 + i)).toBe(true);
    // a new collector on the same file; the sender resends everything not acknowledged, and one acknowledged batch again
    child = await startChildCollector(db);
    try {
      for (let b = 0; b < all.length; b++)
        if (!acknowledged.has(b) || b === 0) expect((await send(child.url, all[b])).status).toBe(200);
    } finally {
      await child.kill();
    }
    const seqs = await seqsOf(db, s);
    expect(seqs).toEqual(Array.from({ length: 40 * 500 }, (_, i) => i + 1));
  });

  it('two collector processes over one PostgreSQL ingesting at once: nothing lost, nothing twice', async () => {
    const db = await pg.database();
    await (await openStore(db)).close(); // migrate once up front; each collector would also do it under a lock
    const [a, b] = await Promise.all([startChildCollector(db), startChildCollector(db)]);
    const s = uuid();
    const all = batches(s, 30, 300);
    try {
      // every batch goes to both collectors at the same time; half of them again without its key
      const answers = await Promise.all(
        all.flatMap((batch, i) => [
          send(a.url, batch),
          send(b.url, batch),
          ...(i % 2 ? [fetch(`${b.url}/v1/ingest`, { method: 'POST', body: batch.body })] : []),
        ]),
      );
      for (const r of answers) expect([200, 429]).toContain(r.status);
      // a 429 is a retry for the client; resend until both collectors took every batch
      for (const batch of all) for (const c of [a, b]) while ((await send(c.url, batch)).status !== 200);
    } finally {
      await Promise.all([a.kill(), b.kill()]);
    }
    expect(await seqsOf(db, s)).toEqual(Array.from({ length: 30 * 300 }, (_, i) => i + 1));
    const store = await openStore(db);
    const [{ n }] = await store.db.all('SELECT COUNT(*) AS n FROM sessions WHERE id = ?', [s]);
    await store.close();
    expect(n).toBe(1);
  });

  it('answers 503 with Retry-After while the database is unreachable, and keeps serving', async () => {
    const own = await startPostgres();
    const db = await own.database();
    const app = await createServer({ db });
    const s = uuid();
    const body = ndjson([sessionStart(s), change(s, 1)]);
    try {
      await own.stop();
      const r = await app.inject({
        method: 'POST',
        url: '/v1/ingest',
        body,
        headers: { 'idempotency-key': 'k' },
      });
      expect(r.statusCode).toBe(503);
      expect(r.headers['retry-after']).toBeDefined();
      expect(r.json()).toMatchObject({ error: 'unavailable' });
      const q = await app.inject({ method: 'GET', url: '/v1/sessions' });
      expect(q.statusCode).toBe(503);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
