/** `@tracked` / `@tracked(options)` on a class: every field of every instance is tracked. */
import { type TrackedOptions, trackedClass } from '../src/tracking/instances';
import { type Ctor, isStandardContext, type StandardContext } from './context';
import { validateTrackedOptions } from './options';
import { className, decoratorError, describeTarget, fromUserCode, isArray, memberWhere } from './where';

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

/**
 * `@tracked` / `@tracked(options)` on a class: every field of every instance is tracked, with
 * the fields of subclasses and those the constructor adds. Options: `{ label, deep,
 * captureStack, captureSnapshots, historyLimit, redact, maxValueBytes }`; `label(instance)` names
 * instances.
 */
export function tracked<C extends Ctor>(target: C, context?: unknown): C;
export function tracked(options?: TrackedOptions): <C extends Ctor>(target: C, context?: unknown) => C;
export function tracked(...args: unknown[]): any {
  return fromUserCode(tracked, () => trackedCall(args));
}

function trackedCall(args: unknown[]): any {
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
  if (options !== undefined && (typeof options !== 'object' || options === null || isArray(options))) {
    throw decoratorError(
      '@tracked',
      describeTarget(options),
      'it takes a class, or an options object to make a class decorator',
      'write @tracked or @tracked({ label, deep, captureStack, captureSnapshots }) on a class',
    );
  }
  const decorate = (target: unknown, context?: unknown): any =>
    fromUserCode(decorate, () =>
      decorateClass(target, isStandardContext(context) ? context : undefined, options),
    );
  return decorate;
}
