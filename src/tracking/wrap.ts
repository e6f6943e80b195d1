/** Turning raw values into tracked ones and back: the Proxy for each object, created once. */
import { addLink, KIND_ARRAY, KIND_MAP, KIND_OBJECT, KIND_SET, Node, nodeOf, register } from './node';

/** The kind of a value track() can wrap, or -1: plain objects, arrays, Maps and Sets. */
export function kindOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return -1;
  if (Array.isArray(value)) return KIND_ARRAY;
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return KIND_OBJECT;
  if (value instanceof Map) return KIND_MAP;
  if (value instanceof Set) return KIND_SET;
  return -1;
}

/** Proxy handler factories by kind, installed by objects.ts and collections.ts. */
export const handlerFor: Array<(node: Node) => ProxyHandler<object>> = [];

/** The node of a raw trackable value, creating its proxy on first use. */
export function nodeFor(raw: object, kind: number): Node {
  const existing = nodeOf(raw);
  if (existing !== undefined) return existing;
  const node = new Node(raw, raw, kind);
  node.proxy = new Proxy(raw, handlerFor[kind]!(node));
  if (kind === KIND_OBJECT || kind === KIND_ARRAY) node.exotic = isExotic(raw);
  register(node);
  return node;
}

/** Has an accessor or a locked property: traps then read descriptors instead of values. */
function isExotic(raw: object): boolean {
  if (!Object.isExtensible(raw)) return true;
  const descriptors = Object.getOwnPropertyDescriptors(raw) as Record<PropertyKey, PropertyDescriptor>;
  for (const key of Reflect.ownKeys(descriptors)) {
    const d = descriptors[key]!;
    if (key === 'length' && Array.isArray(raw)) continue;
    if ('get' in d || d.configurable === false) return true;
  }
  return false;
}

/** On while structuredClone runs (clone.ts): reads through tracked parents then hand out raw values. */
export const cloning = { on: false };

/**
 * What a read through a tracked parent returns: nested objects as tracked children linked to
 * the parent under `key`, anything else as is. With `deep: false` roots, and during
 * structuredClone, which refuses proxies, children stay raw.
 */
export function child(value: unknown, parent: Node, key: unknown): unknown {
  if (typeof value !== 'object' || value === null || cloning.on) return value;
  const known = nodeOf(value);
  if (known !== undefined) {
    addLink(known, parent, key);
    return known.proxy;
  }
  const kind = kindOf(value);
  if (kind < 0 || (parent.root && parent.options?.deep === false)) return value;
  const node = nodeFor(value, kind);
  addLink(node, parent, key);
  return node.proxy;
}

// unwrap() and adopt() are on every write: their object cases are separate functions, so a writer
// that only ever sees primitives inlines just the typeof check (V8 inlines by bytecode size).

/** Tracked values are stored raw, so the raw graph never contains proxies. */
export function unwrap<T>(value: T): T {
  return typeof value !== 'object' || value === null ? value : (rawOf(value) as T);
}

function rawOf(value: object): object {
  const node = nodeOf(value);
  return node !== undefined && node.proxy === value && node.raw !== value ? node.raw : value;
}

/** Links a value just written under `key`, so a proxy of it held elsewhere reports the new path. */
export function adopt(value: unknown, parent: Node, key: unknown): void {
  if (typeof value === 'object' && value !== null) link(value, parent, key);
}

function link(value: object, parent: Node, key: unknown): void {
  const node = nodeOf(value);
  if (node !== undefined) addLink(node, parent, key);
}
