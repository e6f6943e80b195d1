// The HTTP layer through fastify's inject(): auth, limits, the table of bad inputs, openapi.json, login.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, startCollector } from '../src/index';
import { change, ndjson, sessionStart, uuid } from './support/records';

const INGEST = 'ingest-token-0123456789';
const READ = 'read-token-0123456789ab';
const dir = mkdtempSync(join(tmpdir(), 'statetrail-server-'));
const tokens = join(dir, 'tokens.json');
writeFileSync(
  tokens,
  JSON.stringify([
    { token: INGEST, scopes: ['ingest'] },
    { token: READ, scopes: ['read'] },
  ]),
);
let app: FastifyInstance;
beforeAll(async () => {
  app = await createServer({
    db: join(dir, 'c.db'),
    tokens,
    limits: { lineBytes: 64 * 1024, bodyBytes: 1024 * 1024 },
  });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/v1/ingest',
    headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/x-ndjson', ...headers },
    body,
  });
const get = (url: string, token = READ) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

describe('ingest', () => {
  it('stores a gzip batch and answers what it accepted', async () => {
    const s = uuid();
    const r = await post(gzipSync(ndjson([sessionStart(s), change(s, 1), change(s, 2)])), {
      'content-encoding': 'gzip',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    expect((await get(`/v1/sessions/${s}`)).json()).toMatchObject({
      product: 'shop',
      counts: { changes: 2 },
    });
  });

  it('refuses a batch with any bad line, names line, field and expectation, and stores none of it', async () => {
    const s = uuid();
    const r = await post(
      ndjson([sessionStart(s), change(s, 1), { ...change(s, 2), seq: 'two' }, { kind: 'nope', session: s }]),
    );
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      error: 'invalid_batch',
      rejected: [
        { line: 3, field: 'seq', expected: 'a whole number' },
        { line: 4, field: 'kind', expected: expect.stringContaining('change') },
      ],
    });
    expect((await get(`/v1/sessions/${s}`)).statusCode).toBe(404);
  });

  const s = uuid();
  const badInputs: [
    string,
    string | Buffer,
    Record<string, string>,
    number,
    string,
    Record<string, unknown>?,
  ][] = [
    [
      'not JSON',
      '{"seq": 1,',
      {},
      400,
      'invalid_batch',
      { rejected: [{ line: 1, field: '(line)', expected: 'one JSON object per line' }] },
    ],
    [
      'a JSON array line',
      '[1,2]',
      {},
      400,
      'invalid_batch',
      { rejected: [{ line: 1, field: '(line)', expected: 'a JSON object' }] },
    ],
    [
      'no session',
      JSON.stringify({ seq: 1, time: 1, label: 'a', path: [], op: 'set' }),
      {},
      400,
      'invalid_batch',
    ],
    [
      'SQL in the session id',
      JSON.stringify(change("x'); DROP TABLE changes; --", 1)),
      {},
      400,
      'invalid_batch',
    ],
    ['a wrong op', JSON.stringify(change(s, 1, { op: 'rm' })), {}, 400, 'invalid_batch'],
    ['a path that is no array', JSON.stringify(change(s, 1, { path: 'a.b' })), {}, 400, 'invalid_batch'],
    ['a string time', JSON.stringify(change(s, 1, { time: 'now' })), {}, 400, 'invalid_batch'],
    ['schema 2', JSON.stringify(change(s, 1, { schema: 2 })), {}, 400, 'invalid_batch'],
    [
      'a metric without value',
      JSON.stringify({ kind: 'metric', session: s, name: 'm', type: 'gauge' }),
      {},
      400,
      'invalid_batch',
    ],
    [
      'a state patch that is no object',
      JSON.stringify({ kind: 'state', session: s, patch: [1] }),
      {},
      400,
      'invalid_batch',
    ],
    [
      'a line over the line limit',
      JSON.stringify(change(s, 1, { value: 'x'.repeat(70 * 1024) })),
      {},
      413,
      'too_large',
      { line: 1 },
    ],
    ['a body over the body limit', 'x'.repeat(1100 * 1024), {}, 413, 'too_large'],
    [
      'a gzip bomb',
      gzipSync(Buffer.alloc(4 * 1024 * 1024, 32)),
      { 'content-encoding': 'gzip' },
      413,
      'too_large',
    ],
    [
      'gzip that is not',
      'plain',
      { 'content-encoding': 'gzip' },
      400,
      'bad_request',
      { field: 'content-encoding' },
    ],
    ['an unknown encoding', 'x', { 'content-encoding': 'br' }, 400, 'bad_request'],
    ['an empty Idempotency-Key', JSON.stringify(change(s, 1)), { 'idempotency-key': '' }, 400, 'bad_request'],
    ['no token', JSON.stringify(change(s, 1)), { authorization: '' }, 401, 'unauthorized'],
    [
      'a wrong token',
      JSON.stringify(change(s, 1)),
      { authorization: 'Bearer nope-nope-nope-nope' },
      401,
      'unauthorized',
    ],
    [
      'a read-only token',
      JSON.stringify(change(s, 1)),
      { authorization: `Bearer ${READ}` },
      403,
      'forbidden',
    ],
  ];
  it.each(badInputs)(
    'answers %s with a clear 4xx and stores nothing',
    async (_name, body, headers, status, error, more) => {
      const r = await post(body, headers);
      expect(r.statusCode).toBe(status);
      expect(r.json()).toMatchObject({ error, message: expect.any(String), ...more });
      expect((await get(`/v1/sessions/${s}`)).statusCode).toBe(404);
      expect((await get('/healthz')).statusCode).toBe(200);
    },
  );

  it('answers 429 with Retry-After when too many batches are in flight', async () => {
    const busy = await createServer({ db: ':memory:', limits: { concurrentIngests: 0 } });
    const r = await busy.inject({ method: 'POST', url: '/v1/ingest', body: '' });
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBe('1');
    expect(r.json()).toMatchObject({ error: 'busy' });
    await busy.close();
  });

  it('starts and ends sessions through REST calls', async () => {
    const id = uuid();
    const auth = { authorization: `Bearer ${INGEST}` };
    const start = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: auth,
      payload: { id, product: 'cli', pid: 7 },
    });
    expect(start.statusCode).toBe(201);
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: auth,
      payload: { id, product: 'cli', pid: 'seven' },
    });
    expect(bad.json()).toMatchObject({ error: 'invalid_batch', rejected: [{ field: 'pid' }] });
    const end = await app.inject({
      method: 'POST',
      url: `/v1/sessions/${id}/end`,
      headers: auth,
      payload: { status: 'crashed', exitCode: 1 },
    });
    expect(end.json()).toEqual({ id, status: 'crashed' });
    expect((await get(`/v1/sessions/${id}`)).json()).toMatchObject({
      product: 'cli',
      pid: 7,
      status: 'crashed',
      exitCode: 1,
    });
  });
});

