/**
 * State as path changes. A `state` patch (datacat's update_state: null deletes, objects merge,
 * arrays and scalars replace) becomes one row per leaf — never a copy of the whole state — and
 * `applyChange` replays those rows, and the schema-1 changes of tracked objects, onto plain values.
 * Keys are written as own properties (defineProperty), so `__proto__` in data is just a key.
 */
export type Key = string | number;
export interface PathOp {
  path: Key[];
  op: 'set' | 'delete' | 'merge';
  value?: unknown;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The leaf operations of one deep-merge patch; an empty object only makes sure an object is there. */
export function flattenPatch(
  patch: Record<string, unknown>,
  prefix: Key[] = [],
  out: PathOp[] = [],
): PathOp[] {
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    const path = [...prefix, key];
    if (value === null) out.push({ path, op: 'delete' });
    else if (isPlainObject(value)) {
      if (Object.keys(value).length === 0) out.push({ path, op: 'merge' });
      else flattenPatch(value, path, out);
    } else out.push({ path, op: 'set', value });
  }
  return out;
}

/** The indexed form of a path: keys joined by '.'. */
export function pathKey(path: readonly unknown[]): string {
  return path
    .map((k) => (typeof k === 'string' || typeof k === 'number' ? String(k) : JSON.stringify(k)))
    .join('.');
}

function own(o: any, k: Key): unknown {
  return o !== null && typeof o === 'object' && Object.hasOwn(o, k) ? o[k] : undefined;
}

function put(o: any, k: Key, v: unknown): void {
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
}

function container(next: Key | undefined): any {
  return typeof next === 'number' ? [] : {};
}

/** The fields of a change (or state row) that replay needs. */
export interface Replayable {
  path: Key[];
  op: string;
  value?: unknown;
  index?: number;
  removed?: unknown[];
}

/** Applies one change to `root` (the value the change's path starts from) and returns the new root. */
export function applyChange(root: unknown, c: Replayable): unknown {
  const { path, op } = c;
  if (path.length === 0) return applyAt(root, c, op);
  if (root === null || typeof root !== 'object') root = container(path[0]);
  let parent: any = root;
  for (let i = 0; i < path.length - 1; i++) {
    let next = own(parent, path[i]);
    if (next === null || typeof next !== 'object') put(parent, path[i], (next = container(path[i + 1])));
    parent = next;
  }
  const last = path[path.length - 1];
  if (op === 'delete') {
    if (Array.isArray(parent) && typeof last === 'number') parent[last] = null;
    else if (Object.hasOwn(parent, last)) delete parent[last];
  } else if (op === 'set') put(parent, last, c.value);
  else put(parent, last, applyAt(own(parent, last), c, op));
  return root;
}

/** Operations that act on the value at the end of the path itself. */
function applyAt(current: unknown, c: Replayable, op: string): unknown {
  switch (op) {
    case 'set':
      return c.value;
    case 'delete':
      return undefined;
    case 'merge':
      return isPlainObject(current) ? current : {};
    case 'add': {
      const list = Array.isArray(current) ? current : [];
      if (!list.some((x) => JSON.stringify(x) === JSON.stringify(c.value))) list.push(c.value);
      return list;
    }
    case 'clear':
      return Array.isArray(current) ? [] : {};
    case 'splice': {
      const list = Array.isArray(current) ? current : [];
      const inserted = Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value];
      list.splice(c.index ?? 0, c.removed?.length ?? 0, ...inserted);
      return list;
    }
    default:
      return current;
  }
}
