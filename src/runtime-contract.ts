/**
 * The contract between instrumented code and statetrail/runtime, written once: runtime.ts implements
 * it, the transformer generates calls to exactly these names and derives the scripts' do-nothing
 * fallback from `RUNTIME_EXPORTS`. No imports: the transformer reads this file without loading the
 * runtime.
 */

/** The module instrumented ES modules (and CommonJS output) import. */
export const RUNTIME_MODULE = 'statetrail/runtime';
/** `Symbol.for(RUNTIME_GLOBAL)` on globalThis: how instrumented scripts find the loaded runtime. */
export const RUNTIME_GLOBAL = 'statetrail.runtime';

/**
 * The site of the instrumented write being executed: set right before it, 0 again right after it.
 * The first change recorded meanwhile takes it (and sets it to 0). A small integer, never a pointer:
 * a write to an untracked object then costs two stores without a write barrier.
 */
export interface Pending {
  s: number;
}

/** A variable's stand-in in change records: `target` of its changes, labelled with its name. */
export interface VariableHolder {
  readonly file: string;
  readonly name: string;
}

export interface Runtime {
  readonly pending: Pending;
  /** `o.k = at(site, rhs)`: sets `pending.s` once the right-hand side is evaluated; returns it (typed). */
  at<T>(site: number, value: T): T;
  /** `done(o.k = …)`: clears `pending.s` after the write; returns the write's value (typed). */
  done<T>(value: T): T;
  /** Registers a file's site table `[line, column, code][]`; returns the id of its first row (> 0). */
  sites(file: string, table: ReadonlyArray<readonly [number, number, string]>): number;
  /** One holder per instrumented `let`/`var` binding. */
  variables(file: string, names: readonly string[]): VariableHolder[];
  /** Records a variable reassignment. */
  assigned(holder: VariableHolder, old: unknown, value: unknown, site: number): void;
  /** Option `classes`: marks C tracked in place; `finishes`: C's constructor calls trackInstance. */
  trackClass(ctor: Function, finishes?: boolean): void;
  /** Option `classes`: finishes an instance at every normal exit of C's constructor. */
  trackInstance(instance: object, cls: Function, newTarget: Function): void;
  /** `o.k = atKey(site, o, 'k', v)` (option `classes`): `at` with the write's target and key. */
  atKey<T>(site: number, target: unknown, key: unknown, value: T): T;
  /**
   * `o[_k = key(o, k)] = atKey(site, o, _k, v)` (option `classes`, a computed key): an object key
   * wrapped, so that it is converted once (tracking/keys.ts); typed as the key itself.
   */
  key<K>(target: unknown, key: K): K;
  /** `doneKey(o.k = …)`: records the keyed write if its target is a `classes` instance or owned by one. */
  doneKey<T>(value: T): T;
  /** `(_r = o.items).push(atCall(site, _r, x))` (option `classes`): `at` with the call's receiver. */
  atCall<T>(site: number, receiver: unknown, value: T): T;
  /** `doneCall(…push(…))`: records what the call changed in an owned array, Map or Set. */
  doneCall<T>(value: T): T;
  /** `Object.assign((_r = o), a, atAssign(site, _r, b))` (option `classes`): `at` with the target. */
  atAssign<T>(site: number, target: unknown, value: T): T;
  /** `doneAssign(Object.assign(…))`: records each property the call wrote to an owned object. */
  doneAssign<T>(value: T): T;
}

/**
 * Every member of `Runtime`, with what the do-nothing fallback of an instrumented script (runtime not
 * loaded) holds there: `object` an empty object, `zero` a function returning 0, `array` a function
 * returning [], `nothing` a function returning undefined, `first` / `second` a function returning its
 * first / second argument, `fourth` / `third` a function returning its fourth / third argument. Typed so that a member added to `Runtime`
 * without an entry here does not compile.
 */
export const RUNTIME_EXPORTS: {
  readonly [K in keyof Runtime]:
    | 'object'
    | 'zero'
    | 'array'
    | 'nothing'
    | 'first'
    | 'second'
    | 'third'
    | 'fourth';
} = {
  pending: 'object',
  at: 'second',
  done: 'first',
  sites: 'zero',
  variables: 'array',
  assigned: 'nothing',
  trackClass: 'nothing',
  trackInstance: 'nothing',
  atKey: 'fourth',
  key: 'second',
  doneKey: 'first',
  atCall: 'third',
  doneCall: 'first',
  atAssign: 'third',
  doneAssign: 'first',
};
