/** Reading the history: changesOf, lastChange, changesSince and the global `history`. */
import { config } from '../config';
import { typeError } from '../errors';
import type { Change } from '../history/change';
import { drainCursors } from '../history/cursor';
import { type ChangeFilter, checkFilter, checkMark, type Mark, matches } from '../history/filter';
import { global, visibleStart } from '../history/global';
import type { ChangeLog, Chunk } from '../history/log';
import { materialize } from '../tracking/materialize';
import { type Node, nodeOf, type Origin, type Position } from '../tracking/node';

/** A log entry: chunk and offset. */
export interface Entry {
  readonly c: Chunk;
  readonly i: number;
}

export function requireTracked(fn: string, target: unknown): Node {
  const node = nodeOf(target);
  if (node === undefined) {
    throw typeError(fn, 'target', 'a tracked object (from track() or a @tracked class)', target);
  }
  return node;
}

function* scan(log: ChangeLog, start: number): Generator<Entry> {
  for (let i = start; i < log.size; i++) yield log.locate(i);
}

/** True when `node` was `pos`'s node or one of its ancestors when the change was recorded. */
function recordedUnder(pos: Position, node: Node): boolean {
  for (let p: Position | null = pos; p !== null; p = p.parent) if (p.node === node) return true;
  return false;
}

/** The entries recorded for `node` or anything that was under it at the time, oldest first. */
export function entriesOf(node: Node): Entry[] {
  if (node.log !== null) return [...scan(node.log, 0)];
  const out: Entry[] = [];
  for (const e of scan(global.log, visibleStart())) {
    const pos = (e.c.origin[e.i] as Origin).pos;
    if (pos.root === node || recordedUnder(pos, node)) out.push(e);
  }
  return out;
}

function select(entries: Iterable<Entry>, filter: ChangeFilter | undefined): Change[] {
  const out: Change[] = [];
  for (const e of entries) {
    const change = materialize(e.c, e.i);
    if (matches(change, filter)) out.push(change);
  }
  return out;
}

/** Changes of a tracked object and everything under it, oldest first. */
export function changesOf(target: object, filter?: ChangeFilter): Change[] {
  const node = requireTracked('changesOf', target);
  return select(entriesOf(node), checkFilter('changesOf', filter));
}

export function lastChange(target: object): Change | undefined {
  const entries = entriesOf(requireTracked('lastChange', target));
  const e = entries[entries.length - 1];
  return e === undefined ? undefined : materialize(e.c, e.i);
}

/** Changes of `target` after `mark`: a Change, a seq number or a Date. */
export function changesSince(target: object, mark: Mark): Change[] {
  const node = requireTracked('changesSince', target);
  checkMark('changesSince', 'mark', mark);
  return select(entriesOf(node), { since: mark });
}

/** The global log, bounded by `configure({ historyLimit })` (default 10,000); oldest dropped first. */
export const history = {
  changes(filter?: ChangeFilter): Change[] {
    return select(scan(global.log, visibleStart()), checkFilter('history.changes', filter));
  },
  get size(): number {
    return global.log.size - visibleStart();
  },
  get limit(): number {
    return config.historyLimit;
  },
  clear(): void {
    drainCursors(); // exporters read what they have not read yet first
    global.log.clear();
  },
};
