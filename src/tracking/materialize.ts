/** How log entries become Change objects when read: built once per entry, then cached in the log. */
import { type Change, Extras, HAS_AUX, HAS_OLD, NO_KEY, OPS } from '../history/change';
import { auxOf, type Chunk, siteOf } from '../history/log';
import { siteAt } from '../history/sites';
import { type Origin, pathOf } from './node';

/** The Change at offset `i` of chunk `c`, built once and cached in place of its extras. */
export function materialize(c: Chunk, i: number): Change {
  const aux = auxOf(c, i);
  if (aux !== undefined && !(aux instanceof Extras)) return aux as Change;
  const origin = c.origin[i] as Origin;
  const { pos, frame } = origin;
  const code = c.op[i]!;
  const op = OPS[code & 7]!;
  const key = c.key[i];
  const change: {
    -readonly [K in keyof Change]: Change[K];
  } = {
    seq: c.seq[i]!,
    time: c.time[i]!,
    target: pos.root.proxy,
    label: pos.root.label,
    path: key === NO_KEY ? pos.path : pathOf(pos, key),
    op,
  };
  if (op === 'set' || op === 'add' || op === 'splice') change.value = c.value[i];
  if (code & HAS_OLD) change.old = c.old[i];
  if (aux instanceof Extras) {
    if (aux.index !== undefined) change.index = aux.index;
    if (aux.removed !== undefined) change.removed = aux.removed;
    if (aux.stack !== undefined) change.stack = aux.stack;
    if (aux.before !== undefined) change.before = aux.before;
    if (aux.after !== undefined) change.after = aux.after;
  }
  if (frame !== undefined) {
    if (frame.actor !== undefined) change.actor = frame.actor;
    if (frame.context !== undefined) change.context = frame.context;
    if (frame.tx !== undefined) change.tx = frame.tx;
    if (frame.trace !== undefined) change.trace = frame.trace;
  }
  const site = siteOf(code);
  if (site !== 0) change.site = siteAt(site);
  // Shared by every reader and observer, typed readonly but not frozen: freezing the object and its
  // path cost ~250 ns per observed change on the CI machine kind (npm run bench -- --only=write).
  c.aux[i] = change;
  c.op[i] = code | HAS_AUX;
  return change;
}