describe('queries', () => {
  const s = uuid();
  beforeAll(async () => {
    await post(
      ndjson([
        sessionStart(s, { tags: { team: 'a' } }),
        { kind: 'state', session: s, patch: { order: { status: 'paid' } } },
      ]),
    );
  });

  const badQueries: [string, string, Record<string, unknown>][] = [
    ['a limit over 1000', '/v1/sessions?limit=5000', { field: 'limit' }],
    ['a limit that is no number', '/v1/sessions?limit=abc', { field: 'limit' }],
    ['a state filter without JSON', '/v1/sessions?state=order.status=paid', { field: 'state' }],
    ['a state filter without =', '/v1/sessions?state=order', { field: 'state' }],
    ['an unknown status', '/v1/sessions?status=gone', { field: 'status' }],
    ['a forged cursor', '/v1/sessions?cursor=abc', { field: 'cursor' }],
    ['a bad time', `/v1/sessions/${s}/state?at=yesterday`, { field: 'at' }],
    ['a bad kind', `/v1/sessions/${s}/timeline?kind=change,__proto__`, { field: 'kind' }],
    ['a metric query without name', '/v1/metrics', { field: 'name' }],
  ];
  it.each(badQueries)('answers %s with 400 naming the field', async (_name, url, more) => {
    const r = await get(url);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: 'bad_request', expected: expect.any(String), ...more });
  });

  it.each([
    "/v1/sessions?product=x' OR '1'='1",
    '/v1/sessions?tag=__proto__=1',
    '/v1/sessions?state=__proto__.polluted=1',
    '/v1/sessions?actor=%27;DROP TABLE sessions;--',
    '/v1/sessions?event=%25',
  ])('treats metacharacters in filters as data: %s', async (url) => {
    const r = await get(url);
    expect(r.statusCode).toBe(200);
    expect(r.json().sessions).toEqual([]);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('finds the session by typed state at depth and by tag', async () => {
    expect(
      (await get('/v1/sessions?state=order.status=%22paid%22')).json().sessions.map((x: any) => x.id),
    ).toEqual([s]);
    expect((await get('/v1/sessions?tag=team=a')).json().sessions.map((x: any) => x.id)).toEqual([s]);
    expect((await get(`/v1/sessions/${s}/state`)).json().state).toEqual({ order: { status: 'paid' } });
  });

  it('answers 401 without a token, 403 with an ingest-only token, 404 for unknown sessions and routes', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/sessions' })).json()).toMatchObject({
      error: 'unauthorized',
    });
    expect((await get('/v1/sessions', INGEST)).statusCode).toBe(403);
    expect((await get(`/v1/sessions/${uuid()}`)).json()).toMatchObject({ error: 'not_found' });
    expect((await get('/v1/nothing')).statusCode).toBe(404);
  });

  it('logs a browser in with a cookie, only to a same-origin next, and out again', async () => {
    const bad = await app.inject({ method: 'POST', url: '/v1/login', payload: { token: INGEST } });
    expect(bad.statusCode).toBe(401);
    const r = await app.inject({
      method: 'POST',
      url: '/v1/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${READ}&next=${encodeURIComponent('/sessions?x=1')}`,
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/sessions?x=1');
    expect(r.headers['set-cookie']).toBe(`statetrail_token=${READ}; HttpOnly; SameSite=Strict; Path=/`);
    const evil = await app.inject({
      method: 'POST',
      url: '/v1/login',
      payload: { token: READ, next: '//evil.example/' },
    });
    expect(evil.headers.location).toBe('/');
    const withCookie = await app.inject({
      method: 'GET',
      url: '/v1/sessions',
      headers: { cookie: `a=b; statetrail_token=${READ}` },
    });
    expect(withCookie.statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/v1/logout' });
    expect(out.headers['set-cookie']).toContain('Max-Age=0');
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/ingest',
        '/v1/sessions',
        '/v1/sessions/{id}/state',
        '/v1/sessions/{id}/histogram',
        '/v1/traces/{traceId}/changes',
      ]),
    );
    const params = doc.paths['/v1/sessions'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(expect.arrayContaining(['product', 'state', 'cursor', 'limit']));
  });
});

