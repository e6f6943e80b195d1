/** The scope check on every API route, and POST /v1/login / logout that set and clear the token cookie for browsers. */
import type { FastifyInstance } from 'fastify';
import { type Auth, COOKIE, type Scope } from '../auth';
import { HttpError } from '../errors';
import { ERROR } from './params';

const COOKIE_ATTRIBUTES = 'HttpOnly; SameSite=Strict; Path=/';

/** `next` must stay on this origin: a path, never `//host` or a URL. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/';
}

export function authRoutes(app: FastifyInstance, auth: Auth): void {
  app.addHook('onRequest', async (request) => {
    const scope = (request.routeOptions.config as { scope?: Scope } | undefined)?.scope;
    if (!scope) return;
    const verdict = auth.check(request, scope);
    if (verdict === 'unauthorized') {
      throw new HttpError(
        401,
        'unauthorized',
        'a token is needed: Authorization: Bearer <token>, or log in',
        {},
        { 'www-authenticate': 'Bearer' },
      );
    }
    if (verdict === 'forbidden') throw new HttpError(403, 'forbidden', `the token lacks the scope ${scope}`);
  });

  app.post(
    '/v1/login',
    {
      schema: {
        summary: 'Log in a browser: sets the statetrail_token cookie (the token needs scope read)',
        tags: ['auth'],
        body: {
          type: 'object',
          required: ['token'],
          properties: { token: { type: 'string' }, next: { type: 'string' } },
        },
        response: { 303: { description: 'to next, or /' }, 401: ERROR },
      },
    },
    async (request, reply) => {
      const { token, next } = request.body as { token: string; next?: string };
      if (!auth.scopesOf(token).has('read'))
        throw new HttpError(401, 'unauthorized', 'unknown token, or it lacks the scope read');
      return reply
        .code(303)
        .header('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; ${COOKIE_ATTRIBUTES}`)
        .header('location', safeNext(next))
        .send();
    },
  );

  app.post(
    '/v1/logout',
    {
      schema: {
        summary: 'Clear the token cookie',
        tags: ['auth'],
        response: { 303: { description: 'to /' } },
      },
    },
    async (_request, reply) =>
      reply
        .code(303)
        .header('set-cookie', `${COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0`)
        .header('location', '/')
        .send(),
  );
}
