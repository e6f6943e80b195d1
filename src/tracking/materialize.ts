/** How log entries become Change objects: cached in the log for readers, built afresh for observers. */
import { type Change, Extras, HAS_AUX, HAS_OLD, NO_KEY, OPS } from '../history/change';
import { auxOf, type Chunk, siteOf } from '../history/log';
import { siteAt } from '../history/sites';
import { type Origin, pathOf } from './node';

/**
 * The Change at offset `i` of chunk `c` for a reader (history, lastChange, revert, crash reports):
 * built once and cached in place of its extras, so reading an entry twice returns one object.
 */
export function materialize(c: Chunk, i: number): Change {
  const cached = cachedAt(c, i);
  if (cached !== undefined) return cached;
  const change = buildChange(c, i);
  c.aux[i] = change;
  c.op[i] = c.op[i]! | HAS_AUX;
  return change;
}

/**
 * The Change at offset `i` for delivery to observers: the cached one if a reader built it, else a
 * new one that is not kept. Caching at delivery kept every observed Change alive in the ring until
 * it wrapped (10,000 entries by default), so none died young: promoted to the old generation, they
 * doubled the cost of an observed write (track() + observe() 210-216 ns cached against 101-106
 * uncached, MobX observe() 95-103 ns, `npm run bench -- --only=track-observe,mobx-object-observe`).
 */
export function changeAt(c: Chunk, i: number): Change {
  return cachedAt(c, i) ?? buildChange(c, i);
}

function cachedAt(c: Chunk, i: number): Change | undefined {
  const aux = auxOf(c, i);
  return aux !== undefined && !(aux instanceof Extras) ? (aux as Change) : undefined;
}

/**
 * The common changes are built by one object literal each with exactly their fields, so a Change is
 * one allocation with its fields in-object: adding `value`, `old` and `actor` to a six-field literal
 * cost a second allocation (the out-of-object property store) per change, and most of an observed
 * write was GC (bench/tools/observe-hotpath.ts). Rarer fields (frame context, site, extras) are added.
 */
function buildChange(c: Chunk, i: number): Change {
  const aux = auxOf(c, i);
  const origin = c.origin[i] as Origin;
  const pos = origin.pos;
  const frame = origin.frame;
  const code = c.op[i]!;
  const op = OPS[code & 7]!;
  const key = c.key[i];
  const seq = c.seq[i]!;
  const time = c.time[i]!;
  const target = pos.root.proxy;
  const label = pos.root.label;
  const path = key === NO_KEY ? pos.path : pathOf(pos, key);
  const withValue = op === 'set' || op === 'add' || op === 'splice';
  const withOld = (code & HAS_OLD) !== 0;
  const actor = frame?.actor;
  const value = c.value[i];
  const old = c.old[i];
  let change: Writable<Change>;
  if (actor !== undefined) {
    if (withValue)
      change = withOld
        ? { seq, time, target, label, path, op, value, old, actor }
        : { seq, time, target, label, path, op, value, actor };
    else
      change = withOld
        ? { seq, time, target, label, path, op, old, actor }
        : { seq, time, target, label, path, op, actor };
  } else if (withValue) {
    change = withOld
      ? { seq, time, target, label, path, op, value, old }
      : { seq, time, target, label, path, op, value };
  } else
    change = withOld ? { seq, time, target, label, path, op, old } : { seq, time, target, label, path, op };
  if (aux instanceof Extras) {
    if (aux.index !== undefined) change.index = aux.index;
    if (aux.removed !== undefined) change.removed = aux.removed;
    if (aux.stack !== undefined) change.stack = aux.stack;
    if (aux.before !== undefined) change.before = aux.before;
    if (aux.after !== undefined) change.after = aux.after;
  }
  if (frame !== undefined) {
    if (frame.context !== undefined) change.context = frame.context;
    if (frame.tx !== undefined) change.tx = frame.tx;
    if (frame.trace !== undefined) change.trace = frame.trace;
  }
  const site = siteOf(code);
  if (site !== 0) change.site = siteAt(site);
  // Shared by every reader (and every observer of one write), typed readonly but not frozen: freezing
  // the object and its path cost ~250 ns per observed change on the CI machine kind.
  return change;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
