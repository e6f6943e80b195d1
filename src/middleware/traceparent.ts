/** W3C Trace Context: parsing and writing `traceparent`, fresh ids. */
import type { Trace } from '../context/scope';

/** An incoming trace context: the caller's trace and span, and its `tracestate`. */
export interface Incoming {
  readonly traceId: string;
  readonly parentId: string;
  readonly flags: string;
  readonly tracestate?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const ZEROS = /^0+$/;

/** The caller's context, or undefined for a missing or invalid header (then a fresh trace starts). */
export function parseTraceparent(header: string | undefined, tracestate?: string): Incoming | undefined {
  if (header === undefined) return undefined;
  const m = TRACEPARENT.exec(header.trim().toLowerCase());
  if (m === null) return undefined;
  const [, version, traceId, parentId, flags] = m as unknown as [string, string, string, string, string];
  if (version === 'ff' || (version === '00' && header.trim().length !== 55)) return undefined;
  if (ZEROS.test(traceId) || ZEROS.test(parentId)) return undefined;
  const state = tracestate?.trim();
  return { traceId, parentId, flags, ...(state ? { tracestate: state.slice(0, 512) } : {}) };
}

function hex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return ZEROS.test(s) ? hex(bytes) : s;
}

export const newTraceId = (): string => hex(16);
export const newSpanId = (): string => hex(8);

export function formatTraceparent(trace: Trace, flags = '01'): string {
  return `00-${trace.traceId}-${trace.spanId}-${flags}`;
}
