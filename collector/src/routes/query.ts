/** The read API (scope read): sessions, timeline, state, paths, histogram, traces, metrics, health, races, live stream. */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors';
import type { Live } from '../live';
import type { Store } from '../store/store';
import { TIMELINE_KINDS } from '../store/timeline';
import {
  ANY_OBJECT,
  CURSOR,
  cursor,
  ERROR,
  limit,
  list,
  pair,
  path,
  SESSION_PARAMS,
  stateFilter,
  TIME,
  time,
} from './params';

const STATUSES = ['active', 'ended', 'crashed', 'hung', 'lost'];
const HISTOGRAM_KINDS: Record<string, string> = {
  change: 'changes',
  event: 'events',
  crumb: 'crumbs',
  error: 'errors',
  metric: 'metrics',
};
const PAGE = (items: string) =>
  ({
    type: 'object',
    properties: { [items]: { type: 'array', items: ANY_OBJECT }, next: { type: ['string', 'null'] } },
  }) as const;
const read = { scope: 'read' } as const;
const answers = (ok: object) => ({
  200: { description: 'OK', ...ok },
  400: ERROR,
  401: ERROR,
  403: ERROR,
  404: ERROR,
  503: ERROR,
});

type Query = Record<string, string | undefined> & { limit: number };

