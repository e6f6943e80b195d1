/** `statetrail/fastify`: `await app.register(statetrail({ actor: (req) => req.user?.id }))`. */
import { type MiddlewareOptions, type RequestScope, requestScopes } from './request';

/** The parts of Fastify's request the plugin uses. */
export interface FastifyRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly routeOptions?: { readonly url?: string };
}

type Done = (error?: Error) => void;

interface FastifyInstance {
  addHook(name: 'onRequest' | 'preHandler', hook: (req: any, reply: unknown, done: Done) => void): unknown;
  addHook(name: 'onSend', hook: (req: any, reply: unknown, payload: unknown, done: Done) => void): unknown;
}

const SCOPE = Symbol('statetrail.scope');

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A plugin that applies to the whole app (it skips Fastify's encapsulation, as fastify-plugin does). */
export function statetrail<Req extends FastifyRequest = FastifyRequest>(
  options?: MiddlewareOptions<Req>,
): (app: FastifyInstance, opts: unknown, done: Done) => void {
  const scopeOf = requestScopes<Req>('statetrail/fastify', options);
  const plugin = (app: FastifyInstance, _opts: unknown, done: Done) => {
    app.addHook('onRequest', (req: Req & { [SCOPE]?: RequestScope }, _reply, next) => {
      const scope = scopeOf(req, {
        method: req.method,
        path: req.url.split('?')[0]!,
        ...(req.routeOptions?.url === undefined ? {} : { route: req.routeOptions.url }),
        header: (n) => header(req, n.toLowerCase()),
      });
      req[SCOPE] = scope;
      scope.run(next);
    });
    // bodies are parsed in stream callbacks outside the request's frame: enter it again
    app.addHook('preHandler', (req: { [SCOPE]?: RequestScope }, _reply, next) => {
      if (req[SCOPE] === undefined) next();
      else req[SCOPE].run(next);
    });
    app.addHook('onSend', (req: { [SCOPE]?: RequestScope }, _reply, _payload, next) => {
      req[SCOPE]?.end();
      next();
    });
    done();
  };
  Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'statetrail',
  });
  return plugin;
}
