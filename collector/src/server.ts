/**
 * createServer(): the fastify app over a Store — auth, ingest, the read API, /openapi.json,
 * /healthz, the web UI — plus the periodic sweeps (lost sessions, retention), stopped on close.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { Auth, loadTokens } from './auth';
import { HttpError, StoreError } from './errors';
import { Live } from './live';
import { collectRoutes, openApiDocument } from './openapi';
import { type CollectorOptions, checkOptions, DEFAULT_LIMITS, type Limits, retentionMs } from './options';
import { ingestRoutes } from './routes/ingest';
import { authRoutes } from './routes/login';
import { queryRoutes } from './routes/query';
import { openStore, type Store } from './store/store';
import { registerUi } from './ui/index';

export interface ServerOptions extends Omit<CollectorOptions, 'port' | 'host'> {
  /** An opened Store to serve (tests); otherwise `db` is opened and closed with the server. */
  store?: Store;
  limits?: Partial<Limits>;
  /** How often the lost-session and retention sweeps run; default 5,000 ms. */
  sweepMs?: number;
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function errorBody(error: FastifyError | HttpError | Error): {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
} {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { error: error.code, message: error.message, ...error.extra },
      headers: error.headers,
    };
  }
  if (error instanceof StoreError) {
    return {
      status: 503,
      body: { error: 'unavailable', message: error.message },
      headers: { 'retry-after': '5' },
    };
  }
  const e = error as FastifyError;
  if (e.validation?.length) {
    const v = e.validation[0];
    const field =
      (v.instancePath?.slice(1).replaceAll('/', '.') || (v.params as any)?.missingProperty) ??
      e.validationContext ??
      'request';
    const expected = v.message ?? 'a valid value';
    return {
      status: 400,
      body: {
        error: 'bad_request',
        message: `${e.validationContext ?? 'request'} ${field} ${expected}`,
        field,
        expected,
      },
    };
  }
  if (e.statusCode === 413) return { status: 413, body: { error: 'too_large', message: e.message } };
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      status: e.statusCode,
      body: { error: e.statusCode === 415 ? 'unsupported_media_type' : 'bad_request', message: e.message },
    };
  }
  return { status: 500, body: { error: 'internal', message: 'internal error' } };
}

export async function createServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  checkOptions('createServer', options);
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const retention = retentionMs('createServer', options.retention ?? '30d');
  const auth = new Auth(options.tokens === undefined ? null : loadTokens(options.tokens));
  const store = options.store ?? (await openStore(options.db ?? '.statetrail/collector.db'));
  const app = Fastify({ bodyLimit: limits.bodyBytes, logger: false, forceCloseConnections: true });
  // response schemas document the API (openapi.json); answers are serialised whole, never filtered by them
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const routes = collectRoutes(app);
  app.decorate('statetrail', { store, auth });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.setErrorHandler((error, request, reply) => {
    const { status, body, headers } = errorBody(error as FastifyError);
    if (status === 500) request.log.error(error);
    reply
      .code(status)
      .headers(headers ?? {})
      .send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  const live = new Live();
  authRoutes(app, auth);
  ingestRoutes(app, store, live, limits);
  queryRoutes(app, store, live);
  app.get('/healthz', { schema: { summary: 'Liveness', tags: ['meta'] } }, async () => ({
    ok: true,
    engine: store.engine,
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => openApiDocument(routes, VERSION));
  await registerUi(app);

  let stopped = false;
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = (async () => {
      await store.sweepLost(Date.now());
      await store.sweepRetention(Date.now() - retention, () => stopped);
    })().catch(() => undefined); // a failing database is answered 503 by the routes; the next sweep tries again
  };
  const timer = setInterval(() => void sweeping.then(sweep), options.sweepMs ?? 5000);
  timer.unref();
  app.addHook('onClose', async () => {
    stopped = true;
    clearInterval(timer);
    await sweeping;
    if (!options.store) await store.close();
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    statetrail: { store: Store; auth: Auth };
  }
  // documentation fields of route schemas, read by openapi.ts
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
    hide?: boolean;
    consumes?: string[];
  }
}
