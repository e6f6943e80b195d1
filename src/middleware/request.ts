/**
 * The framework-neutral part of the request middleware (the adapters in this folder only
 * translate): per request the actor, the context (method, path, route, request id) and a W3C
 * trace — the caller's trace id with a new span id, or a fresh trace — for everything the
 * request does, ended when the response is complete.
 */
import type { Event } from '../causal/events';
import { requestBegan, requestEnded, resumeRequest } from '../causal/requests';
import { type Trace, withFrame } from '../context/scope';
import { expectFunction, expectPlainOptions, typeError } from '../errors';
import { newSpanId, newTraceId, parseTraceparent } from './traceparent';

/** What the adapters read off their framework's request. */
export interface RequestInfo {
  readonly method: string;
  readonly path: string;
  /** The route pattern, where the framework knows it before the handler runs. */
  readonly route?: string;
  header(name: string): string | undefined;
}

export interface MiddlewareOptions<Req> {
  /** The actor of the request (e.g. the user id from a session); none when it returns undefined. */
  actor?: (req: Req) => string | undefined;
  /** Context values of your own, merged over method, path, route and requestId. */
  context?: (req: Req) => Record<string, unknown> | undefined;
  /** The header to take the request id from (default "x-request-id"); else the span id is used. */
  requestIdHeader?: string;
}

export interface RequestScope {
  readonly trace: Trace;
  /** Runs `fn` (the rest of the request's chain) inside the request's frame. */
  run<R>(fn: () => R): R;
  /** The response is complete: later requests are ordered after this one. Idempotent. */
  end(): void;
}

/** The trace context a request came with, for outgoing calls (propagate.ts). */
export const incoming = new WeakMap<Trace, { readonly flags: string; readonly tracestate?: string }>();

const KEYS = ['actor', 'context', 'requestIdHeader'] as const;

export function requestScopes<Req>(
  fn: string,
  options: MiddlewareOptions<Req> | undefined,
): (req: Req, info: RequestInfo) => RequestScope {
  expectPlainOptions(fn, 'options', options, KEYS);
  if (options?.actor !== undefined) expectFunction(fn, 'options.actor', options.actor);
  if (options?.context !== undefined) expectFunction(fn, 'options.context', options.context);
  const idHeader = options?.requestIdHeader ?? 'x-request-id';
  if (typeof idHeader !== 'string' || idHeader === '') {
    throw typeError(fn, 'options.requestIdHeader', 'a non-empty header name', idHeader);
  }
  return (req, info) => {
    const caller = parseTraceparent(info.header('traceparent'), info.header('tracestate'));
    const trace: Trace = Object.freeze({ traceId: caller?.traceId ?? newTraceId(), spanId: newSpanId() });
    incoming.set(trace, {
      flags: caller?.flags ?? '01',
      ...(caller?.tracestate ? { tracestate: caller.tracestate } : {}),
    });
    const actor = options?.actor?.(req);
    const context = Object.freeze({
      method: info.method,
      path: info.path,
      ...(info.route === undefined ? {} : { route: info.route }),
      requestId: info.header(idHeader) ?? trace.spanId,
      ...options?.context?.(req),
    });
    const frame = { trace, context, ...(actor === undefined ? {} : { actor }) };
    let began: Event | undefined | null = null;
    let ended = false;
    return {
      trace,
      run: (next) =>
        withFrame(frame, () => {
          // frameworks resume a request from I/O callbacks (body parsed): each entry point joins its start
          if (began === null) began = requestBegan(caller?.parentId);
          else resumeRequest(began);
          return next();
        }),
      end: () => {
        if (ended) return;
        ended = true;
        requestEnded(caller?.parentId);
      },
    };
  };
}
