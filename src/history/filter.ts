/** Change filters shared by history queries, subscribe(), ChangeCollector and changeStream(). */

import { readArg, typeError } from '../errors';
import { type Change, OPS, type Op } from './change';

/** A point in history: a Change, a seq number or a Date. */
export type Mark = Change | number | Date;

export interface ChangeFilter {
  /** Changes at or under this path (["items", 2] matches ["items", 2, "qty"]). */
  path?: readonly unknown[];
  op?: Op | readonly Op[];
  actor?: string;
  /** Only changes after this mark (a Date: after that millisecond). */
  since?: Mark;
  /** Only changes up to and including this mark. */
  until?: Mark;
}

const FILTER_KEYS = new Set(['path', 'op', 'actor', 'since', 'until']);

export function isMark(value: unknown): value is Mark {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return typeof value === 'object' && value !== null && typeof (value as Change).seq === 'number';
}

export function checkMark(fn: string, arg: string, value: unknown): void {
  if (!isMark(value)) throw typeError(fn, arg, 'a Change, a seq number or a valid Date', value);
}

/**
 * Validates a filter and returns a frozen copy of it: later changes to the caller's object (or a
 * getter that throws later) cannot reach the writes it is matched against.
 */
export function checkFilter(fn: string, filter: unknown): ChangeFilter | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter !== 'object' || filter === null || readArg(fn, 'filter', () => Array.isArray(filter))) {
    throw typeError(fn, 'filter', 'an object like { path, op, actor, since, until }', filter);
  }
  const f = readArg(fn, 'filter', () => copyFilter(filter as Record<string, unknown>));
  for (const key of Object.keys(f)) {
    if (!FILTER_KEYS.has(key)) {
      throw new TypeError(
        `statetrail: ${fn}: unknown filter field ${JSON.stringify(key)}; valid fields are path, op, actor, since, until`,
      );
    }
  }
  if (f.path !== undefined && !Array.isArray(f.path))
    throw typeError(fn, 'filter.path', 'an array of keys', f.path);
  const ops = f.op === undefined ? [] : Array.isArray(f.op) ? f.op : [f.op];
  for (const op of ops) {
    if (!OPS.includes(op))
      throw typeError(fn, 'filter.op', `one of ${OPS.map((o) => `'${o}'`).join(', ')}`, op);
  }
  if (f.actor !== undefined && typeof f.actor !== 'string')
    throw typeError(fn, 'filter.actor', 'a string', f.actor);
  if (f.since !== undefined) checkMark(fn, 'filter.since', f.since);
  if (f.until !== undefined) checkMark(fn, 'filter.until', f.until);
  return Object.freeze(f);
}

/** Every own field read once; arrays and Dates copied (a Change mark is immutable by contract). */
function copyFilter(filter: Record<string, unknown>): Record<string, any> {
  const copy: Record<string, any> = {};
  for (const key of Object.keys(filter)) {
    const v = filter[key];
    copy[key] = Array.isArray(v) ? Object.freeze([...v]) : v instanceof Date ? new Date(v.getTime()) : v;
  }
  return copy;
}

/** True when `change` comes after `mark` (exclusive). */
export function isAfter(change: Change, mark: Mark): boolean {
  if (typeof mark === 'number') return change.seq > mark;
  if (mark instanceof Date) return Math.floor(change.time) > mark.getTime(); // a Date has ms precision
  return change.seq > mark.seq;
}

function sameKey(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || (typeof a !== 'object' && typeof b !== 'object' && String(a) === String(b));
}

export function matches(change: Change, filter: ChangeFilter | undefined): boolean {
  if (filter === undefined) return true;
  const { path, op, actor, since, until } = filter;
  if (op !== undefined && (typeof op === 'string' ? change.op !== op : !op.includes(change.op))) return false;
  if (actor !== undefined && change.actor !== actor) return false;
  if (since !== undefined && !isAfter(change, since)) return false;
  if (until !== undefined && isAfter(change, until)) return false;
  if (path !== undefined) {
    if (change.path.length < path.length) return false;
    for (let i = 0; i < path.length; i++) if (!sameKey(change.path[i], path[i])) return false;
  }
  return true;
}
