// The Store contract: the same suite on SQLite and on a real PostgreSQL server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBatch } from '../src/ingest/records';
import { openPostgres } from '../src/store/postgres';
import { ID_BLOCK, migrations } from '../src/store/schema';
import { openSqlite } from '../src/store/sqlite';
import { CHECKPOINT_EVERY } from '../src/store/state';
import { openStore, type Store } from '../src/store/store';
import { type PostgresServer, startPostgres } from './support/postgres';
import { change, ndjson, sessionStart, uuid } from './support/records';

const ingest = (store: Store, lines: object[], key?: string, now = 2_000_000) => {
  const { records, rejected } = parseBatch(ndjson(lines), now);
  expect(rejected).toEqual([]);
  return store.ingest(records, key, now);
};

const engines: [string, () => Promise<{ url: string; done: () => Promise<void> }>][] = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'statetrail-store-'));
      return { url: join(dir, 'c.db'), done: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];
let pgServer: PostgresServer | undefined;
engines.push([
  'postgres',
  async () => {
    pgServer ??= await startPostgres();
    return { url: await pgServer.database(), done: async () => undefined };
  },
]);
afterAll(async () => pgServer?.stop(), 30_000);

describe.each(engines)('Store on %s', (_engine, make) => {
  let store: Store;
  let done: () => Promise<void>;
  beforeAll(async () => {
    const db = await make();
    done = db.done;
    store = await openStore(db.url);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await done?.();
  });

  it('stores a batch once: the same Idempotency-Key replays, the same (session, seq) is a duplicate', async () => {
    const s = uuid();
    const lines = [sessionStart(s), change(s, 1), change(s, 2)];
    expect(await ingest(store, lines, 'key-a')).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    expect(await ingest(store, lines, 'key-a')).toMatchObject({ accepted: 0, replayed: true });
    expect(await ingest(store, [change(s, 2), change(s, 3)])).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [],
    });
    const got = await store.getSession(s);
    expect(got).toMatchObject({
      id: s,
      product: 'shop',
      version: '1.0.0',
      status: 'active',
      counts: { changes: 3 },
    });
  });

  it('stores batches larger than one id block, and a resent one with new rows, once and in order', async () => {
    const s = uuid();
    const n = ID_BLOCK * 2 + 10;
    const first = Array.from({ length: n }, (_, i) => change(s, i + 1));
    expect(await ingest(store, [sessionStart(s), ...first])).toMatchObject({
      accepted: n + 1,
      duplicates: 0,
    });
    // the repeats collide, so these rows take the other way in, with the ids already drawn
    const more = [...first.slice(-5), ...Array.from({ length: 20 }, (_, i) => change(s, n + i + 1))];
    expect(await ingest(store, more)).toMatchObject({ accepted: 20, duplicates: 5 });
    // a path's history is in id order: ids follow the rows across blocks and batches
    const seqs: number[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = await store.pathHistory(s, { path: 'n', limit: 500, cursor });
      seqs.push(...page.changes.map((c: { seq: number }) => c.seq));
      if (!page.next) break;
      [cursor] = JSON.parse(Buffer.from(page.next, 'base64url').toString());
    }
    expect(seqs).toEqual(Array.from({ length: n + 20 }, (_, i) => i + 1));
    expect((await store.stateAt(s, { seq: n })).objects).toEqual({ 'Order#1': { n } });
    expect((await store.stateAt(s, {})).objects).toEqual({ 'Order#1': { n: n + 20 } });
  });

  it('keeps state as deep-merge path changes and rebuilds it at a time or a seq', async () => {
    const s = uuid();
    await ingest(store, [
      sessionStart(s),
      {
        kind: 'state',
        session: s,
        time: 10,
        patch: { order: { status: 'new', lines: [1, 2] }, user: { name: 'a', age: 3 } },
      },
      {
        kind: 'state',
        session: s,
        time: 20,
        patch: { order: { status: 'paid', lines: [3] }, user: null, cart: {} },
      },
      change(s, 7, { time: 25, label: 'Account#1', path: ['balance'], value: 5 }),
      {
        kind: 'state',
        session: s,
        time: 30,
        patch: { order: JSON.parse('{"note":"x","__proto__":{"polluted":1}}') },
      },
    ]);
    const at15 = await store.stateAt(s, { at: 15 });
    expect(at15.state).toEqual({ order: { status: 'new', lines: [1, 2] }, user: { name: 'a', age: 3 } });
    const at25 = await store.stateAt(s, { at: 25 });
    expect(at25.state).toEqual({ order: { status: 'paid', lines: [3] }, cart: {} });
    expect(at25.objects).toEqual({ 'Account#1': { balance: 5 } });
    expect(await store.stateAt(s, { seq: 7 })).toMatchObject({
      seq: 7,
      objects: { 'Account#1': { balance: 5 } },
    });
    const now = await store.stateAt(s, {});
    expect(Object.getPrototypeOf(now.state.order)).toBe(Object.prototype);
    expect(Object.hasOwn(now.state.order as object, '__proto__')).toBe(true);
    expect(({} as any).polluted).toBeUndefined();
    expect((now.state.order as any).polluted).toBeUndefined();
  });

  it('replays changes of every op onto the objects and uses checkpoints on long sessions', async () => {
    const s = uuid();
    const n = CHECKPOINT_EVERY * 2 + 10;
    const lines: object[] = [sessionStart(s)];
    // each change puts its seq in front of items
    for (let i = 1; i <= n; i++)
      lines.push(change(s, i, { path: ['items'], op: 'splice', index: 0, removed: [], value: [i] }));
    lines.push(
      change(s, n + 1, { path: ['tags'], op: 'add', value: 'x' }),
      change(s, n + 2, { path: ['n'], op: 'set', value: 1 }),
    );
    lines.push(change(s, n + 3, { path: ['n'], op: 'delete' }));
    await ingest(store, lines);
    const expectAt = (seq: number) =>
      Array.from({ length: Math.min(seq, n) }, (_, i) => Math.min(seq, n) - i);
    const first = await store.stateAt(s, { seq: CHECKPOINT_EVERY + 5 });
    expect((first.objects['Order#1'] as any).items).toEqual(expectAt(CHECKPOINT_EVERY + 5));
    const last = await store.stateAt(s, {});
    expect(last.objects['Order#1']).toEqual({ items: expectAt(n), tags: ['x'] });
    // the replay above wrote checkpoints; a later query starting from one gives the same answer
    const [{ c }] = await store.db.all('SELECT COUNT(*) AS c FROM checkpoints WHERE session = ?', [s]);
    expect(c).toBeGreaterThanOrEqual(2);
    expect((await store.stateAt(s, { seq: 2 * CHECKPOINT_EVERY + 3 })).objects).toEqual({
      'Order#1': { items: expectAt(2 * CHECKPOINT_EVERY + 3) },
    });
    expect((await store.stateAt(s, { at: 1_000_000 + 2 * CHECKPOINT_EVERY + 3 })).seq).toBe(
      2 * CHECKPOINT_EVERY + 3,
    );
  });

  it('writes checkpoints at ingest, and states from them equal a replay from the start', async () => {
    const s = uuid();
    const n = CHECKPOINT_EVERY * 3 + 17;
    const line = (i: number) =>
      i % 5 === 0
        ? { kind: 'state', session: s, time: 1_000_000 + i, patch: { step: i, [`k${i % 7}`]: { i } } }
        : change(s, i, { path: ['items', i % 4], value: i });
    await ingest(store, [sessionStart(s)]);
    // batches of 700: checkpoints fall inside batches; one batch resends a change (a duplicate)
    for (let from = 1; from <= n; from += 700) {
      const lines = [];
      for (let i = from; i < Math.min(from + 700, n + 1); i++) lines.push(line(i));
      if (from === 1401) lines.push(change(s, 1, { path: ['items', 1], value: 1 }));
      await ingest(store, lines);
    }
    const checkpoints = await store.db.all(
      'SELECT upto_id FROM checkpoints WHERE session = ? ORDER BY upto_id',
      [s],
    );
    expect(checkpoints.length).toBeGreaterThanOrEqual(3);
    const targets = [
      { seq: 1 },
      { seq: CHECKPOINT_EVERY + 3 },
      { at: 1_000_000 + 2 * CHECKPOINT_EVERY + 10 },
      {},
    ];
    const withCheckpoints = await Promise.all(targets.map((t) => store.stateAt(s, t)));
    await store.db.run('DELETE FROM checkpoints WHERE session = ?', [s]);
    for (let i = 0; i < targets.length; i++) {
      const full = await store.stateAt(s, targets[i]);
      expect(withCheckpoints[i]).toEqual(full);
    }
    expect(withCheckpoints[3].state).toMatchObject({ step: n - (n % 5) });
    const lastItem = (j: number) => {
      let i = n;
      while (i % 4 !== j || i % 5 === 0) i--;
      return i;
    };
    expect((withCheckpoints[3].objects['Order#1'] as any).items).toEqual([0, 1, 2, 3].map(lastItem));
  });

  it('answers a whole-session histogram of second-or-longer buckets from the counts kept at ingest', async () => {
    const s = uuid();
    const t0 = 1_700_000_000_250;
    const lines: object[] = [sessionStart(s, { time: t0 })];
    for (let i = 1; i <= 300; i++) lines.push(change(s, i, { time: t0 + i * 100 }));
    lines.push({ kind: 'event', session: s, time: t0 + 5000, name: 'boom', level: 'error' });
    lines.push({ kind: 'crumb', session: s, time: t0 + 5001, event: 'click' });
    await ingest(store, lines);
    await ingest(store, [change(s, 7, { time: t0 + 700 }), change(s, 301, { time: t0 + 30_100 })]); // one duplicate
    const h = await store.histogram(s, { buckets: 10 });
    expect(h).toMatchObject({ from: 1_700_000_000_000, to: t0 + 30_100, bucketMs: 4000 });
    const exact = (a: number, b: number) =>
      Array.from({ length: 301 }, (_, i) => t0 + (i + 1) * 100).filter((t) => t >= a && t < b).length;
    expect(h.buckets.map((b) => b.changes)).toEqual(h.buckets.map((b) => exact(b.t, b.t + h.bucketMs)));
    expect(h.buckets.reduce((n, b) => n + b.changes, 0)).toBe(301);
    expect(h.buckets[1]).toMatchObject({ events: 1, errors: 1, crumbs: 1 });
    expect(await store.getSession(s)).toMatchObject({
      counts: { changes: 301, events: 1, errors: 1, crumbs: 1 },
    });
    // the same range asked for explicitly is counted from the records, unaligned
    const explicit = await store.histogram(s, { buckets: 10, since: t0, until: t0 + 30_100 });
    expect(explicit.from).toBe(t0);
    expect(explicit.buckets.reduce((n, b) => n + b.changes, 0)).toBe(301);
  });

  it('keeps checkpoints right when two stores ingest one session in turns (each misses the other’s rows)', async () => {
    const { url, done: cleanup } = await make();
    const [a, b] = [await openStore(url), await openStore(url)];
    try {
      const s = uuid();
      const n = CHECKPOINT_EVERY * 3 + 40;
      await ingest(a, [sessionStart(s)]);
      // batches of 450 alternate between the stores, so neither one's cached state has every row
      for (let from = 1, turn = 0; from <= n; from += 450, turn++) {
        const lines = [];
        for (let i = from; i < Math.min(from + 450, n + 1); i++)
          lines.push(change(s, i, { path: [`k${i}`], value: i }));
        await ingest(turn % 2 === 0 ? a : b, lines);
      }
      // a store checks before the checkpoint its own rows reach, so with two, checkpoints come late
      const [{ c }] = await a.db.all('SELECT COUNT(*) AS c FROM checkpoints WHERE session = ?', [s]);
      expect(Number(c)).toBeGreaterThanOrEqual(2);
      const targets = [{ seq: CHECKPOINT_EVERY + 1 }, { seq: 2 * CHECKPOINT_EVERY + 7 }, {}];
      const withCheckpoints = await Promise.all(targets.map((t) => a.stateAt(s, t)));
      await a.db.run('DELETE FROM checkpoints WHERE session = ?', [s]);
      for (let i = 0; i < targets.length; i++)
        expect(withCheckpoints[i]).toEqual(await a.stateAt(s, targets[i]));
      // every change sets a key of its own: a state that missed the other store's rows misses keys
      expect(Object.keys(withCheckpoints[2].objects['Order#1'] as object)).toHaveLength(n);
    } finally {
      await a.close();
      await b.close();
      await cleanup();
    }
  });

  it('finds a session by each of its actors, also one that comes in a batch with a known one', async () => {
    const s = uuid();
    const bySession = async (actor: string) =>
      (await store.listSessions({ actor, sort: 'started', limit: 5 })).sessions.map((x) => x.id);
    await ingest(store, [sessionStart(s), change(s, 1, { actor: 'ann' })]);
    await ingest(store, [change(s, 2, { actor: 'ann' })]);
    await ingest(store, [change(s, 3, { actor: 'ann' }), change(s, 4, { actor: 'bob' })]);
    expect(await bySession('ann')).toEqual([s]);
    expect(await bySession('bob')).toEqual([s]);
    const [{ n }] = await store.db.all(
      'SELECT COUNT(*) AS n FROM session_actors WHERE sid = (SELECT sid FROM session_ids WHERE session = ?)',
      [s],
    );
    expect(Number(n)).toBe(2);
  });

  it('migrates a database written by migration 1: states, counts, histogram and actor filter', async () => {
    const { url, done: cleanup } = await make();
    const s = uuid();
    const old = url.startsWith('postgres') ? openPostgres(url) : openSqlite(url);
    await old.transaction(async (tx) => {
      await tx.run('CREATE TABLE statetrail_migrations (version INTEGER PRIMARY KEY)');
      for (const sql of migrations(tx.engine)[0]) await tx.run(sql);
      await tx.run('INSERT INTO statetrail_migrations (version) VALUES (1)');
      await tx.run("INSERT INTO sessions (id, started, last_seen, status) VALUES (?, 1000, 1000, 'active')", [
        s,
      ]);
      for (let seq = 1; seq <= 3; seq++) {
        const c = change(s, seq, { actor: 'ann' });
        await tx.run(
          `INSERT INTO changes (session, seq, time, label, path_key, op, actor, body) VALUES (?, ?, ?, 'Order#1', 'n', 'set', 'ann', ?)`,
          [s, seq, c.time, JSON.stringify(c)],
        );
      }
      await tx.run(
        "INSERT INTO events (session, time, name, level, is_error, body) VALUES (?, 1000, 'e', 'error', 1, '{}')",
        [s],
      );
    });
    await old.close();
    const migrated = await openStore(url);
    try {
      expect((await migrated.stateAt(s, {})).objects).toEqual({ 'Order#1': { n: 3 } });
      expect(await migrated.getSession(s)).toMatchObject({ counts: { changes: 3, events: 1, errors: 1 } });
      expect(
        (await migrated.listSessions({ actor: 'ann', sort: 'started', limit: 5 })).sessions.map((x) => x.id),
      ).toEqual([s]);
      const h = await migrated.histogram(s, { buckets: 1 });
      expect(h.buckets[0]).toMatchObject({ changes: 3, events: 1 });
      // new records of the migrated session go on from there
      await ingest(migrated, [change(s, 4), change(s, 3)]);
      expect((await migrated.stateAt(s, {})).objects).toEqual({ 'Order#1': { n: 4 } });
    } finally {
      await migrated.close();
      await cleanup();
    }
  });

  it('filters sessions by product, status, tag, actor, event and typed state at any depth, with cursor pages', async () => {
    const product = `p-${uuid()}`;
    const ids = [uuid(), uuid(), uuid()];
    await ingest(store, [
      sessionStart(ids[0], { product, time: 1, tags: { region: 'eu' } }),
      sessionStart(ids[1], { product, time: 2, tags: { region: 'us' } }),
      sessionStart(ids[2], { product, time: 3 }),
      { kind: 'state', session: ids[0], patch: { cart: { items: { qty: 2 } } } },
      { kind: 'state', session: ids[1], patch: { cart: { items: { qty: '2' } } } },
      change(ids[1], 1, { actor: 'alice' }),
      { kind: 'event', session: ids[2], name: 'checkout' },
      { kind: 'end', session: ids[2], status: 'crashed', exitCode: 1 },
    ]);
    const list = async (q: object) =>
      (await store.listSessions({ product, sort: '-started', limit: 50, ...q })).sessions.map((x) => x.id);
    expect(await list({})).toEqual([ids[2], ids[1], ids[0]]);
    expect(await list({ sort: 'started' })).toEqual(ids);
    expect(await list({ tag: ['region', 'eu'] })).toEqual([ids[0]]);
    expect(await list({ actor: 'alice' })).toEqual([ids[1]]);
    expect(await list({ event: 'checkout' })).toEqual([ids[2]]);
    expect(await list({ status: ['crashed'] })).toEqual([ids[2]]);
    expect(await list({ state: { path: 'cart.items.qty', value: '2' } })).toEqual([ids[0]]);
    expect(await list({ state: { path: 'cart.items.qty', value: '"2"' } })).toEqual([ids[1]]);
    expect(await list({ state: { path: "x' OR 1=1 --", value: '1' } })).toEqual([]);
    const page1 = await store.listSessions({ product, sort: '-started', limit: 2 });
    expect(page1.sessions.map((x) => x.id)).toEqual([ids[2], ids[1]]);
    const cursor = JSON.parse(Buffer.from(page1.next!, 'base64url').toString());
    const page2 = await store.listSessions({ product, sort: '-started', limit: 2, cursor });
    expect(page2).toMatchObject({ sessions: [{ id: ids[0] }], next: null });
  });

  it('merges the timeline by time across kinds, pages through it and filters it', async () => {
    const s = uuid();
    await ingest(store, [
      sessionStart(s, { time: 1 }),
      change(s, 1, { time: 5, actor: 'bob', tx: { id: 9, name: 't' } }),
      { kind: 'event', session: s, time: 5, name: 'e1' },
      { kind: 'crumb', session: s, time: 4, event: 'c1' },
      { kind: 'metric', session: s, time: 6, name: 'm', type: 'gauge', value: 1 },
      { kind: 'event', session: s, time: 7, name: 'boom', error: { message: 'x' } },
      change(s, 2, { time: 8, path: ['other'] }),
      {
        kind: 'race',
        session: s,
        time: 9,
        race: { kind: 'lost-update', label: 'A', path: ['x'], accesses: [], why: 'w' },
      },
    ]);
    const all = await store.timeline(s, { limit: 100 });
    expect(all.items.map((i) => i.kind)).toEqual([
      'session',
      'crumb',
      'change',
      'event',
      'metric',
      'error',
      'change',
      'race',
    ]);
    const seen: string[] = [];
    let cursor: [number, number, number] | undefined;
    for (;;) {
      const page = await store.timeline(s, { limit: 3, cursor });
      seen.push(...page.items.map((i) => i.kind));
      if (!page.next) break;
      cursor = JSON.parse(Buffer.from(page.next, 'base64url').toString());
    }
    expect(seen).toEqual(all.items.map((i) => i.kind));
    expect(
      (await store.timeline(s, { limit: 100, kinds: ['error', 'crumb'] })).items.map((i) => i.kind),
    ).toEqual(['crumb', 'error']);
    expect((await store.timeline(s, { limit: 100, actor: 'bob' })).items).toHaveLength(1);
    expect((await store.timeline(s, { limit: 100, tx: 9 })).items).toHaveLength(1);
    expect(
      (await store.timeline(s, { limit: 100, path: 'other' })).items.map((i: any) => i.data.seq),
    ).toEqual([2]);
    expect(await store.races(s)).toEqual({
      races: [{ session: s, time: 9, race: expect.objectContaining({ kind: 'lost-update' }) }],
    });
  });

  it('answers a histogram, the history of one path and the changes of one trace across sessions', async () => {
    const [a, b] = [uuid(), uuid()];
    const traceId = uuid().replaceAll('-', '');
    await ingest(store, [
      change(a, 1, { time: 0, path: ['status'], value: 'new', actor: 'x', trace: { traceId, spanId: '1' } }),
      change(a, 2, {
        time: 50,
        path: ['status'],
        value: 'paid',
        site: { file: 'a.ts', line: 3, column: 1, code: 'o.status = 1' },
      }),
      { kind: 'event', session: a, time: 99, name: 'e', level: 'fatal' },
      change(b, 1, { time: 10, trace: { traceId, spanId: '2' } }),
    ]);
    const h = await store.histogram(a, { buckets: 2 });
    expect(h).toMatchObject({ from: 0, to: 99, bucketMs: 50 });
    expect(h.buckets).toEqual([
      { t: 0, changes: 1, events: 0, crumbs: 0, errors: 0, metrics: 0 },
      { t: 50, changes: 1, events: 1, crumbs: 0, errors: 1, metrics: 0 },
    ]);
    const p = await store.pathHistory(a, { path: 'status', limit: 10 });
    expect(p.changes.map((c: any) => [c.value, c.actor, c.site?.file])).toEqual([
      ['new', 'x', undefined],
      ['paid', undefined, 'a.ts'],
    ]);
    const t = await store.traceChanges(traceId, { limit: 10 });
    expect(t.changes.map((c: any) => c.session)).toEqual([a, b]);
  });

  it('stores NUL and unpaired surrogates: records come back as sent, session columns in PostgreSQL with U+FFFD', async () => {
    const s = uuid();
    const label = 'Odd\u0000#1';
    const key = 'a\u0000b\ud800';
    await ingest(store, [
      sessionStart(s, { product: 'nul\u0000shop', tags: { 'k\u0000': 'v\udc00' } }),
      change(s, 1, { label, path: [key], value: 'x\u0000y', actor: 'who\ud800' }),
      { kind: 'event', session: s, time: 1_000_005, name: 'e\u0000', data: { v: '\ud800' } },
    ]);
    const t = await store.timeline(s, { limit: 10 });
    const c = t.items.find((i: any) => i.kind === 'change')!.data as any;
    expect([c.label, c.path, c.value, c.actor]).toEqual([label, [key], 'x\u0000y', 'who\ud800']);
    expect((t.items.find((i: any) => i.kind === 'event')!.data as any).name).toBe('e\u0000');
    expect((await store.stateAt(s, {})).objects).toEqual({ [label]: { [key]: 'x\u0000y' } });
    const p = await store.pathHistory(s, { path: key, label, limit: 10 });
    expect(p.changes.map((h: any) => h.value)).toEqual(['x\u0000y']);
    const product = store.engine === 'sqlite' ? 'nul\u0000shop' : 'nul\uFFFDshop';
    expect((await store.getSession(s))?.product).toBe(product);
  });

  it("stores tabs, line ends and backslashes in indexed columns (COPY's delimiters and escape) as sent", async () => {
    const s = uuid();
    const label = 'Tab\tNew\nLine\r#1';
    const key = 'back\\slash\\N';
    const actor = 'a\tb\\';
    await ingest(store, [sessionStart(s), change(s, 1, { label, path: [key], value: 'v\t\n', actor })]);
    const p = await store.pathHistory(s, { path: key, label, limit: 10 });
    expect(p.changes.map((c: any) => [c.label, c.path, c.value, c.actor])).toEqual([
      [label, [key], 'v\t\n', actor],
    ]);
    expect((await store.timeline(s, { limit: 10, actor, label })).items).toHaveLength(1);
    expect((await store.stateAt(s, {})).objects).toEqual({ [label]: { [key]: 'v\t\n' } });
  });

  it('aggregates metrics per version (counter deltas summed) and reports release health', async () => {
    const product = `p-${uuid()}`;
    const [a, b, c] = [uuid(), uuid(), uuid()];
    const m = (session: string, value: number) => ({
      kind: 'metric',
      session,
      name: 'hits',
      type: 'counter',
      value,
    });
    await ingest(store, [
      sessionStart(a, { product, version: '1' }),
      sessionStart(b, { product, version: '1' }),
      sessionStart(c, { product, version: '2' }),
      m(a, 1),
      m(a, 2),
      m(b, 3),
      m(c, 10),
      { kind: 'end', session: a },
      { kind: 'end', session: b, status: 'crashed' },
      { kind: 'hung', session: c, ms: 5000 },
    ]);
    const r = await store.metrics({ name: 'hits', product, groupBy: 'version' });
    expect(r.type).toBe('counter');
    expect(r.groups.find((g) => g.key === '1')).toMatchObject({ count: 3, sum: 6, min: 1, max: 3, p50: 2 });
    expect(r.groups.find((g) => g.key === '2')).toMatchObject({ sum: 10 });
    const points = await store.metrics({ name: 'hits', session: a, groupBy: 'session' });
    expect(points.points?.map((p) => p.value)).toEqual([1, 2]);
    const { releases } = await store.health(product);
    expect(releases.find((x) => x.version === '1')).toMatchObject({
      sessions: 2,
      ended: 1,
      crashed: 1,
      crashFreeRate: 0.5,
      hungRate: 0,
    });
    expect(releases.find((x) => x.version === '2')).toMatchObject({
      sessions: 1,
      hung: 1,
      hungRate: 1,
      crashFreeRate: 1,
    });
    expect((await store.getSession(c))?.status).toBe('hung');
    await ingest(store, [{ kind: 'recovered', session: c }]);
    expect((await store.getSession(c))?.status).toBe('active');
  });

  it('marks sessions lost when heartbeats stop, and a later record makes them active again', async () => {
    const s = uuid();
    await ingest(
      store,
      [sessionStart(s, { heartbeatMs: 1000 }), { kind: 'heartbeat', session: s }],
      undefined,
      5_000_000,
    );
    await store.sweepLost(5_000_000 + 2000);
    expect((await store.getSession(s))?.status).toBe('active');
    await store.sweepLost(5_000_000 + 3001);
    expect((await store.getSession(s))?.status).toBe('lost');
    await ingest(store, [{ kind: 'heartbeat', session: s }], undefined, 5_000_000 + 4000);
    expect((await store.getSession(s))?.status).toBe('active');
  });

  it('retention removes whole sessions last seen before the cutoff, and nothing else', async () => {
    const [old, fresh] = [uuid(), uuid()];
    await ingest(
      store,
      [sessionStart(old), change(old, 1), { kind: 'event', session: old, name: 'e' }],
      'old-batch',
      10,
    );
    await ingest(store, [sessionStart(fresh), change(fresh, 1)], undefined, 9e12);
    const [{ sid }] = await store.db.all('SELECT sid FROM session_ids WHERE session = ?', [old]);
    expect(await store.db.all('SELECT id FROM changes WHERE sid = ?', [sid])).toHaveLength(1);
    await store.sweepRetention(100, () => false);
    expect(await store.getSession(old)).toBeNull();
    expect(await store.db.all('SELECT id FROM changes WHERE sid = ?', [sid])).toEqual([]);
    expect((await store.getSession(fresh))?.counts.changes).toBe(1);
  });
});
