/**
 * statetrail/decorators — `@tracked`, `@track`, `@untracked`.
 *
 * A thin front door: each decorator finds out from its arguments which decorator world called it
 * (TC39 standard: `(value, context)`; experimentalDecorators: `(ctor)` or `(prototype, key,
 * descriptor?)`) and hands over to the one implementation in src/tracking/instances.ts.
 */
import { describe } from '../src/errors';
import {
  decoratorError,
  defineTrackedField,
  ensureInfo,
  ensureInstance,
  type TrackedOptions,
  trackedAccessor,
  trackedClass,
  trackOneField,
  UNTRACKED,
  validateTrackedOptions,
} from '../src/tracking/instances';

export type { TrackedOptions } from '../src/tracking/instances';

// Standard decorators hand `context.metadata` only when Symbol.metadata exists (not on Node 20).
// This module is imported before any class that uses it is evaluated, so defining it here is in time.
// Symbol.for('Symbol.metadata') is what esbuild's helpers fall back to, so both agree.
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata');

type Ctor = abstract new (...args: any[]) => object;

interface StandardContext {
  kind: 'class' | 'method' | 'getter' | 'setter' | 'field' | 'accessor';
  name: string | symbol | undefined;
  static?: boolean;
  private?: boolean;
  metadata?: Record<PropertyKey, unknown>;
  addInitializer(fn: (this: any) => void): void;
}

function isStandardContext(value: unknown): value is StandardContext {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StandardContext).kind === 'string' &&
    typeof (value as StandardContext).addInitializer === 'function'
  );
}

/** Standard `@untracked` keys: a Set in the class's `context.metadata` (read by instances.ts). */
function untrackedKeys(metadata: Record<PropertyKey, unknown> | undefined): Set<PropertyKey> | undefined {
  if (metadata === undefined) return undefined;
  if (!Object.hasOwn(metadata, UNTRACKED)) metadata[UNTRACKED] = new Set<PropertyKey>();
  return metadata[UNTRACKED] as Set<PropertyKey>;
}

const keyName = (key: PropertyKey | undefined): string =>
  typeof key === 'symbol' ? key.toString() : String(key);

function className(target: unknown): string {
  const ctor = typeof target === 'function' ? target : (target as { constructor?: Function })?.constructor;
  return ctor?.name || '(anonymous class)';
}

/**
 * "Order.total" — legacy calls know the class; standard member contexts do not name it, so the
 * message points at the class being defined through the first caller frame outside the helpers.
 */
function memberWhere(cls: string | undefined, key: PropertyKey | undefined, isStatic = false): string {
  const member = `${isStatic ? 'static ' : ''}${keyName(key)}`;
  return cls === undefined
    ? `member "${member}" of the class defined at ${definitionSite()}`
    : `${cls}.${member}`;
}

function definitionSite(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  for (const frame of frames) {
    if (
      /decorators[\\/]index|__esDecorate|__decorateElement|__runInitializers|memberWhere|definitionSite/.test(
        frame,
      )
    )
      continue;
    const at = /\(?((?:file:\/\/|\/|[A-Za-z]:\\)[^()]*?:\d+:\d+)\)?\s*$/.exec(frame);
    if (at) return at[1]!;
  }
  return '(unknown location)';
}

// ---- @tracked ----

function decorateClass(target: unknown, context: StandardContext | undefined, options: unknown): any {
  if (context !== undefined && context.kind !== 'class') {
    throw decoratorError(
      '@tracked',
      memberWhere(undefined, context.name, context.static),
      `it decorates classes, not a ${context.kind}`,
      'put @tracked on the class, or @track on this field',
    );
  }
  if (typeof target !== 'function' || target.prototype === undefined) {
    throw decoratorError(
      '@tracked',
      String(describeTarget(target)),
      'it decorates classes only',
      'apply @tracked to a class declaration or expression',
    );
  }
  const name = target.name || '(anonymous class)';
  const checked = validateTrackedOptions(name, options);
  const replacement = trackedClass(target as Ctor, checked);
  // esbuild's lowering defines static fields on the returned class but keeps the class's inner
  // name bound to the original one; class initializers run after static fields, so share them here
  context?.addInitializer(function (this: unknown) {
    if (this === replacement) shareStatics(replacement, target);
  });
  return replacement;
}

/** Own static data properties of `from` move to `to`; `from` keeps accessors to them. */
function shareStatics(from: Function, to: Function): void {
  for (const key of Reflect.ownKeys(from)) {
    if (
      key === 'length' ||
      key === 'name' ||
      key === 'prototype' ||
      key === (Symbol as { metadata?: symbol }).metadata
    )
      continue;
    const d = Object.getOwnPropertyDescriptor(from, key)!;
    if (!('value' in d) || !d.configurable || Object.hasOwn(to, key)) continue;
    Object.defineProperty(to, key, d);
    Object.defineProperty(from, key, {
      get: () => (to as any)[key],
      set: (v: unknown) => {
        (to as any)[key] = v;
      },
      enumerable: d.enumerable,
      configurable: true,
    });
  }
}

