/** The Change record (DESIGN.md) and how log entries become Change objects when read. */
import type { Trace, Transaction } from '../context/scope';
import { KIND_ARRAY, type Origin } from '../tracking/node';
import type { Chunk } from './log';
import { type Site, siteAt } from './sites';

export type Op = 'set' | 'delete' | 'add' | 'clear' | 'splice';

export interface Change {
  /** Process-wide, strictly increasing, never reused. */
  readonly seq: number;
  /** Milliseconds since the epoch (with fraction). */
  readonly time: number;
  /** The tracked root object (for track() proxies: the proxy). */
  readonly target: object;
  readonly label: string;
  /** Root -> changed slot: ["items", 2, "qty"]; Map keys and Set elements appear as themselves. */
  readonly path: readonly unknown[];
  readonly op: Op;
  /** New value (set, add); for splice: the inserted items. */
  readonly value?: unknown;
  /** Previous value when known; absent for a new key. */
  readonly old?: unknown;
  readonly index?: number;
  readonly removed?: readonly unknown[];
  readonly actor?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly tx?: Transaction;
  readonly trace?: Trace;
  readonly site?: Site;
  readonly stack?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export const OP_SET = 0;
export const OP_DELETE = 1;
export const OP_ADD = 2;
export const OP_CLEAR = 3;
export const OP_SPLICE = 4;
/** Or'ed into the op code when `old` is known. */
export const HAS_OLD = 8;
const OPS: readonly Op[] = ['set', 'delete', 'add', 'clear', 'splice'];

/** The key column's value for changes of a whole collection or a variable (no slot). */
export const NO_KEY: unique symbol = Symbol('statetrail.noKey');

/** Rare per-change details, kept out of the columns. */
export class Extras {
  index?: number;
  removed?: readonly unknown[];
  stack?: string;
  before?: unknown;
  after?: unknown;
}

export function opName(code: number): Op {
  return OPS[code & 7]!;
}

function pathKey(kind: number, key: unknown): unknown {
  // Proxy traps see array indices as strings; the record shows them as numbers.
  if (kind === KIND_ARRAY && typeof key === 'string') {
    const n = Number(key);
    if (Number.isInteger(n) && n >= 0 && String(n) === key) return n;
  }
  return key;
}

/** The Change at offset `i` of chunk `c`, built once and cached in place of its extras. */
export function materialize(c: Chunk, i: number): Change {
  const aux = c.aux[i];
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
    path: key === NO_KEY ? pos.path : [...pos.path, pathKey(pos.node.kind, key)],
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
  const site = c.site[i]!;
  if (site !== 0) change.site = siteAt(site);
  // Shared by every reader and observer, typed readonly but not frozen: freezing the object and its
  // path cost ~250 ns per observed change on the CI machine kind (npm run bench -- --only=write).
  c.aux[i] = change;
  return change;
}