describe('startCollector', () => {
  it.each([
    [{ port: -1 }, /options\.port must be a whole number from 0 to 65535/],
    [{ port: 1.5 }, /options\.port/],
    [{ host: '' }, /options\.host must be a non-empty string/],
    [{ db: 'mysql://x' }, /options\.db must be a SQLite file path or a postgres/],
    [{ retention: '30 days' }, /options\.retention must be a duration/],
    [{ prot: 1 }, /options\.prot/],
    [
      { host: '0.0.0.0' },
      /options\.tokens must be a tokens file to listen on the non-loopback host 0\.0\.0\.0/,
    ],
  ])('refuses %j with a clear error', async (options, message) => {
    await expect(startCollector(options as object)).rejects.toThrow(message);
  });

  it('refuses a malformed tokens file', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ token: 'short', scopes: ['read'] }]));
    await expect(startCollector({ port: 0, db: ':memory:', tokens: bad })).rejects.toThrow(
      /at least 16 characters/,
    );
  });

  it('listens on a free port and streams a session live over Server-Sent Events', async () => {
    const c = await startCollector({ port: 0, db: ':memory:' });
    try {
      const s = uuid();
      await fetch(`${c.url}/v1/ingest`, { method: 'POST', body: ndjson([sessionStart(s)]) });
      const res = await fetch(`${c.url}/v1/sessions/${s}/stream`);
      const reader = res.body!.getReader();
      await reader.read(); // the opening comment: subscribed
      await fetch(`${c.url}/v1/ingest`, { method: 'POST', body: ndjson([change(s, 1)]) });
      let text = '';
      while (!text.includes('"seq":1')) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain('event: change');
      await reader.cancel();
    } finally {
      await c.close();
    }
  });
});
