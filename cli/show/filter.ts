/**
 * What `statetrail show` prints: the filters of its flags over serialised records. `--since` is
 * exclusive and `--until` inclusive, exactly as the API filter (`changesOf(obj, { since, until })`):
 * `--since #5` starts after change 5, `--since <time>` after that millisecond.
 */
import { UsageError } from '../args';

export type Bound = { seq: number } | { time: number };

export interface Filter {
  labels: string[];
  path: string[] | null;
  actors: string[];
  ops: string[];
  since: Bound | null;
  until: Bound | null;
}

export type TrailRecord = Record<string, unknown>;

const OPS = ['set', 'delete', 'add', 'clear', 'splice'];

/** items[2].qty -> ["items", "2", "qty"]; compared with the record's path as strings. */
export function parsePath(text: string): string[] {
  return text
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
}

export function parseOps(texts: readonly string[]): string[] {
  const ops = texts.flatMap((t) => t.split(','));
  for (const op of ops)
    if (!OPS.includes(op))
      throw new UsageError(`--op must be among ${OPS.join(', ')}, got ${JSON.stringify(op)}`);
  return ops;
}

export function parseBound(flag: string, text: string): Bound {
  if (/^#\d+$/.test(text)) return { seq: Number(text.slice(1)) };
  if (/^\d+(\.\d+)?$/.test(text)) return { time: Number(text) };
  const time = Date.parse(text);
  if (Number.isNaN(time))
    throw new UsageError(
      `${flag} must be an ISO date, epoch milliseconds or #seq, got ${JSON.stringify(text)}`,
    );
  return { time };
}

/** Where the record sits on the bound's scale (seq or whole milliseconds); crumbs have no seq. */
function position(r: TrailRecord, bound: Bound): number | undefined {
  if ('seq' in bound) return typeof r.seq === 'number' ? r.seq : undefined;
  return typeof r.time === 'number' ? Math.floor(r.time) : undefined;
}

function boundValue(bound: Bound): number {
  return 'seq' in bound ? bound.seq : bound.time;
}

/** A path element as the filter compares it: primitives by their text, anything else never matches. */
function keyText(key: unknown): string | undefined {
  return typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean'
    ? String(key)
    : undefined;
}

export function matches(r: TrailRecord, f: Filter): boolean {
  if (f.since !== null) {
    const at = position(r, f.since);
    if (at === undefined || at <= boundValue(f.since)) return false;
  }
  if (f.until !== null) {
    const at = position(r, f.until);
    if (at === undefined || at > boundValue(f.until)) return false;
  }
  // Crumbs have no label, path, actor or op: any of those filters leaves them out.
  if (r.kind === 'crumb')
    return f.labels.length === 0 && f.path === null && f.actors.length === 0 && f.ops.length === 0;
  if (f.labels.length !== 0 && !f.labels.includes(r.label as string)) return false;
  if (f.actors.length !== 0 && !f.actors.includes(r.actor as string)) return false;
  if (f.ops.length !== 0 && !f.ops.includes(r.op as string)) return false;
  if (f.path !== null) {
    const path: unknown[] = Array.isArray(r.path) ? r.path : [];
    if (path.length < f.path.length) return false;
    for (let i = 0; i < f.path.length; i++) if (keyText(path[i]) !== f.path[i]) return false;
  }
  return true;
}
