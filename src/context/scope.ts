/**
 * Who and why: the actor, context values and transaction of the code that makes a change.
 *
 * Frames live in an AsyncLocalStorage under Node, so they follow awaits, timers and promise
 * chains; elsewhere a synchronous stack stands in (async continuations lose the frame there).
 * A frame is immutable and shared by every change made inside it, so recording a change stores
 * one reference.
 *
 * The frame read is cached by `executionAsyncId()` where that is sound: with the async_hooks based
 * AsyncLocalStorage (Node 20 to 23, and later with `--no-async-context-frame`) every callback,
 * timer and promise continuation runs under its own id and keeps its store for its whole run, except
 * where this module itself changes the store (`run`, `enterWith`), which drops the cache. Measured
 * on the CI machine kind (Node 20): `getStore()` inside an active store ~3-6 ns and megamorphic in a
 * real server, the cached read ~1-2 ns (bench scenario `track`, see record.ts).
 */
import { expectFunction, expectString, readArg, typeError } from '../errors';
import { optionalBuiltin } from '../platform';

export interface Transaction {
  readonly id: number;
  readonly name: string;
}

/** W3C trace context ids (lowercase hex: 32 and 16 digits) of the request or span a change happened in. */
export interface Trace {
  readonly traceId: string;
  readonly spanId: string;
}

export interface Frame {
  readonly actor?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly tx?: Transaction;
  readonly trace?: Trace;
}

interface Storage {
  getStore(): Frame | undefined;
  run<R>(frame: Frame, fn: () => R): R;
  enterWith(frame: Frame): void;
}

/** The fallback outside Node: correct for synchronous code only. */
class SyncStorage implements Storage {
  private frame: Frame | undefined;
  getStore(): Frame | undefined {
    return this.frame;
  }
  run<R>(frame: Frame, fn: () => R): R {
    const saved = this.frame;
    this.frame = frame;
    try {
      return fn();
    } finally {
      this.frame = saved;
    }
  }
  enterWith(frame: Frame): void {
    this.frame = frame;
  }
}

const hooks = optionalBuiltin('node:async_hooks');

const storage: Storage = hooks?.AsyncLocalStorage ? new hooks.AsyncLocalStorage() : new SyncStorage();

/** The async_hooks implementation keeps its store on the resource under this own symbol property. */
const keyedById = typeof (storage as { kResourceStore?: unknown }).kResourceStore === 'symbol';
/** Never 0: outside any resource the id is 0 and the cache is not used. */
const executionId: () => number = keyedById ? hooks.executionAsyncId : () => 0;

let cachedId = -1;
let cachedFrame: Frame | undefined;

/** The frame of the running code; the id function is a const of the factory (see record.ts). */
function frameReader(idOf: () => number): () => Frame | undefined {
  const id = idOf;
  return () => {
    const current = id();
    return current === cachedId ? cachedFrame : readFrame(current);
  };
}

export const currentFrame: () => Frame | undefined = frameReader(executionId);

function readFrame(id: number): Frame | undefined {
  const frame = storage.getStore();
  if (id !== 0) {
    cachedId = id;
    cachedFrame = frame;
  }
  return frame;
}

/** `storage.run` with the cache dropped on entry and exit (same execution id, another store). */
function run<R>(frame: Frame, fn: () => R): R {
  cachedId = -1;
  try {
    return storage.run(frame, fn);
  } finally {
    cachedId = -1;
  }
}

function enter(frame: Frame): void {
  cachedId = -1;
  storage.enterWith(frame);
}

/** Runs `fn` as `actor`; the return value or promise of `fn` passes through. */
export function withActor<R>(actor: string, fn: () => R): R {
  expectString('withActor', 'actor', actor);
  expectFunction('withActor', 'fn', fn);
  return run({ ...storage.getStore(), actor }, fn);
}

/** Sets the actor for the rest of the current async context (request middleware). */
export function setActor(actor: string): void {
  expectString('setActor', 'actor', actor);
  enter({ ...storage.getStore(), actor });
}

/** Runs `fn` with `patch` (request middleware: actor, context and trace at once) over the current frame. */
export function withFrame<R>(patch: Omit<Frame, 'tx'>, fn: () => R): R {
  return run({ ...storage.getStore(), ...patch }, fn);
}

export function currentTrace(): Trace | undefined {
  return storage.getStore()?.trace;
}

export function currentActor(): string | undefined {
  return storage.getStore()?.actor;
}

/** Runs `fn` with `values` merged over the enclosing context values. */
export function withContext<R>(values: Record<string, unknown>, fn: () => R): R {
  if (
    typeof values !== 'object' ||
    values === null ||
    readArg('withContext', 'values', () => Array.isArray(values))
  ) {
    throw typeError('withContext', 'values', 'a plain object of context values', values);
  }
  expectFunction('withContext', 'fn', fn);
  const frame = storage.getStore();
  const own = readArg('withContext', 'values', () => ({ ...values }));
  const context = Object.freeze({ ...frame?.context, ...own });
  return run({ ...frame, context }, fn);
}

export function currentContext(): Readonly<Record<string, unknown>> {
  return storage.getStore()?.context ?? EMPTY;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

let lastTx = 0;

/** Groups every change made inside `fn` (sync or async) under one transaction id. */
export function transaction<R>(name: string, fn: () => R): R {
  expectString('transaction', 'name', name);
  expectFunction('transaction', 'fn', fn);
  const tx: Transaction = Object.freeze({ id: ++lastTx, name });
  return run({ ...storage.getStore(), tx }, fn);
}
