/**
 * `structuredClone` of `@tracked` instances. structuredClone reads an object's own enumerable
 * properties through [[Get]], so a tracked field's getter runs, and it refuses every Proxy: the
 * deep-tracking children those getters hand out made it throw (`[object Array] could not be cloned`).
 * V8's serializer has no hook for ordinary objects and a getter cannot tell who calls it, so
 * statetrail wraps `globalThis.structuredClone`: while it runs, reads through tracked parents return
 * raw values (wrap.ts's child() checks the flag; the raw graph holds no proxies, writes store
 * unwrapped values), and a track() proxy passed as the value is replaced by its raw object. The
 * clone is what structuredClone makes of the same object without statetrail. Other routes into the
 * serializer (postMessage, v8.serialize) are not wrapped: pass them `toPlain(instance)`.
 */
import { cloning, unwrap } from './wrap';

/** Wraps the global structuredClone once per copy of statetrail (each copy's getters read their own flag). */
export function installClone(): void {
  const g = globalThis as { structuredClone?: (...args: unknown[]) => unknown };
  const original = g.structuredClone;
  if (typeof original !== 'function') return;
  g.structuredClone = function structuredClone(...args: unknown[]): unknown {
    if (args.length > 0) args[0] = unwrap(args[0]);
    const was = cloning.on; // a getter may clone too: restore, not clear
    cloning.on = true;
    try {
      return Reflect.apply(original, undefined, args);
    } finally {
      cloning.on = was;
    }
  };
}
