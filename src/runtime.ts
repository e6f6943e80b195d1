/**
 * statetrail/runtime — the only module that instrumented code imports.
 *
 * Contract with the transformer (transformer/ generates calls to exactly these):
 *
 * - `pending`, `at`, `done` — an assignment to a member keeps its own form, with the right-hand side
 *   wrapped: `done(obj[key()] = at(7, rhs()))`. `at` stores the site id in `pending.s` once base, key
 *   and right-hand side are evaluated, right before the write; `done` stores 0 after it. Both return
 *   their argument, so the expression keeps its value and its static type (TypeScript still narrows
 *   `obj.k` after it). Updates and `delete` evaluate into temporaries and store `pending.s` directly:
 *     `(_a = obj, _k = key(), _o = _a[_k], _r = _o++, pending.s = 7, _a[_k] = _o, pending.s = 0, _r)`
 *   The first change the core records while the site is set takes it (and clears it): the write's
 *   own change, or, when the target is untracked and its setter or Proxy trap writes a tracked object,
 *   that write (caused by this line). A write that records nothing leaves no site behind. Cost for
 *   untracked writes: two small-integer stores (no pointer store, so no GC write barrier).
 * - `sites(file, table)` — registers a file's sites once, at module top level; returns the id of
 *   table[0]; the id of table[i] is that + i. Ids are > 0. `file` is relative to the project root.
 * - `variables(file, names)` — one holder object per instrumented `let`/`var` binding; label = name.
 * - `assigned(holder, old, value, site)` — records a variable reassignment (path []).
 * - `trackClass(C)` — option `classes`: marks C tracked in place (identity, name, statics kept). The mark
 *   alone cannot see field definitions (no hook exists for them in place), so instrumented code also
 *   calls `trackInstance(this, C, new.target)` at the end of C's constructor (every normal exit; a
 *   synthesised constructor for classes without one): the instance is then tracked as with `@tracked`,
 *   unless a tracked subclass's constructor will finish it. The instance stays a plain object; see
 *   docs/transformer.md ("How `classes` works").
 * - `atKey`, `doneKey`, `atCall`, `doneCall` — the write forms when the transformer has `classes` on: as
 *   `at`/`done`, with the target and key (`o.k = atKey(site, o, 'k', v)`, `doneKey(...)` after it), or
 *   the receiver of a mutating call (`(_r = o.items).push(atCall(site, _r, x))`). A `classes` instance
 *   and the plain objects its fields hold have no setter or trap of their own: these record the write
 *   once it has happened. Until a first such instance exists they cost one flag check more than `at`.
 * - `key` — a computed key in those forms, `o[_k = key(o, k)] = atKey(site, o, _k, v)`: an object key is
 *   wrapped so that the runtime's conversion and the write's are one (tracking/keys.ts).
 * - `atAssign`, `doneAssign` — `Object.assign` in that form: `doneAssign(Object.assign((_r = o), a,
 *   atAssign(site, _r, b)))`; each own property of an owned target the call added or changed is recorded.
 *
 * Instrumented scripts (files without import/export) cannot import: they read this module from
 * `globalThis[Symbol.for('statetrail.runtime')]`, which loading it sets (first copy wins).
 * Names, global symbol and the `Runtime` type: runtime-contract.ts (the transformer reads them there).
 */
import { expectString, typeError } from './errors';
import { HAS_OLD, NO_KEY, OP_SET } from './history/change';
import { registerSites } from './history/sites';
import { RUNTIME_GLOBAL, type Runtime, type VariableHolder } from './runtime-contract';
import { safeStringify } from './serialize/json';
import { trackClass, trackInstance } from './tracking/instances';
import { key } from './tracking/keys';
import { KIND_VARIABLE, makeRoot, Node, nodeOf, register } from './tracking/node';
import {
  afterAssign,
  afterCall,
  afterKeyed,
  assignCaptured,
  beforeAssign,
  beforeCall,
  beforeKeyed,
  callCaptured,
  capturing,
  keyed,
  retained,
} from './tracking/owned';
import { pending, record } from './tracking/record';
import { previews } from './tracking/snapshot';

