/**
 * Node built-ins without a static import, so the core keeps loading in browsers and bundlers:
 * every module that needs `node:fs`, `node:zlib`, `node:module`, ... asks here.
 */

interface Host {
  getBuiltinModule?: (id: string) => any;
}

/** The built-in module `id`, or undefined outside Node (or on a Node without getBuiltinModule). */
export function optionalBuiltin(id: string): any {
  return (globalThis as { process?: Host }).process?.getBuiltinModule?.(id);
}

/** The built-in module `id`; throws a clear error where it is not available. */
export function nodeBuiltin(id: string): any {
  const m = optionalBuiltin(id);
  if (m === undefined) throw new Error(`statetrail: ${id} is not available in this runtime`);
  return m;
}
