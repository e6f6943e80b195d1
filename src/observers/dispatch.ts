/**
 * Delivery of changes to observers. Nothing here runs unless someone listens: record() checks
 * `watchers.count` first. An observer that throws never breaks the write nor other observers.
 */
import { config } from '../config';
import { typeError } from '../errors';
import { type Change, materialize } from '../history/change';
import { global } from '../history/global';
import { ancestors, type Node, nodeOf } from '../tracking/node';
import { type ChangeFilter, checkFilter, matches } from './filter';

/** An object that receives changes: a ChangeCollector, an exporter, or your own. */
export interface ChangeObserver {
  onChange(change: Change): void;
  flush?(): unknown;
  shutdown?(): unknown;
}

export type Observer = ((change: Change) => void) | ChangeObserver;

interface Subscription {
  readonly observer: Observer;
  readonly filter: ChangeFilter | undefined;
}

export const watchers = { count: 0 };
let subscriptions: readonly Subscription[] = [];
let nodeObservers = 0;

export function checkObserver(fn: string, observer: unknown): asserts observer is Observer {
  const ok =
    typeof observer === 'function' ||
    (typeof observer === 'object' &&
      observer !== null &&
      typeof (observer as ChangeObserver).onChange === 'function');
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

/** Called by record() after a change was appended to the global log. */
export function notify(node: Node): void {
  const log = global.log;
  const { c, i } = log.locate(log.size - 1);
  const change = materialize(c, i);
  for (const s of subscriptions) if (matches(change, s.filter)) deliver(s.observer, change);
  if (nodeObservers !== 0) {
    ancestors(node, (n) => {
      if (n.observers !== null) for (const o of n.observers) deliver(o as Observer, change);
    });
  }
}

/** Every change, optionally filtered; returns an unsubscribe function. */
export function subscribe(observer: Observer, filter?: ChangeFilter): () => void {
  checkObserver('subscribe', observer);
  const entry = { observer, filter: checkFilter('subscribe', filter) };
  subscriptions = [...subscriptions, entry];
  watchers.count++;
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    subscriptions = subscriptions.filter((s) => s !== entry);
    watchers.count--;
  };
}

/** Changes of one tracked object and everything under it; returns an unsubscribe function. */
export function observe(target: object, observer: Observer): () => void {
  const node = nodeOf(target);
  if (node === undefined) {
    throw typeError('observe', 'target', 'a tracked object (from track() or a @tracked class)', target);
  }
  checkObserver('observe', observer);
  // A Set per node; observing twice with the same function delivers once.
  const set = (node.observers ??= new Set());
  if (set.has(observer)) return () => {};
  set.add(observer);
  nodeObservers++;
  watchers.count++;
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    set.delete(observer);
    nodeObservers--;
    watchers.count--;
  };
}
