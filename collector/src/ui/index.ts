import type { FastifyInstance, FastifyReply } from 'fastify';
import { loadAssets } from './assets';
import { importClosure } from './preload';
import { CONTENT_SECURITY_POLICY, shell } from './shell';

// The web UI (issue 10): static ES modules (preact + htm, no build step) that read only the JSON API.
// Pages carry no data, so they need no token; every API call they make is checked by the collector, and
// a 401 sends the browser to /login.

/** The UI's page routes and the client module each shows; every route answers the same shell but its preloads. */
export const PAGES: Readonly<Record<string, string>> = {
  '/': 'overview.js',
  '/sessions': 'sessions.js',
  '/sessions/:id': 'session.js',
  '/compare': 'compare.js',
  '/races': 'races.js',
  '/login': 'login.js',
};

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY');
}

export async function registerUi(app: FastifyInstance): Promise<void> {
  const assets = loadAssets();
  for (const [route, module] of Object.entries(PAGES)) {
    const html = shell(importClosure(assets, ['/ui/app.js', `/ui/${module}`]));
    app.get(route, { schema: { hide: true } }, (_request, reply) =>
      secure(reply).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html),
    );
  }
  app.get('/ui/*', { schema: { hide: true } }, (request, reply) => {
    const asset = assets.get(request.url.split('?')[0]!);
    if (!asset) return secure(reply).code(404).type('text/plain; charset=utf-8').send('not found');
    secure(reply).header('cache-control', 'no-cache').header('etag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });
}
