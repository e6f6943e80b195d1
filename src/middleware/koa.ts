/** `statetrail/koa`: `app.use(statetrail({ actor: (ctx) => ctx.state.user?.id }))`. */
import { type MiddlewareOptions, requestScopes } from './request';

/** The parts of Koa's context the middleware uses. */
export interface KoaContext {
  readonly method: string;
  readonly path: string;
  get(name: string): string;
  readonly _matchedRoute?: string;
}

export function statetrail<Ctx extends KoaContext = KoaContext>(
  options?: MiddlewareOptions<Ctx>,
): (ctx: Ctx, next: () => Promise<unknown>) => Promise<void> {
  const scopeOf = requestScopes<Ctx>('statetrail/koa', options);
  return async (ctx, next) => {
    const scope = scopeOf(ctx, {
      method: ctx.method,
      path: ctx.path,
      header: (n) => ctx.get(n) || undefined,
    });
    try {
      await scope.run(next);
    } finally {
      scope.end();
    }
  };
}
