/** `@track` on one field or accessor of an otherwise undecorated class. */
import {
  defineTrackedField,
  ensureInstance,
  trackedAccessor,
  trackOneField,
} from '../src/tracking/instances';
import { isStandardContext, type StandardContext } from './context';
import { definesField } from './fields';
import { className, decoratorError, fromUserCode, keyName, memberWhere } from './where';

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

/** `@track` on one field or accessor: only those are tracked, in an otherwise undecorated class. */
export function track(value: unknown, context: unknown): any;
export function track(prototype: object, key: PropertyKey, descriptor?: PropertyDescriptor): any;
export function track(...args: unknown[]): any {
  return fromUserCode(track, () => trackCall(args));
}

function trackCall(args: unknown[]): any {
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
