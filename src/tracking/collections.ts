/**
 * Tracked Maps and Sets. Their methods need the real collection as `this`, so the proxy's get
 * trap hands out replacements that work on the raw collection and record one change per call:
 * Map set / delete / clear and Set add / delete / clear. Reads return nested values tracked.
 */
import { HAS_OLD, NO_KEY, OP_ADD, OP_CLEAR, OP_DELETE } from '../history/change';
import { access } from './access';
import { invalidatePositions, type Node, nodeOf } from './node';
import { before, record, recordWrite } from './record';
import { adopt, child, unwrap } from './wrap';

type AnyMap = Map<unknown, unknown>;
type AnySet = Set<unknown>;

function nodeBehind(self: unknown): Node | undefined {
  const node = nodeOf(self);
  return node !== undefined && node.proxy === self ? node : undefined;
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null;

/** Map#delete and Set#delete: `entry` is the Map key or the Set element. */
function remove(self: unknown, entry: unknown, isMap: boolean): boolean {
  const node = nodeBehind(self)!;
  const raw = node.raw as AnyMap & AnySet;
  const k = unwrap(entry);
  if (!raw.has(k)) return false;
  const old = isMap ? raw.get(k) : k;
  const aux = before(node);
  raw.delete(k);
  if (isObject(old)) invalidatePositions();
  record(node, OP_DELETE | HAS_OLD, isMap ? k : NO_KEY, undefined, old, aux);
  return true;
}

/** Map#clear and Set#clear: `old` holds the entries (Map) or elements (Set), for revert. */
function clearAll(self: unknown): void {
  const node = nodeBehind(self)!;
  const raw = node.raw as AnyMap | AnySet;
  if (raw.size === 0) return;
  const old = [...raw];
  const aux = before(node);
  raw.clear();
  invalidatePositions();
  record(node, OP_CLEAR | HAS_OLD, NO_KEY, undefined, old, aux);
}

/** Map#has and Set#has: a read of that slot (false reads as absent). */
function has(self: unknown, entry: unknown): boolean {
  const node = nodeBehind(self)!;
  const k = unwrap(entry);
  const found = (node.raw as AnyMap).has(k);
  if (access.on) access.read(node, k, found ? true : undefined);
  return found;
}

const mapMethods: Record<PropertyKey, (this: unknown, ...args: any[]) => unknown> = {
  get(key) {
    const node = nodeBehind(this)!;
    const k = unwrap(key);
    const v = (node.raw as AnyMap).get(k);
    if (access.on) access.read(node, k, v);
    return child(v, node, k);
  },
  has(key) {
    return has(this, key);
  },
  set(key, value) {
    const node = nodeBehind(this)!;
    const raw = node.raw as AnyMap;
    const k = unwrap(key);
    const v = unwrap(value);
    const had = raw.has(k);
    const old = raw.get(k);
    const aux = before(node);
    raw.set(k, v);
    recordWrite(node, k, had, old, v, aux);
    return this;
  },
  delete(key) {
    return remove(this, key, true);
  },
  clear() {
    clearAll(this);
  },
  forEach(fn, thisArg) {
    const node = nodeBehind(this)!;
    (node.raw as AnyMap).forEach((v, k) => {
      fn.call(thisArg, child(v, node, k), k, this);
    });
  },
  *entries() {
    const node = nodeBehind(this)!;
    for (const [k, v] of node.raw as AnyMap) yield [k, child(v, node, k)];
  },
  *values() {
    const node = nodeBehind(this)!;
    for (const [k, v] of node.raw as AnyMap) yield child(v, node, k);
  },
};
mapMethods[Symbol.iterator] = mapMethods.entries!;

const setMethods: Record<PropertyKey, (this: unknown, ...args: any[]) => unknown> = {
  has(value) {
    return has(this, value);
  },
  add(value) {
    const node = nodeBehind(this)!;
    const raw = node.raw as AnySet;
    const v = unwrap(value);
    if (raw.has(v)) return this;
    const aux = before(node);
    raw.add(v);
    adopt(v, node, v);
    record(node, OP_ADD, NO_KEY, v, undefined, aux);
    return this;
  },
  delete(value) {
    return remove(this, value, false);
  },
  clear() {
    clearAll(this);
  },
  forEach(fn, thisArg) {
    const node = nodeBehind(this)!;
    (node.raw as AnySet).forEach((v) => {
      const tracked = child(v, node, v);
      fn.call(thisArg, tracked, tracked, this);
    });
  },
  *values() {
    const node = nodeBehind(this)!;
    for (const v of node.raw as AnySet) yield child(v, node, v);
  },
  *entries() {
    const node = nodeBehind(this)!;
    for (const v of node.raw as AnySet) {
      const tracked = child(v, node, v);
      yield [tracked, tracked];
    }
  },
};
setMethods.keys = setMethods.values!;
setMethods[Symbol.iterator] = setMethods.values!;

for (const [table, proto] of [
  [mapMethods, Map.prototype],
  [setMethods, Set.prototype],
] as const) {
  for (const key of Reflect.ownKeys(table)) {
    Object.defineProperty(table[key as string], 'name', { value: (proto as any)[key]?.name ?? String(key) });
  }
}

function collectionHandler(methods: typeof mapMethods) {
  return (node: Node): ProxyHandler<object> => ({
    get(t, k) {
      if (k === 'size') {
        if (access.on) access.read(node, NO_KEY, (t as AnyMap).size);
        return (t as AnyMap).size;
      }
      const own = Object.hasOwn(methods, k) ? methods[k as string] : undefined;
      if (own !== undefined) return own;
      const v = Reflect.get(t, k, t);
      // other methods (keys, Set algebra, toString) run on the raw collection
      return typeof v === 'function' ? v.bind(node.raw) : v;
    },
  });
}

export const mapHandler = collectionHandler(mapMethods);
export const setHandler = collectionHandler(setMethods);
