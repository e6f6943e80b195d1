/** Parsing of query parameters the JSON schemas cannot express (times, cursors, `path=value` filters), and shared schemas. */
import { badRequest } from '../errors';
import { pathKey } from '../state/patch';

export const TIME = { type: 'string', description: 'ms since the epoch or an ISO date' } as const;
export const CURSOR = { type: 'string', description: 'the `next` of the previous page' } as const;
export const limit = (max: number, dflt: number) =>
  ({ type: 'integer', minimum: 1, maximum: max, default: dflt }) as const;
export const SESSION_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'the session UUID' } },
} as const;
export const ERROR = {
  type: 'object',
  description: 'an error',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    field: { type: 'string' },
    expected: { type: 'string' },
  },
} as const;
export const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;

export function time(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n)) throw badRequest(field, 'ms since the epoch or an ISO date');
  return n;
}

/** A cursor from a previous answer: base64url JSON of an array matching `shape` ('n' number, 's' string). */
export function cursor<T extends unknown[]>(value: string | undefined, shape: string): T | undefined {
  if (value === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === shape.length &&
      [...shape].every((t, i) => typeof v[i] === (t === 'n' ? 'number' : 'string'))
    ) {
      return v as T;
    }
  } catch {}
  throw badRequest('cursor', 'the `next` value of a previous answer');
}

/** A path given dotted (`order.status`) or as a JSON array of keys, in its indexed form. */
export function path(field: string, value: string): string {
  if (!value.startsWith('[')) return value;
  try {
    const keys = JSON.parse(value);
    if (Array.isArray(keys)) return pathKey(keys);
  } catch {}
  throw badRequest(field, 'a dotted path or a JSON array of keys');
}

/** `key=value` → [key, value]. */
export function pair(
  field: string,
  value: string | undefined,
  expected: string,
): [string, string] | undefined {
  if (value === undefined) return undefined;
  const eq = value.indexOf('=');
  if (eq <= 0) throw badRequest(field, expected);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

/** `state=<path>=<json>`: the value compared as typed JSON. */
export function stateFilter(value: string | undefined): { path: string; value: string } | undefined {
  const p = pair('state', value, '<path>=<JSON value>, like order.status="paid"');
  if (!p) return undefined;
  try {
    return { path: path('state', p[0]), value: JSON.stringify(JSON.parse(p[1])) };
  } catch {
    throw badRequest('state', '<path>=<JSON value>, like order.status="paid" (strings in double quotes)');
  }
}

export function list(
  value: string | undefined,
  allowed: readonly string[],
  field: string,
): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items)
    if (!allowed.includes(item)) throw badRequest(field, `a comma list of ${allowed.join(', ')}`);
  return items;
}