function describeTarget(target: unknown): string {
  if (typeof target === 'function') return `function ${target.name || '(anonymous)'} (not a class)`;
  if (typeof target === 'object' && target !== null) return `${className(target)} member`;
  return `${describe(target)} (not a class)`;
}

/**
 * `@tracked` / `@tracked(options)` on a class: every field of every instance is tracked, with
 * the fields of subclasses and those the constructor adds. Options: `{ label, deep,
 * captureStack, captureSnapshots, historyLimit, redact }`; `label(instance)` names instances.
 */
export function tracked<C extends Ctor>(target: C, context?: unknown): C;
export function tracked(options?: TrackedOptions): <C extends Ctor>(target: C, context?: unknown) => C;
export function tracked(...args: unknown[]): any {
  const [first, second] = args;
  if (typeof first === 'function') {
    if (isStandardContext(second)) return decorateClass(first, second, undefined);
    if (args.length === 1) return decorateClass(first, undefined, undefined);
  }
  if (args.length >= 2 && (typeof first === 'object' || typeof first === 'function') && first !== null) {
    // a legacy member decorator call: (prototype, key, descriptor?)
    throw decoratorError(
      '@tracked',
      memberWhere(className(first), second as PropertyKey, typeof first === 'function'),
      'it decorates classes, not members',
      'put @tracked on the class, or @track on this field',
    );
  }
  if (args.length === 2 && isStandardContext(second)) return decorateClass(first, second, undefined);
  if (args.length > 1)
    throw decoratorError('@tracked', 'a non-class', 'it decorates classes only', 'apply @tracked to a class');
  const options = first;
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw decoratorError(
      '@tracked',
      describeTarget(options),
      'it takes a class, or an options object to make a class decorator',
      'write @tracked or @tracked({ label, deep, captureStack, captureSnapshots }) on a class',
    );
  }
  return (target: unknown, context?: unknown) =>
    decorateClass(target, isStandardContext(context) ? context : undefined, options);
}

// ---- @track ----

function standardTrack(value: unknown, context: StandardContext): any {
  const where = memberWhere(undefined, context.name, context.static);
  if (context.static)
    throw decoratorError(
      '@track',
      where,
      'static members are not tracked',
      'track instance fields, or keep the static state in a track()ed object',
    );
  if (context.private)
    throw decoratorError(
      '@track',
      where,
      '#private members cannot be tracked (nothing outside the class can see them)',
      'make the field public, or leave it untracked',
    );
  const key = context.name as PropertyKey;
  switch (context.kind) {
    case 'field':
      context.addInitializer(function (this: object) {
        trackOneField(this, key);
      });
      return undefined;
    case 'accessor': {
      const target = value as { get(this: any): unknown; set(this: any, v: unknown): void };
      const wrapped = trackedAccessor(key, target.get, target.set);
      return {
        get: wrapped.get,
        set: wrapped.set,
        init(this: object, initial: unknown) {
          ensureInstance(this);
          return initial;
        },
      };
    }
    default:
      throw decoratorError(
        '@track',
        where,
        `a ${context.kind} cannot be tracked`,
        'use @track on a field or an `accessor` field (methods are not state)',
      );
  }
}

/** Legacy (experimentalDecorators) @track: (prototype, key, descriptor?). */
function legacyTrack(proto: object, key: PropertyKey, descriptor: PropertyDescriptor | undefined): any {
  const isStatic = typeof proto === 'function';
  const cls = className(proto);
  const where = memberWhere(cls, key, isStatic);
  if (isStatic)
    throw decoratorError(
      '@track',
      where,
      'static members are not tracked',
      'track instance fields, or keep the static state in a track()ed object',
    );
  if (descriptor !== undefined && typeof descriptor === 'object') {
    if (typeof descriptor.value === 'function') {
      throw decoratorError(
        '@track',
        where,
        'a method cannot be tracked',
        'use @track on a field or a get/set accessor (methods are not state)',
      );
    }
    if (descriptor.get !== undefined && descriptor.set !== undefined) {
      const wrapped = trackedAccessor(key, descriptor.get, descriptor.set);
      return { ...descriptor, get: wrapped.get, set: wrapped.set };
    }
    if (descriptor.get !== undefined || descriptor.set !== undefined) {
      throw decoratorError(
        '@track',
        where,
        'an accessor needs both get and set to be tracked',
        'add the missing half, or track the field behind it',
      );
    }
  }
  const ctor = (proto as { constructor: Function }).constructor;
  if (definesField(ctor, key)) {
    throw decoratorError(
      '@track',
      where,
      'with experimentalDecorators and useDefineForClassFields (TypeScript 6 default) each instance defines its own ' +
        '"' +
        keyName(key) +
        '" and a legacy field decorator never sees its writes',
      'decorate the class with @tracked (and mark other fields @untracked), set "useDefineForClassFields": false, ' +
        'or drop "experimentalDecorators" to use standard decorators',
    );
  }
  // set semantics: the initializer's `this.key = v` reaches this prototype setter first; from then
  // on the instance has its own tracked accessor
  Object.defineProperty(proto, key, {
    get: () => undefined,
    set(this: object, v: unknown) {
      defineTrackedField(this, key, v);
    },
    enumerable: false,
    configurable: true,
  });
  return undefined;
}