export function queryRoutes(app: FastifyInstance, store: Store, live: Live): void {
  const requireSession = async (id: string) => {
    const s = await store.getSession(id.toLowerCase());
    if (!s) throw notFound(`session ${id}`);
    return s;
  };

  app.get(
    '/v1/sessions',
    {
      schema: {
        summary: 'Sessions, filtered, newest first, by pages',
        tags: ['read'],
        querystring: {
          type: 'object',
          properties: {
            product: { type: 'string' },
            version: { type: 'string' },
            status: { type: 'string', description: `comma list of ${STATUSES.join(', ')}` },
            host: { type: 'string' },
            tag: { type: 'string', description: 'key=value' },
            actor: { type: 'string', description: 'some change had this actor' },
            event: { type: 'string', description: 'some event had this name' },
            state: { type: 'string', description: 'the state ever had <path>=<JSON value>, typed' },
            since: TIME,
            until: TIME,
            sort: { type: 'string', enum: ['-started', 'started'], default: '-started' },
            cursor: CURSOR,
            limit: limit(1000, 50),
          },
        },
        response: answers(PAGE('sessions')),
      },
      config: read,
    },
    async (request) => {
      const q = request.query as Query;
      return store.listSessions({
        product: q.product,
        version: q.version,
        host: q.host,
        status: list(q.status, STATUSES, 'status'),
        tag: pair('tag', q.tag, 'key=value'),
        actor: q.actor,
        event: q.event,
        state: stateFilter(q.state),
        since: time('since', q.since),
        until: time('until', q.until),
        sort: q.sort as '-started' | 'started',
        cursor: cursor<[number, string]>(q.cursor, 'ns'),
        limit: q.limit,
      });
    },
  );

  app.get(
    '/v1/sessions/:id',
    {
      schema: {
        summary: 'One session with its status and counts',
        tags: ['read'],
        params: SESSION_PARAMS,
        response: answers(ANY_OBJECT),
      },
      config: read,
    },
    async (request) => requireSession((request.params as { id: string }).id),
  );

  app.get(
    '/v1/sessions/:id/timeline',
    {
      schema: {
        summary: 'Changes, events, crumbs, errors, metrics… of one session merged by time, by pages',
        tags: ['read'],
        params: SESSION_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            kind: { type: 'string', description: `comma list of ${TIMELINE_KINDS.join(', ')}` },
            path: { type: 'string', description: 'changes of this path (dotted or a JSON array)' },
            label: { type: 'string' },
            actor: { type: 'string' },
            tx: { type: 'integer' },
            since: TIME,
            until: TIME,
            cursor: CURSOR,
            limit: limit(1000, 100),
          },
        },
        response: answers(PAGE('items')),
      },
      config: read,
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const q = request.query as Query & { tx?: number };
      await requireSession(id);
      return store.timeline(id.toLowerCase(), {
        kinds: list(q.kind, TIMELINE_KINDS, 'kind'),
        path: q.path === undefined ? undefined : path('path', q.path),
        label: q.label,
        actor: q.actor,
        tx: q.tx as number | undefined,
        since: time('since', q.since),
        until: time('until', q.until),
        cursor: cursor<[number, number, number]>(q.cursor, 'nnn'),
        limit: q.limit,
      });
    },
  );

  app.get(
    '/v1/sessions/:id/state',
    {
      schema: {
        summary: 'The whole state of a session at a time or after a change seq',
        tags: ['read'],
        params: SESSION_PARAMS,
        querystring: { type: 'object', properties: { at: TIME, seq: { type: 'integer', minimum: 0 } } },
        response: answers(ANY_OBJECT),
      },
      config: read,
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const q = request.query as { at?: string; seq?: number };
      return store.stateAt(id.toLowerCase(), { at: time('at', q.at), seq: q.seq });
    },
  );

  app.get(
    '/v1/sessions/:id/paths',
    {
      schema: {
        summary: 'Every change of one path: who, when, from which source site',
        tags: ['read'],
        params: SESSION_PARAMS,
        querystring: {
          type: 'object',
          required: ['path'],
          properties: {
            path: { type: 'string' },
            label: { type: 'string', description: '$state for the state patches' },
            cursor: CURSOR,
            limit: limit(1000, 100),
          },
        },
        response: answers(PAGE('changes')),
      },
      config: read,
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const q = request.query as Query & { path: string };
      await requireSession(id);
      return store.pathHistory(id.toLowerCase(), {
        path: path('path', q.path),
        label: q.label,
        cursor: cursor<[number]>(q.cursor, 'n')?.[0],
        limit: q.limit,
      });
    },
  );

  app.get(
    '/v1/sessions/:id/histogram',
    {
      schema: {
        summary: 'Record counts per time bucket, for the timeline overview',
        tags: ['read'],
        params: SESSION_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            buckets: { type: 'integer', minimum: 1, maximum: 2000, default: 100 },
            since: TIME,
            until: TIME,
            kind: { type: 'string', description: `comma list of ${Object.keys(HISTOGRAM_KINDS).join(', ')}` },
          },
        },
        response: answers(ANY_OBJECT),
      },
      config: read,
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const q = request.query as Query & { buckets: number };
      await requireSession(id);
      return store.histogram(id.toLowerCase(), {
        buckets: q.buckets,
        since: time('since', q.since),
        until: time('until', q.until),
        kinds: list(q.kind, Object.keys(HISTOGRAM_KINDS), 'kind')?.map((k) => HISTOGRAM_KINDS[k]),
      });
    },
  );

  app.get(
    '/v1/sessions/:id/stream',
    {
      schema: {
        summary: 'Server-Sent Events of the records of one session ingested from now on',
        tags: ['read'],
        params: SESSION_PARAMS,
        response: { 200: { description: 'text/event-stream' }, 404: ERROR },
      },
      config: read,
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await requireSession(id);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': statetrail\n\n');
      const stop = live.subscribe(id.toLowerCase(), (r) =>
        res.write(`event: ${r.kind}\ndata: ${r.text}\n\n`),
      );
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      request.raw.once('close', () => {
        clearInterval(ping);
        stop();
      });
    },
  );

  app.get(
    '/v1/traces/:traceId/changes',
    {
      schema: {
        summary: 'Every change of one trace, across sessions, by time',
        tags: ['read'],
        params: { type: 'object', required: ['traceId'], properties: { traceId: { type: 'string' } } },
        querystring: { type: 'object', properties: { cursor: CURSOR, limit: limit(1000, 100) } },
        response: answers(PAGE('changes')),
      },
      config: read,
    },
    async (request) => {
      const q = request.query as Query;
      return store.traceChanges((request.params as { traceId: string }).traceId, {
        cursor: cursor<[number, number]>(q.cursor, 'nn'),
        limit: q.limit,
      });
    },
  );

  app.get(
    '/v1/metrics',
    {
      schema: {
        summary:
          'Aggregates of one metric (count, sum, avg, min, max, p50, p95, p99, stddev) by version or session',
        tags: ['read'],
        querystring: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            product: { type: 'string' },
            version: { type: 'string' },
            session: { type: 'string' },
            since: TIME,
            until: TIME,
            groupBy: { type: 'string', enum: ['version', 'session', 'none'], default: 'version' },
          },
        },
        response: answers(ANY_OBJECT),
      },
      config: read,
    },
    async (request) => {
      const q = request.query as Query & { name: string; groupBy: 'version' | 'session' | 'none' };
      return store.metrics({
        name: q.name,
        product: q.product,
        version: q.version,
        session: q.session?.toLowerCase(),
        since: time('since', q.since),
        until: time('until', q.until),
        groupBy: q.groupBy,
      });
    },
  );

  app.get(
    '/v1/health',
    {
      schema: {
        summary: 'Release health per product and version: sessions, crash-free and hung rates',
        tags: ['read'],
        querystring: { type: 'object', properties: { product: { type: 'string' } } },
        response: answers(ANY_OBJECT),
      },
      config: read,
    },
    async (request) => store.health((request.query as Query).product),
  );

  app.get(
    '/v1/races',
    {
      schema: {
        summary: 'Race reports, of one session or all',
        tags: ['read'],
        querystring: { type: 'object', properties: { session: { type: 'string' } } },
        response: answers(ANY_OBJECT),
      },
      config: read,
    },
    async (request) => store.races((request.query as Query).session?.toLowerCase()),
  );
}
