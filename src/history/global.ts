/**
 * The process-wide history: one bounded ChangeLog and the seq counter.
 *
 * The ring holds max(historyLimit, crumbs limit) entries so that crumbs, which read recent
 * changes from here, never miss one; queries see only the newest `historyLimit`.
 */
import { config, onConfigure } from '../config';
import { ChangeLog } from './log';

export const global = { log: new ChangeLog(config.historyLimit), lastSeq: 0 };

let floor = 0;

function resize(): void {
  const capacity = Math.max(config.historyLimit, floor);
  if (capacity !== global.log.limit) global.log = global.log.resized(capacity);
}

onConfigure(resize);

/** Keeps at least `n` recent changes in the ring, whatever the history limit. */
export function retainAtLeast(n: number): void {
  floor = n;
  resize();
}

/** Logical index of the oldest entry visible to history queries. */
export function visibleStart(): number {
  return Math.max(0, global.log.size - config.historyLimit);
}
