/**
 * Delivery of changes to observers. Nothing here runs unless someone listens: record() checks
 * `watchers.count` first. An observer that throws never breaks the write nor other observers.
 */
import { config } from '../config';
import { readArg, typeError } from '../errors';
import type { Change } from '../history/change';
import { type ChangeFilter, checkFilter, matches } from '../history/filter';
import { global } from '../history/global';
import type { Chunk } from '../history/log';
import { changeAt } from './materialize';
import { ancestors, type Node, nodeOf } from './node';

/** An object that receives changes: a ChangeCollector, an exporter, or your own. */
export interface ChangeObserver {
  onChange(change: Change): void;
  /** Awaited at exit and by loadObservers; statetrail's own observers always return a Promise. */
  flush?(): Promise<void> | void;
  shutdown?(): Promise<void> | void;
}

export type Observer = ((change: Change) => void) | ChangeObserver;

interface Subscription {
  readonly observer: Observer;
  readonly filter: ChangeFilter | undefined;
}

/**
 * The fast path for exporters (src/export/): an observer object with a method under this key,
 * subscribed without a filter, is handed the log slot of each change (chunk and offset) and
 * encodes it from the columns, so no Change object is built for it. Materialising a Change
 * costs ~500 ns (object, frozen path copy, freeze); a JSON line from the columns ~150 ns.
 */
export const ON_RECORD: unique symbol = Symbol.for('statetrail.onRecord');

/** See RecordObserver[ATTACH]. */
export const ATTACH: unique symbol = Symbol.for('statetrail.attach');

export interface RecordObserver extends ChangeObserver {
  [ON_RECORD](chunk: Chunk, offset: number): void;
  /**
   * Exporters read the log in batches through a cursor (history/cursor.ts) instead: subscribed
   * without a filter, this is called and what it returns is the unsubscribe function. Returning
   * undefined falls back to ON_RECORD per change.
   */
  [ATTACH]?(): (() => void) | undefined;
}

export const watchers = { count: 0 };
let subscriptions: readonly Subscription[] = [];
let recorders: readonly RecordObserver[] = [];
let nodeObservers = 0;

export function checkObserver(fn: string, observer: unknown): asserts observer is Observer {
  const ok =
    typeof observer === 'function' ||
    (typeof observer === 'object' &&
      observer !== null &&
      readArg(fn, 'observer', () => typeof (observer as ChangeObserver).onChange === 'function'));
  if (!ok)
    throw typeError(fn, 'observer', 'a function of one Change or an object with onChange(change)', observer);
}

const reported = new WeakSet<object>();

function report(error: unknown, observer: Observer, change: Change): void {
  const handler = config.onObserverError;
  if (handler !== undefined) {
    try {
      handler(error, { observer, change });
    } catch {
      // the handler of last resort must not break the write either
    }
    return;
  }
  if (reported.has(observer)) return;
  reported.add(observer);
  console.error('statetrail: an observer threw; its later errors are not printed again:', error);
}

export function deliver(observer: Observer, change: Change): void {
  try {
    if (typeof observer === 'function') observer(change);
    else observer.onChange(change);
  } catch (error) {
    report(error, observer, change);
  }
}

/** Whether the subscription's filter matches, inside the isolation: a filter error is the observer's. */
function wants(s: Subscription, change: Change): boolean {
  try {
    return matches(change, s.filter);
  } catch (error) {
    report(error, s.observer, change);
    return false;
  }
}

/** Called by record() after a change was appended to the global log. */
export function notify(node: Node): void {
  const c = global.log.newestChunk();
  const i = global.log.newestOffset();
  for (const r of recorders) {
    try {
      r[ON_RECORD](c, i);
    } catch (error) {
      report(error, r, changeAt(c, i));
    }
  }
  if (subscriptions.length === 0 && nodeObservers === 0) return;
  const change = changeAt(c, i);
  for (const s of subscriptions) if (wants(s, change)) deliver(s.observer, change);
  if (nodeObservers !== 0) ancestors(node, deliverToObservers, change);
}

function deliverToObservers(n: Node, change: Change): void {
  const list = n.observers;
  if (list !== null) for (let k = 0; k < list.length; k++) deliver(list[k] as Observer, change);
}

/** Counts a new listener and returns its unsubscribe function, which undoes `remove` once. */
function listening(remove: () => void): () => void {
  watchers.count++;
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    remove();
    watchers.count--;
  };
}

/** Every change, optionally filtered; returns an unsubscribe function. */
export function subscribe(observer: Observer, filter?: ChangeFilter): () => void {
  checkObserver('subscribe', observer);
  const checked = checkFilter('subscribe', filter);
  const detach = checked === undefined ? (observer as Partial<RecordObserver>)[ATTACH]?.() : undefined;
  if (typeof detach === 'function') return detach;
  if (checked === undefined && typeof (observer as Partial<RecordObserver>)[ON_RECORD] === 'function') {
    const recorder = observer as RecordObserver;
    recorders = [...recorders, recorder];
    return listening(() => {
      recorders = recorders.filter((r) => r !== recorder);
    });
  }
  const entry = { observer, filter: checked };
  subscriptions = [...subscriptions, entry];
  return listening(() => {
    subscriptions = subscriptions.filter((s) => s !== entry);
  });
}

/** Changes of one tracked object and everything under it; returns an unsubscribe function. */
export function observe(target: object, observer: Observer): () => void {
  const node = nodeOf(target);
  if (node === undefined) {
    throw typeError('observe', 'target', 'a tracked object (from track() or a @tracked class)', target);
  }
  checkObserver('observe', observer);
  // Observing twice with the same function delivers once. The list is replaced, not changed, so a
  // delivery in progress finishes over the observers it started with; an array iterates without
  // allocating (a Set's iterator did, per change).
  if (node.observers?.includes(observer)) return () => {};
  node.observers = [...(node.observers ?? []), observer];
  nodeObservers++;
  return listening(() => {
    const rest = node.observers!.filter((o) => o !== observer);
    node.observers = rest.length === 0 ? null : rest;
    nodeObservers--;
  });
}
