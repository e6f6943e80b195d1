/** `@untracked` on a field of a `@tracked` class: that field stays a plain, unrecorded property. */
import { ensureInfo, UNTRACKED } from '../src/tracking/instances';
import { isStandardContext } from './context';
import { className, decoratorError, describeTarget, fromUserCode, memberWhere } from './where';

/** Standard `@untracked` keys: a Set in the class's `context.metadata` (read by instances.ts). */
function untrackedKeys(metadata: Record<PropertyKey, unknown> | undefined): Set<PropertyKey> | undefined {
  if (metadata === undefined) return undefined;
  if (!Object.hasOwn(metadata, UNTRACKED)) metadata[UNTRACKED] = new Set<PropertyKey>();
  return metadata[UNTRACKED] as Set<PropertyKey>;
}

/** `@untracked` on a field of a `@tracked` class: that field stays a plain, unrecorded property. */
export function untracked(value: unknown, context: unknown): any;
export function untracked(prototype: object, key: PropertyKey, descriptor?: PropertyDescriptor): any;
export function untracked(...args: unknown[]): any {
  return fromUserCode(untracked, () => untrackedCall(args));
}

function untrackedCall(args: unknown[]): any {
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
