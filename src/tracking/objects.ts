/**
 * The Proxy handler of tracked plain objects and arrays.
 *
 * Each proxy gets a tiny handler object whose prototype holds the traps, so a trap finds its
 * node as `this.node` (one monomorphic load) instead of a WeakMap lookup per write. Writes go to
 * the raw object first; only a write that succeeded is recorded, so a failed write (frozen
 * object, throwing setter, invalid array length) records nothing and its error reaches the
 * caller unchanged.
 */
import { HAS_OLD, NO_KEY, OP_DELETE, OP_SET, OP_SPLICE } from '../history/change';
import { access } from './access';
import { arrayMethods, spliceExtras } from './arrays';
import { invalidatePositions, KIND_ARRAY, type Node } from './node';
import { before, record, recordWrite } from './record';
import { child, unwrap } from './wrap';

interface NodeHandler extends ProxyHandler<any> {
  node: Node;
}

/** The current value of an own property without running a getter. */
function ownValue(node: Node, t: any, k: PropertyKey): unknown {
  if (!node.exotic) return t[k];
  return Reflect.getOwnPropertyDescriptor(t, k)?.value;
}

/** The write itself; false when the object refuses it (the engine then throws in strict code). */
function write(node: Node, t: any, k: PropertyKey, value: unknown): boolean {
  if (node.exotic) return Reflect.set(t, k, value);
  // No accessors and nothing locked: only a frozen-behind-our-back object can refuse.
  try {
    t[k] = value;
    return true;
  } catch {
    return false;
  }
}

function isAccessor(t: object, k: PropertyKey): boolean {
  const d = Reflect.getOwnPropertyDescriptor(t, k);
  return d !== undefined && !('value' in d);
}

const traps: ProxyHandler<any> & ThisType<NodeHandler> = {
  get(t, k, r) {
    // Reflect.get/set cost ~250 ns more than plain access on Node 20; without accessors they are equal
    const v = this.node.exotic ? Reflect.get(t, k, r) : t[k];
    if (access.on) access.read(this.node, k, v);
    if (typeof v === 'function') return this.node.kind === KIND_ARRAY ? (arrayMethods.get(v) ?? v) : v;
    if (typeof v !== 'object' || v === null) return v;
    const node = this.node;
    if (node.exotic) {
      // a non-writable, non-configurable property must read as itself (Proxy invariant)
      const d = Reflect.getOwnPropertyDescriptor(t, k);
      if (d !== undefined && d.configurable === false && d.writable === false) return v;
    }
    return child(v, node, k);
  },

  set(t, k, v, r) {
    const node = this.node;
    if (r !== node.proxy) return Reflect.set(t, k, v, r); // the proxy is another object's prototype
    const value = unwrap(v);
    if (k === 'length' && node.kind === KIND_ARRAY) return setLength(node, t, value);
    if (node.exotic && isAccessor(t, k)) return Reflect.set(t, k, v, r); // its setter's own writes are recorded
    let had: boolean;
    let old: unknown;
    if (node.ownKey === k && !node.exotic) {
      // the last write through this proxy made `k` own: a defined value is its own (~10 ns saved)
      old = t[k];
      had = old !== undefined || Object.hasOwn(t, k);
    } else {
      had = Object.hasOwn(t, k);
      old = had ? ownValue(node, t, k) : undefined;
    }
    const aux = before(node);
    if (!write(node, t, k, value)) return false;
    if (!node.exotic) node.ownKey = k;
    recordWrite(node, k, had, old, value, aux);
    return true;
  },

  preventExtensions(t) {
    this.node.exotic = true; // adding keys can fail from now on
    return Reflect.preventExtensions(t);
  },

  deleteProperty(t, k) {
    const node = this.node;
    if (node.ownKey === k) node.ownKey = undefined;
    if (!Object.hasOwn(t, k)) return Reflect.deleteProperty(t, k);
    const old = ownValue(node, t, k);
    const aux = before(node);
    if (!Reflect.deleteProperty(t, k)) return false;
    if (typeof old === 'object' && old !== null) invalidatePositions();
    record(node, OP_DELETE | HAS_OLD, k, undefined, old, aux);
    return true;
  },

  defineProperty(t, k, d) {
    const node = this.node;
    const had = Object.hasOwn(t, k);
    const old = had ? ownValue(node, t, k) : undefined;
    const descriptor = 'value' in d ? { ...d, value: unwrap(d.value) } : d;
    const aux = before(node);
    if (!Reflect.defineProperty(t, k, descriptor)) return false;
    if ('get' in d || 'set' in d || d.writable === false || d.configurable === false) node.exotic = true;
    if ('value' in descriptor) recordWrite(node, k, had, old, descriptor.value, aux);
    return true;
  },
};

/** `array.length = n`: shrinking is a splice (so revert restores the items), growing a set. */
function setLength(node: Node, t: unknown[], value: unknown): boolean {
  const oldLength = t.length;
  const removed = typeof value === 'number' && value < oldLength ? t.slice(value) : undefined;
  const aux = before(node);
  if (!Reflect.set(t, 'length', value)) return false; // an invalid length throws RangeError here
  if (t.length === oldLength) return true;
  if (removed === undefined) {
    record(node, OP_SET | HAS_OLD, 'length', t.length, oldLength, aux);
  } else {
    invalidatePositions();
    record(node, OP_SPLICE, NO_KEY, [], undefined, spliceExtras(aux, t.length, removed));
  }
  return true;
}

export function objectHandler(node: Node): ProxyHandler<object> {
  const handler = Object.create(traps) as NodeHandler;
  handler.node = node;
  return handler;
}
