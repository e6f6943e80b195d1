/**
 * POST /v1/ingest and the REST session start/end calls. A batch is parsed and checked whole before
 * anything is written: one bad line refuses the batch (400, nothing stored), so a batch is never
 * stored half-understood and the client can dead-letter it as one unit.
 */
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, HttpError } from '../errors';
import { parseBatch } from '../ingest/records';
import type { Live } from '../live';
import type { Limits } from '../options';
import type { Store } from '../store/store';
import { ANY_OBJECT, ERROR, SESSION_PARAMS } from './params';

const MAX_REJECTIONS = 100;

const RESULT = {
  type: 'object',
  description: 'committed',
  properties: {
    accepted: { type: 'integer' },
    duplicates: { type: 'integer' },
    rejected: { type: 'array', maxItems: 0 },
    replayed: { type: 'boolean' },
  },
} as const;

const INVALID = {
  ...ERROR,
  description: 'invalid batch: nothing stored',
  properties: {
    ...ERROR.properties,
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        properties: { line: { type: 'integer' }, field: { type: 'string' }, expected: { type: 'string' } },
      },
    },
  },
} as const;

function decode(request: FastifyRequest, limits: Limits): string {
  let body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
  const encoding = request.headers['content-encoding'];
  if (encoding === 'gzip') {
    try {
      body = gunzipSync(body, { maxOutputLength: limits.bodyBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        throw new HttpError(413, 'too_large', `the body is over ${limits.bodyBytes} bytes once decompressed`);
      }
      throw badRequest('content-encoding', 'a gzip body (the body is not gzip data)');
    }
  } else if (encoding !== undefined && encoding !== 'identity') {
    throw badRequest('content-encoding', 'gzip or identity');
  }
  return body.toString('utf8');
}

function longLine(text: string, limit: number): number | null {
  let start = 0;
  for (let line = 1; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (
      end - start > limit ||
      ((end - start) * 3 > limit && Buffer.byteLength(text.slice(start, end)) > limit)
    )
      return line;
    start = end + 1;
  }
  return null;
}

export function ingestRoutes(app: FastifyInstance, store: Store, live: Live, limits: Limits): void {
  let inFlight = 0;

  async function ingestText(text: string, key: string | undefined, reply: FastifyReply) {
    const now = Date.now();
    const { records, rejected } = parseBatch(text, now);
    if (rejected.length > 0) {
      const lines = records.length + rejected.length;
      return reply.code(400).send({
        error: 'invalid_batch',
        message: `${rejected.length} of ${lines} lines refused (first: line ${rejected[0].line}, ${rejected[0].field} must be ${rejected[0].expected}); nothing of the batch was stored`,
        rejected: rejected.slice(0, MAX_REJECTIONS),
      });
    }
    if (records.length === 0) return { accepted: 0, duplicates: 0, rejected: [] };
    const result = await store.ingest(records, key, now);
    if (!result.replayed) live.publish(records);
    return result;
  }

  app.register(async (scope) => {
    // the body stays raw bytes whatever its content type: NDJSON, maybe gzip
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.bodyBytes }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      '/v1/ingest',
      {
        schema: {
          summary: 'Ingest a batch of NDJSON records (scope ingest)',
          tags: ['ingest'],
          consumes: ['application/x-ndjson'],
          headers: {
            type: 'object',
            properties: {
              'idempotency-key': {
                type: 'string',
                minLength: 1,
                maxLength: 200,
                description: 'stores the batch once however often it is sent',
              },
              'content-encoding': { type: 'string', description: 'gzip allowed' },
            },
          },
          response: { 200: RESULT, 400: INVALID, 413: ERROR, 429: ERROR, 503: ERROR },
        },
        config: { scope: 'ingest' },
        onRequest: async (_request, reply) => {
          if (inFlight >= limits.concurrentIngests) {
            throw new HttpError(
              429,
              'busy',
              `more than ${limits.concurrentIngests} batches in flight; retry later`,
              {},
              { 'retry-after': '1' },
            );
          }
          inFlight++;
          reply.raw.once('close', () => inFlight--);
        },
      },
      async (request, reply) => {
        const text = decode(request, limits);
        const line = longLine(text, limits.lineBytes);
        if (line !== null)
          throw new HttpError(413, 'too_large', `line ${line} is over ${limits.lineBytes} bytes`, { line });
        return ingestText(text, request.headers['idempotency-key'] as string | undefined, reply);
      },
    );
  });

  app.post(
    '/v1/sessions',
    {
      schema: {
        summary: 'Start a session (scope ingest): the fields of a `session` record plus its id',
        tags: ['ingest'],
        body: {
          type: 'object',
          required: ['id', 'product'],
          properties: { id: { type: 'string' }, product: { type: 'string' } },
          additionalProperties: true,
        },
        response: { 201: { type: 'object', properties: { id: { type: 'string' } } }, 400: INVALID },
      },
      config: { scope: 'ingest' },
    },
    async (request, reply) => {
      const { id, ...fields } = request.body as Record<string, unknown>;
      const result = await ingestText(
        JSON.stringify({ ...fields, schema: 1, kind: 'session', session: id }),
        undefined,
        reply,
      );
      if (reply.sent) return result;
      return reply.code(201).send({ id: String(id).toLowerCase() });
    },
  );

  app.post(
    '/v1/sessions/:id/end',
    {
      schema: {
        summary: 'End a session (scope ingest): the fields of an `end` record',
        tags: ['ingest'],
        params: SESSION_PARAMS,
        body: { ...ANY_OBJECT },
        response: {
          200: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } } },
          400: INVALID,
        },
      },
      config: { scope: 'ingest' },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const fields = (request.body ?? {}) as Record<string, unknown>;
      const result = await ingestText(
        JSON.stringify({ ...fields, schema: 1, kind: 'end', session: id }),
        undefined,
        reply,
      );
      if (reply.sent) return result;
      return { id: id.toLowerCase(), status: fields.status ?? 'ended' };
    },
  );
}
