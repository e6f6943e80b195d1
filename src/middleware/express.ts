/** `statetrail/express`: `app.use(statetrail({ actor: (req) => req.user?.id }))`. */
import { type MiddlewareOptions, requestScopes } from './request';

/** The parts of Express's request and response the middleware uses. */
export interface ExpressRequest {
  readonly method: string;
  readonly path: string;
  get(name: string): string | undefined;
}
export interface ExpressResponse {
  end: (...args: any[]) => unknown;
}

export function statetrail<Req extends ExpressRequest = ExpressRequest>(
  options?: MiddlewareOptions<Req>,
): (req: Req, res: ExpressResponse, next: (error?: unknown) => void) => void {
  const scopeOf = requestScopes<Req>('statetrail/express', options);
  return (req, res, next) => {
    const scope = scopeOf(req, { method: req.method, path: req.path, header: (n) => req.get(n) });
    const end = res.end;
    // the handler calls end(): mark the request complete there, in the handler's own async order
    res.end = function (this: unknown, ...args: unknown[]) {
      scope.end();
      return end.apply(this, args);
    };
    scope.run(next);
  };
}
