/**
 * Happens-before for async code: every run of an async callback (a promise continuation, timer,
 * setImmediate, nextTick, I/O callback) is an Event, ordered after the event that scheduled it
 * and, for a promise continuation, after the event that resolved the awaited promise. A and B
 * are ordered when A is reachable from B through those edges (NodeRT's async call tree plus
 * resolve edges; NACD and NodeRacer order events the same way).
 *
 * Built on async_hooks rather than AsyncLocalStorage: a store only propagates, so the two
 * branches of a Promise.all would share one identity; `before` gives each callback its own.
 * Only installed while race detection is on (bench/causal.ts measures what it costs per await).
 *
 * Memory stays bounded: events live in generations of GENERATION events; when a new generation
 * starts, the events two generations back lose their parent links, so the graph behind them can
 * be collected. An access that old is treated as ordered (too old to tell: no report).
 */
import type { AsyncHook } from 'node:async_hooks';
import { AgedMap } from './aged';

export class Event {
  readonly id: number;
  readonly gen: number;
  parents: Event[];
  /** The last query that visited this event (reachability search without a Set per query). */
  mark = 0;
  constructor(parents: Event[]) {
    this.id = ++lastId;
    this.gen = generation;
    this.parents = parents;
  }
}

const GENERATION = 50_000;
/** Beyond this many visited events a search gives up and answers "ordered" (no false report). */
const SEARCH_LIMIT = 20_000;

let lastId = 0;
let generation = 0;
let thisGen: Event[] = [];
let lastGen: Event[] = [];

export const root = new Event([]);
let current: Event = root;

export function currentEvent(): Event {
  return current;
}

function newEvent(parents: Event[]): Event {
  if (thisGen.length >= GENERATION) {
    for (const e of lastGen) e.parents = [];
    lastGen = thisGen;
    thisGen = [];
    generation++;
  }
  const e = new Event(parents);
  thisGen.push(e);
  return e;
}

/**
 * Orders what the current callback does from here on after `events` as well (a lock handed over,
 * the inputs of a Promise.all, a response received): a new event with both as parents, so every
 * parent stays older than its child (the search below relies on it).
 */
export function joinCurrent(events: readonly (Event | undefined)[]): void {
  const parents = [current];
  for (const e of events) if (e !== undefined && e !== current) parents.push(e);
  if (parents.length > 1) current = newEvent(parents);
}

/** A fresh event ordered after all of `parents`, to hand over as one (e.g. the requests that ended). */
export function joinOf(parents: Event[]): Event {
  return newEvent(parents);
}

let query = 0;

/** Is `a` ordered before (or the same as) `b`? */
export function ordered(a: Event, b: Event): boolean {
  if (a === b) return true;
  if (a.id > b.id) return false;
  if (a.gen < generation - 1) return true;
  const mark = ++query;
  const stack = [b];
  let visited = 0;
  while (stack.length > 0) {
    const e = stack.pop()!;
    for (const p of e.parents) {
      if (p === a) return true;
      if (p.mark === mark || p.id < a.id) continue;
      p.mark = mark;
      if (++visited > SEARCH_LIMIT) return true;
      stack.push(p);
    }
  }
  return false;
}

const CAUSE = Symbol('statetrail.cause');
/** Who resolved each promise, by async id, for the continuations that await it (oldest dropped). */
const resolvers = new AgedMap<number, Event>(100_000);
/** The promise each promise continuation waits for (its trigger), by async id. */
const triggers = new AgedMap<number, number>(100_000);
const stack: Event[] = [];

const hooks = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => any } }
).process?.getBuiltinModule?.('node:async_hooks') as typeof import('node:async_hooks') | undefined;

/** Loaded through getBuiltinModule, like scope.ts: importing statetrail stays free of node: imports. */
const hook: AsyncHook | undefined = hooks?.createHook({
  init(id, type, trigger, resource: any) {
    resource[CAUSE] = current;
    if (type === 'PROMISE') {
      triggers.set(id, trigger);
    }
  },
  before(id) {
    const resource = hooks!.executionAsyncResource() as any;
    const cause: Event = resource?.[CAUSE] ?? root;
    const parents = [cause];
    const trigger = triggers.get(id);
    if (trigger !== undefined) {
      triggers.delete(id);
      const resolver = resolvers.get(trigger);
      if (resolver !== undefined && resolver !== cause) parents.push(resolver);
    }
    stack.push(current);
    current = newEvent(parents);
  },
  after() {
    current = stack.pop() ?? root;
  },
  promiseResolve(id) {
    resolvers.set(id, current);
  },
});

/**
 * Promise.all / allSettled settle in the reaction of the last input: natively only that input's
 * resolver would order the continuation. These wrappers order it after every input.
 */
const nativeAll = Promise.all;
const nativeAllSettled = Promise.allSettled;

function joining<T>(native: (values: Iterable<unknown>) => Promise<T>, settled: boolean) {
  return function (this: PromiseConstructor, values: Iterable<unknown>): Promise<T> {
    if (this !== Promise) return native.call(this, values);
    const ends: Event[] = [];
    const note = (v: unknown) => {
      ends.push(current);
      return v;
    };
    const noteError = (e: unknown) => {
      ends.push(current);
      throw e;
    };
    const items = Array.from(values, (v) => Promise.resolve(v).then(note, settled ? noteError : undefined));
    return native.call(Promise, items).then((result) => {
      joinCurrent(ends);
      return result;
    });
  };
}

let users = 0;

/** Starts (refcounted) the async graph; stop() undoes one start. */
export function start(): void {
  if (hook === undefined) throw new Error('statetrail: race detection needs Node.js (node:async_hooks)');
  if (users++ > 0) return;
  current = root;
  hook.enable();
  Promise.all = joining(nativeAll, false) as typeof Promise.all;
  Promise.allSettled = joining(nativeAllSettled, true) as typeof Promise.allSettled;
}

export function stop(): void {
  if (users === 0 || --users > 0) return;
  hook!.disable();
  Promise.all = nativeAll;
  Promise.allSettled = nativeAllSettled;
  resolvers.clear();
  triggers.clear();
  thisGen = [];
  lastGen = [];
  generation += 2; // every event from this run now counts as too old to search
}

export function running(): boolean {
  return users > 0;
}
