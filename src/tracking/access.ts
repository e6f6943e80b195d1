/**
 * The hook race detection (src/causal/) hangs on tracked reads and writes. Off, every tracked read
 * and write pays one property load and branch (`access.on`); the detector sets the functions and
 * the flag when `configure({ races: true })` or `detectRaces()` turns it on.
 */
import type { Node } from './node';

export interface AccessHook {
  on: boolean;
  /** A read of slot `key` of `node` (NO_KEY: a collection's size) that returned `value`. */
  read: (node: Node, key: unknown, value: unknown) => void;
  /** A recorded write; arguments as record() got them. */
  write: (node: Node, op: number, key: unknown, value: unknown, old: unknown) => void;
}

const off = (): void => {};

export const access: AccessHook = { on: false, read: off, write: off };
