import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type Change,
  crumb,
  crumbs,
  jsonlExporter,
  lastChange,
  propagateTrace,
  serializeChange,
  subscribe,
  track,
} from 'statetrail';
import { statetrail as expressMiddleware } from 'statetrail/express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressServer, frameworks, type Server } from './servers';

const open: Server[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe.each(Object.entries(frameworks))('%s middleware', (_name, start) => {
  it('sets actor, context and the caller trace on every change; a fresh trace without one', async () => {
    const state = track({ hits: 0 }, { label: `hits-${_name}` });
    const seen: Change[] = [];
    const server = await start(async () => {
      await new Promise((r) => setTimeout(r, 1));
      state.hits++;
      seen.push(lastChange(state)!);
      return { ok: true };
    });
    open.push(server);
    const res = await fetch(`${server.url}/orders/7?x=1`, {
      headers: { 'x-user': 'ann', traceparent: `00-${TRACE}-${PARENT}-01`, 'x-request-id': 'req-1' },
    });
    expect(await res.json()).toEqual({ ok: true });
    await fetch(`${server.url}/plain`, { headers: { traceparent: 'garbage' } });
    const [first, second] = seen;
    expect(first!.actor).toBe('ann');
    expect(first!.context).toMatchObject({ method: 'GET', path: '/orders/7', requestId: 'req-1' });
    expect(first!.trace?.traceId).toBe(TRACE);
    expect(first!.trace?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(first!.trace?.spanId).not.toBe(PARENT);
    expect(serializeChange(first!).trace).toEqual(first!.trace);
    expect(second!.actor).toBeUndefined();
    expect(second!.trace?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(second!.trace?.traceId).not.toBe(TRACE);
    expect(second!.context?.requestId).toBe(second!.trace?.spanId);
  });
});

describe('exported lines', () => {
  it('jsonlExporter writes the trace on changes and crumbs made inside a request', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'statetrail-trace-')), 'out.jsonl');
    const ex = jsonlExporter({ path: file });
    const stop = subscribe(ex);
    const state = track({ n: 0 }, { label: 'exported' });
    const server = await expressServer(() => {
      state.n = 1;
      ex.crumb('handled');
      return null;
    });
    open.push(server);
    await fetch(server.url, { headers: { traceparent: `00-${TRACE}-${PARENT}-01` } });
    stop();
    await ex.shutdown();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.kind ?? 'change', l.trace?.traceId])).toEqual([
      ['change', TRACE],
      ['crumb', TRACE],
    ]);
  });
});

describe('outgoing calls', () => {
  it('fetch and http.request carry traceparent (tracestate only when asked); crumbs carry the trace', async () => {
    const got: Array<Record<string, string | undefined>> = [];
    const downstream = await expressServer(() => null, {
      context: (req: any) => {
        got.push({ traceparent: req.get('traceparent'), tracestate: req.get('tracestate') });
        return {};
      },
    });
    open.push(downstream);
    const upstream = await expressServer(async (path) => {
      crumb('calling', { path });
      await fetch(`${downstream.url}/by-fetch`);
      await new Promise<void>((done) =>
        httpRequest(`${downstream.url}/by-http`, (res) => res.resume().on('end', done)).end(),
      );
      return null;
    });
    open.push(upstream);
    const undo = propagateTrace();
    try {
      await fetch(`${upstream.url}/start`, {
        headers: { traceparent: `00-${TRACE}-${PARENT}-01`, tracestate: 'vendor=1' },
      });
    } finally {
      undo();
    }
    expect(got).toHaveLength(2);
    for (const h of got) {
      expect(h.traceparent).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
      expect(h.tracestate).toBeUndefined();
    }
    expect(got[0]!.traceparent).not.toBe(got[1]!.traceparent); // one span id per call
    expect(crumbs().find((c) => c.event === 'calling')?.trace?.traceId).toBe(TRACE);

    const undoState = propagateTrace({ http: false, tracestate: true });
    try {
      await fetch(`${upstream.url}/start`, {
        headers: { traceparent: `00-${TRACE}-${PARENT}-01`, tracestate: 'vendor=1' },
      });
    } finally {
      undoState();
    }
    expect(got[2]!.tracestate).toBe('vendor=1');
    expect(got[3]!.traceparent).toBeUndefined(); // http.request was not instrumented
  });

  it('without a trace nothing is added', async () => {
    const got: Array<string | undefined> = [];
    const server = await expressServer(() => null, {
      context: (req: any) => {
        got.push(req.get('traceparent'));
        return {};
      },
    });
    open.push(server);
    const undo = propagateTrace();
    try {
      await fetch(server.url);
    } finally {
      undo();
    }
    expect(got).toEqual([undefined]);
  });

  it('rejects bad options, naming them', () => {
    expect(() => propagateTrace({ fetch: 'yes' } as never)).toThrow(/options\.fetch must be a boolean/);
    expect(() => propagateTrace({ other: true } as never)).toThrow(/other/);
    expect(() => expressMiddleware({ actor: 'ann' } as never)).toThrow(/options\.actor must be a function/);
    expect(() => expressMiddleware({ requestIdHeader: '' })).toThrow(/options\.requestIdHeader/);
  });
});
