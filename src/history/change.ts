/** The Change record (DESIGN.md) and the op codes of the change log's columns. */
import type { Trace, Transaction } from '../context/scope';
import type { Site } from './sites';

/** Op names by code (`code & 7`): the one table of ops. */
export const OPS = ['set', 'delete', 'add', 'clear', 'splice'] as const;
export type Op = (typeof OPS)[number];

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
/** Or'ed into a log entry's code when its `aux` slot holds extras or the cached Change (log.ts). */
export const HAS_AUX = 16;
/** A log entry's code holds the site id above these bits. */
export const SITE_SHIFT = 5;

/** The code of a log entry: op (with HAS_OLD) and site id in one integer. */
export function codeOf(op: number, site: number): number {
  return op | (site << SITE_SHIFT);
}

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
