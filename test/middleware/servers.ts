/** Real servers of each framework on 127.0.0.1, each running `handle` per request. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import type { MiddlewareOptions } from 'statetrail';
import { statetrail as expressMiddleware } from 'statetrail/express';
import { statetrail as fastifyPlugin } from 'statetrail/fastify';
import { statetrail as honoMiddleware } from 'statetrail/hono';
import { statetrail as koaMiddleware } from 'statetrail/koa';

export interface Server {
  readonly url: string;
  close(): Promise<void>;
}

/** The handler: gets the request's path and the `x-user` header, answers with JSON. */
export type Handle = (path: string) => Promise<unknown> | unknown;

const actor = (h: (name: string) => string | undefined) => h('x-user') || undefined;

export async function expressServer(handle: Handle, options?: MiddlewareOptions<any>): Promise<Server> {
  const app = express();
  app.use(expressMiddleware(options ?? { actor: (req) => actor((n) => req.get(n)) }));
  app.use(async (req, res) => {
    res.json((await handle(req.path)) ?? null);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function fastifyServer(handle: Handle): Promise<Server> {
  const app = fastify();
  await app.register(
    fastifyPlugin({ actor: (req) => actor((n) => req.headers[n] as string | undefined) }) as any,
  );
  app.all('/*', async (req) => (await handle(req.url.split('?')[0]!)) ?? null);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

export async function koaServer(handle: Handle): Promise<Server> {
  const app = new Koa();
  app.use(koaMiddleware({ actor: (ctx) => actor((n) => ctx.get(n)) }));
  app.use(async (ctx) => {
    ctx.body = (await handle(ctx.path)) ?? null;
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function honoServer(handle: Handle): Promise<Server> {
  const app = new Hono();
  app.use(honoMiddleware({ actor: (c) => actor((n) => c.req.header(n)) }));
  app.all('*', async (c) => c.json((await handle(c.req.path)) ?? null));
  const { port, server } = await new Promise<{ port: number; server: ReturnType<typeof serve> }>((r) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      r({ port: info.port, server: s }),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export const frameworks = {
  express: expressServer,
  fastify: fastifyServer,
  koa: koaServer,
  hono: honoServer,
};
