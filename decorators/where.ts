/**
 * The wording of decorator errors: which class and member, the problem and the fix, and a stack
 * that starts at the user's class rather than inside statetrail.
 */
import { describe } from '../src/errors';

export function decoratorError(decorator: string, where: string, problem: string, fix: string): TypeError {
  return new TypeError(`statetrail: ${decorator} on ${where}: ${problem}. Fix: ${fix}`);
}

/**
 * Runs a decorator; its errors get a stack that starts at the decorator's caller (the user's
 * class, or the compiler's decorator helper in the user's file), whichever build runs.
 */
export function fromUserCode<R>(entry: Function, run: () => R): R {
  try {
    return run();
  } catch (error) {
    if (error instanceof TypeError && error.message.startsWith('statetrail: @'))
      Error.captureStackTrace(error, entry);
    throw error;
  }
}

/** Array.isArray that answers false for a revoked Proxy instead of throwing. */
export function isArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

export const keyName = (key: PropertyKey | undefined): string =>
  typeof key === 'symbol' ? key.toString() : String(key);

export function className(target: unknown): string {
  try {
    const ctor = typeof target === 'function' ? target : (target as { constructor?: Function })?.constructor;
    return ctor?.name || '(anonymous class)';
  } catch {
    return '(unreadable class)';
  }
}

/**
 * "Order.total" — legacy calls know the class; standard member contexts do not name it, so the
 * message points at the class being defined through the first caller frame outside statetrail.
 */
export function memberWhere(cls: string | undefined, key: PropertyKey | undefined, isStatic = false): string {
  const member = `${isStatic ? 'static ' : ''}${keyName(key)}`;
  return cls === undefined
    ? `member "${member}" of the class defined at ${definitionSite()}`
    : `${cls}.${member}`;
}

export function describeTarget(target: unknown): string {
  if (typeof target === 'function') return `function ${target.name || '(anonymous)'} (not a class)`;
  if (typeof target === 'object' && target !== null) return `${className(target)} member`;
  return `${describe(target)} (not a class)`;
}

/** `file:line:column` of a stack frame line, or undefined for native and eval frames. */
function locationOf(frame: string): string | undefined {
  return /\(?((?:file:\/\/|\/|[A-Za-z]:\\)[^()]*?:\d+:\d+)\)?\s*$/.exec(frame)?.[1];
}

const fileOf = (location: string): string => location.replace(/:\d+:\d+$/, '');
const folderOf = (file: string): string => file.replace(/[\\/][^\\/]*$/, '');

/**
 * The folder statetrail's decorator code runs from: decorators/ from the sources, dist/ when built
 * (the bundle and its chunks). Frames there are statetrail's own, whatever the file is called.
 */
const ownFolder = ((): string | undefined => {
  for (const frame of (new Error().stack ?? '').split('\n').slice(1)) {
    const at = locationOf(frame);
    if (at !== undefined) return folderOf(fileOf(at));
  }
  return undefined;
})();

/** Decorator helpers that TypeScript and esbuild emit into the user's file. */
const HELPERS = /\b(?:__esDecorate|__decorateElement|__runInitializers|__decorateClass|__decorate)\b/;

function definitionSite(): string {
  for (const frame of (new Error().stack ?? '').split('\n').slice(1)) {
    const at = locationOf(frame);
    if (at === undefined || HELPERS.test(frame)) continue;
    if (ownFolder !== undefined && folderOf(fileOf(at)) === ownFolder) continue;
    return at;
  }
  return '(unknown location)';
}
