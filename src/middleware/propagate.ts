/**
 * Opt-in propagation of the current trace to outgoing calls: global `fetch` and node:http /
 * node:https `request` and `get` get a `traceparent` header (and `tracestate` if asked) naming a
 * new span id for the call. Headers the caller set win. Returns the function that uninstalls.
 */
import { callAnswered, callSent } from '../causal/requests';
import { currentTrace, type Trace } from '../context/scope';
import { expectBoolean, expectPlainOptions } from '../errors';
import { incoming } from './request';
import { formatTraceparent, newSpanId } from './traceparent';

export interface PropagateOptions {
  /** Instrument global fetch (default true). */
  fetch?: boolean;
  /** Instrument node:http and node:https request/get (default true). */
  http?: boolean;
  /** Also forward the incoming request's tracestate (default false). */
  tracestate?: boolean;
}

interface Outgoing {
  readonly span: string;
  readonly headers: Record<string, string>;
}

function outgoing(trace: Trace | undefined, tracestate: boolean): Outgoing | undefined {
  if (trace === undefined) return undefined;
  const span = newSpanId();
  const from = incoming.get(trace);
  const headers: Record<string, string> = {
    traceparent: formatTraceparent({ traceId: trace.traceId, spanId: span }, from?.flags),
  };
  if (tracestate && from?.tracestate !== undefined) headers.tracestate = from.tracestate;
  return { span, headers };
}

function patchFetch(tracestate: boolean): () => void {
  const native = globalThis.fetch;
  const traced = async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const call = outgoing(currentTrace(), tracestate);
    if (call === undefined) return native(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    for (const [k, v] of Object.entries(call.headers)) if (!headers.has(k)) headers.set(k, v);
    callSent(call.span);
    const response = await native(input, { ...init, headers });
    callAnswered(call.span);
    return response;
  };
  globalThis.fetch = traced;
  return () => {
    if (globalThis.fetch === traced) globalThis.fetch = native;
  };
}

type Args = unknown[];

/** The arguments of http.request(url?, options?, callback?) with the headers added. */
function withHeaders(args: Args, headers: Record<string, string>): Args {
  const out = [...args];
  const at = typeof out[0] === 'string' || out[0] instanceof URL ? 1 : 0;
  const given = out[at];
  if (given === undefined || typeof given === 'function') {
    out.splice(at, 0, { headers });
    return out;
  }
  const options = given as { headers?: unknown };
  if (Array.isArray(options.headers)) return out; // raw header lists are left alone
  const mine = { ...(options.headers as Record<string, unknown> | undefined) };
  const lower = new Set(Object.keys(mine).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(headers)) if (!lower.has(k)) mine[k] = v;
  out[at] = { ...options, headers: mine };
  return out;
}

function patchHttp(tracestate: boolean): () => void {
  const process = globalThis as { process?: { getBuiltinModule?: (id: string) => any } };
  const load = process.process?.getBuiltinModule;
  if (load === undefined) return () => {};
  const restore: Array<() => void> = [];
  for (const id of ['node:http', 'node:https']) {
    const mod = load(id);
    for (const name of ['request', 'get'] as const) {
      const native = mod[name];
      const traced = function (this: unknown, ...args: Args) {
        const call = outgoing(currentTrace(), tracestate);
        if (call === undefined) return native.apply(this, args);
        callSent(call.span);
        const req = native.apply(this, withHeaders(args, call.headers));
        // first, so the caller's response callback runs ordered after the handler that answered
        req.prependListener('response', () => callAnswered(call.span));
        return req;
      };
      mod[name] = traced;
      restore.push(() => {
        if (mod[name] === traced) mod[name] = native;
      });
    }
  }
  const sync = () => load('node:module').syncBuiltinESMExports(); // named ESM imports see the patch
  sync();
  return () => {
    for (const r of restore) r();
    sync();
  };
}

/** Adds `traceparent` to outgoing fetch and http(s) calls made inside a traced request. */
export function propagateTrace(options?: PropagateOptions): () => void {
  expectPlainOptions('propagateTrace', 'options', options, ['fetch', 'http', 'tracestate']);
  for (const k of ['fetch', 'http', 'tracestate'] as const) {
    if (options?.[k] !== undefined) expectBoolean('propagateTrace', `options.${k}`, options[k]);
  }
  const tracestate = options?.tracestate ?? false;
  const undo: Array<() => void> = [];
  if (options?.fetch ?? true) undo.push(patchFetch(tracestate));
  if (options?.http ?? true) undo.push(patchHttp(tracestate));
  return () => {
    for (const u of undo.reverse()) u();
  };
}