export type { Runtime, VariableHolder };
export { key, pending, registerSites as sites, trackClass, trackInstance };

/**
 * `at` and `done` close over `pending` as a const of their factory: optimised code embeds such a
 * const once it knows the function, even inlined into another module's loop. A module binding
 * (imported, exported, or a bundler's top-level `var`) is loaded on every call instead.
 */
function siteMarkers(slot: { s: number }) {
  const p = slot;
  return {
    at<T>(site: number, value: T): T {
      p.s = site;
      return value;
    },
    done<T>(value: T): T {
      p.s = 0;
      return value;
    },
  };
}

export const { at, done } = siteMarkers(pending);

// recorded copies cut at maxValueBytes preview the serializer's JSON (tracking/ cannot import it)
previews.json = (value) => safeStringify(value, { maxBytes: Number.MAX_SAFE_INTEGER });

/**
 * The keyed write forms of option `classes`, closures of a factory like `at`/`done`: `pending`, the
 * `keyed` flag and the owned.ts functions are consts here, so a loop of keyed writes to untracked
 * objects loads no module binding (bench/transformer-writes.ts, `keyed-idle` and `keyed`). Written
 * out, not made by one helper: closures of one function literal share its feedback, which would turn
 * polymorphic across the three forms.
 */
function keyedMarkers(slot: { s: number }, flag: { on: boolean }) {
  const p = slot;
  const k = flag;
  const beforeKey = beforeKeyed;
  const afterKey = afterKeyed;
  const captured = capturing;
  const beforeCallOn = beforeCall;
  const afterCallOn = afterCall;
  const calling = callCaptured;
  const beforeMerge = beforeAssign;
  const afterMerge = afterAssign;
  const merging = assignCaptured;
  return {
    atKey<T>(site: number, target: unknown, key: unknown, value: T): T {
      p.s = site;
      if (k.on) beforeKey(target, key, value);
      return value;
    },
    doneKey<T>(value: T): T {
      if (captured()) afterKey();
      p.s = 0;
      return value;
    },
    atCall<T>(site: number, receiver: unknown, value: T): T {
      p.s = site;
      if (k.on) beforeCallOn(receiver);
      return value;
    },
    doneCall<T>(value: T): T {
      if (calling()) afterCallOn();
      p.s = 0;
      return value;
    },
    atAssign<T>(site: number, target: unknown, value: T): T {
      p.s = site;
      if (k.on) beforeMerge(target);
      return value;
    },
    doneAssign<T>(value: T): T {
      if (merging()) afterMerge();
      p.s = 0;
      return value;
    },
  };
}

export const { atKey, doneKey, atCall, doneCall, atAssign, doneAssign } = keyedMarkers(pending, keyed);

export function variables(file: string, names: readonly string[]): VariableHolder[] {
  expectString('variables', 'file', file);
  if (!Array.isArray(names)) throw typeError('variables', 'names', 'an array of names', names);
  return names.map((name) => {
    const holder: VariableHolder = Object.freeze({ file, name });
    const node = new Node(holder, holder, KIND_VARIABLE);
    register(node);
    makeRoot(node, name, null);
    return holder;
  });
}

export function assigned(holder: VariableHolder, old: unknown, value: unknown, site: number): void {
  const node = nodeOf(holder);
  if (node === undefined || node.kind !== KIND_VARIABLE) {
    throw typeError('assigned', 'holder', 'a holder from variables()', holder);
  }
  if (Object.is(old, value)) return;
  pending.s = site;
  record(node, OP_SET | HAS_OLD, NO_KEY, retained(value, node), retained(old, node));
}

const runtime: Runtime = Object.freeze({
  pending,
  at,
  done,
  sites: registerSites,
  variables,
  assigned,
  trackClass,
  trackInstance,
  atKey,
  key,
  doneKey,
  atCall,
  doneCall,
  atAssign,
  doneAssign,
});
(globalThis as Record<symbol, unknown>)[Symbol.for(RUNTIME_GLOBAL)] ??= runtime;