/**
 * True when the compiled class defines `key` on each instance (define semantics): a class field
 * `key;` / `key = …` at the top level of the class body, or esbuild's lowered `__publicField(this, "key"`.
 */
function definesField(ctor: Function, key: PropertyKey): boolean {
  if (typeof key !== 'string') return false;
  let source: string;
  try {
    source = Function.prototype.toString.call(ctor);
  } catch {
    return false;
  }
  const quoted = new RegExp(`__publicField\\(this,\\s*(["'])${escapeRegExp(key)}\\1`);
  if (quoted.test(source)) return true;
  const field = new RegExp(`^(?:${escapeRegExp(key)}|(["'])${escapeRegExp(key)}\\1)\\s*(?:[=;\\n}]|$)`);
  const open = bodyStart(source);
  if (open < 0) return false;
  let depth = 0;
  let statementStart = true;
  for (let i = open; i < source.length; i++) {
    const c = source[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(source, i);
      statementStart = false;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i) + 1;
      if (i <= 0) break;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') {
      depth++;
      statementStart = depth === 1;
      continue;
    }
    if (c === '}' || c === ')' || c === ']') {
      depth--;
      statementStart = depth === 1;
      continue;
    }
    if (c === ';' || c === '\n') {
      if (depth === 1) statementStart = true;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (depth === 1 && statementStart && field.test(source.slice(i, i + key.length + 40))) return true;
    statementStart = false;
  }
  return false;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Index of the `{` that opens the class body (after `class Name extends Expr`). */
function bodyStart(source: string): number {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '{' && depth === 0) return i;
  }
  return -1;
}

function skipString(source: string, i: number): number {
  const quote = source[i];
  for (let j = i + 1; j < source.length; j++) {
    if (source[j] === '\\') j++;
    else if (source[j] === quote) return j;
  }
  return source.length;
}

/** `@track` on one field or accessor: only those are tracked, in an otherwise undecorated class. */
export function track(value: unknown, context: unknown): any;
export function track(prototype: object, key: PropertyKey, descriptor?: PropertyDescriptor): any;
export function track(...args: unknown[]): any {
  const [first, second, third] = args;
  if (isStandardContext(second)) return standardTrack(first, second);
  if ((typeof first === 'object' || typeof first === 'function') && first !== null && args.length >= 2) {
    if (typeof second === 'string' || typeof second === 'symbol') {
      return legacyTrack(first, second, third as PropertyDescriptor | undefined);
    }
  }
  if (typeof first === 'function' && args.length <= 1) {
    throw decoratorError(
      '@track',
      `class ${first.name || '(anonymous)'}`,
      'it decorates one field or accessor',
      'use @tracked on a class',
    );
  }
  throw decoratorError(
    '@track',
    'an unknown target',
    `called with ${args.length} unexpected argument(s)`,
    'use @track as a decorator on a field or accessor',
  );
}

// ---- @untracked ----

/** `@untracked` on a field of a `@tracked` class: that field stays a plain, unrecorded property. */
export function untracked(value: unknown, context: unknown): any;
export function untracked(prototype: object, key: PropertyKey, descriptor?: PropertyDescriptor): any;
export function untracked(...args: unknown[]): any {
  const [first, second, third] = args;
  if (isStandardContext(second)) {
    const where = memberWhere(undefined, second.name, second.static);
    if (second.kind !== 'field' && second.kind !== 'accessor') {
      throw decoratorError(
        '@untracked',
        where,
        `a ${second.kind} is never tracked`,
        'remove @untracked; it applies to fields',
      );
    }
    const keys = untrackedKeys(second.metadata);
    if (keys === undefined) {
      throw decoratorError(
        '@untracked',
        where,
        'context.metadata is missing',
        'import statetrail/decorators before the class is defined',
      );
    }
    keys.add(second.name as PropertyKey);
    return undefined;
  }
  if (
    typeof first === 'object' &&
    first !== null &&
    (typeof second === 'string' || typeof second === 'symbol')
  ) {
    const descriptor = third as PropertyDescriptor | undefined;
    if (
      descriptor !== undefined &&
      typeof descriptor === 'object' &&
      typeof descriptor.value === 'function'
    ) {
      throw decoratorError(
        '@untracked',
        memberWhere(className(first), second),
        'a method is never tracked',
        'remove @untracked; it applies to fields',
      );
    }
    ensureInfo((first as { constructor: Function }).constructor).untracked.add(second);
    return undefined;
  }
  throw decoratorError(
    '@untracked',
    describeTarget(first),
    'it decorates fields of a @tracked class',
    'put @untracked on a field',
  );
}
