/** `statetrail/hono`: `app.use(statetrail({ actor: (c) => c.get('user')?.id }))`. */
import { type MiddlewareOptions, requestScopes } from './request';

/** The parts of Hono's context the middleware uses. */
export interface HonoContext {
  readonly req: {
    readonly method: string;
    readonly path: string;
    header(name: string): string | undefined;
  };
}

export function statetrail<C extends HonoContext = HonoContext>(
  options?: MiddlewareOptions<C>,
): (c: C, next: () => Promise<void>) => Promise<void> {
  const scopeOf = requestScopes<C>('statetrail/hono', options);
  return async (c, next) => {
    const scope = scopeOf(c, { method: c.req.method, path: c.req.path, header: (n) => c.req.header(n) });
    try {
      await scope.run(next);
    } finally {
      scope.end();
    }
  };
}
