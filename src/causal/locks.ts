/**
 * Named async locks: `withLock(name, fn)` and `mutex(name)` serialise sections across awaits, in
 * FIFO order. A release orders the next holder after everything the previous one did, so the
 * race detector sees locked sections as ordered; each acquire and release is a crumb, and
 * `contention()` sums the waits per lock.
 */
import { crumb } from '../crumbs/crumbs';
import { expectFunction, expectString } from '../errors';
import { now } from '../history/clock';
import { currentEvent, type Event, joinCurrent, running } from './events';

export interface Mutex {
  readonly name: string;
  /** Waits for the lock; resolves to the function that releases it (calling it twice is a no-op). */
  acquire(): Promise<() => void>;
  /** Runs `fn` (sync or async) holding the lock; releases it however `fn` ends. */
  run<R>(fn: () => R | Promise<R>): Promise<R>;
}

export interface LockStats {
  readonly name: string;
  readonly acquisitions: number;
  /** Acquisitions that had to wait for another holder. */
  readonly waits: number;
  readonly totalWaitMs: number;
  readonly meanWaitMs: number;
  readonly maxWaitMs: number;
}

interface State {
  held: boolean;
  readonly queue: Array<() => void>;
  /** The event of the last release: the next holder is ordered after it. */
  released: Event | undefined;
  acquisitions: number;
  waits: number;
  totalWait: number;
  maxWait: number;
}

const locks = new Map<string, State>();

function stateOf(name: string): State {
  let s = locks.get(name);
  if (s === undefined) {
    s = { held: false, queue: [], released: undefined, acquisitions: 0, waits: 0, totalWait: 0, maxWait: 0 };
    locks.set(name, s);
  }
  return s;
}

async function acquire(name: string): Promise<() => void> {
  const s = stateOf(name);
  const asked = now();
  if (s.held) {
    s.waits++;
    await new Promise<void>((resume) => s.queue.push(resume));
  }
  s.held = true;
  const waited = now() - asked;
  s.acquisitions++;
  s.totalWait += waited;
  if (waited > s.maxWait) s.maxWait = waited;
  if (running()) joinCurrent([s.released]);
  crumb('lock.acquire', { name, waitMs: waited });
  const since = now();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (running()) s.released = currentEvent();
    crumb('lock.release', { name, heldMs: now() - since });
    const next = s.queue.shift();
    if (next === undefined) s.held = false;
    else next(); // the lock passes straight to the next waiter: nobody can slip in between
  };
}

export function mutex(name: string): Mutex {
  expectString('mutex', 'name', name);
  return {
    name,
    acquire: () => acquire(name),
    run: (fn) => {
      expectFunction('mutex.run', 'fn', fn);
      return runLocked(name, fn);
    },
  };
}

async function runLocked<R>(name: string, fn: () => R | Promise<R>): Promise<R> {
  const release = await acquire(name);
  try {
    return await fn();
  } finally {
    release();
  }
}

/** Runs `fn` (sync or async) holding the lock `name`; resolves to what `fn` returns. */
export function withLock<R>(name: string, fn: () => R | Promise<R>): Promise<R> {
  expectString('withLock', 'name', name);
  expectFunction('withLock', 'fn', fn);
  return runLocked(name, fn);
}

/** Waits per lock since the start (or the last resetContention()), most waited first. */
export function contention(): LockStats[] {
  return [...locks.entries()]
    .map(([name, s]) => ({
      name,
      acquisitions: s.acquisitions,
      waits: s.waits,
      totalWaitMs: s.totalWait,
      meanWaitMs: s.acquisitions === 0 ? 0 : s.totalWait / s.acquisitions,
      maxWaitMs: s.maxWait,
    }))
    .sort((a, b) => b.totalWaitMs - a.totalWaitMs);
}

export function resetContention(): void {
  for (const [name, s] of locks) {
    if (!s.held) locks.delete(name);
    else Object.assign(s, { acquisitions: 0, waits: 0, totalWait: 0, maxWait: 0 });
  }
}
