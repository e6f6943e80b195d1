/**
 * Option `classes` without accessors or Proxies: an instance of a class in the glob stays a plain
 * object with own data properties (identity, descriptors, freezing, structuredClone as without
 * statetrail). What makes its changes recorded is the transformer, which sees every write in the files
 * it instruments and, when `classes` is on, tells the runtime the target and key of each member write
 * (runtime.ts: atKey/doneKey, atCall/doneCall). Here: the registry of such instances and of the plain
 * objects, arrays, Maps and Sets they own (reachable through their fields), and the recording of one
 * keyed write or mutating call once it has happened (write-then-record, as the Proxy traps do).
 *
 * The registry is its own WeakMap, not node.ts's: a `@tracked` instance or a track() proxy written by
 * instrumented code records through its own setter or trap, and an owned object handed to track()
 * still gets its proxy. Writes made by code that is not instrumented (libraries) are not recorded.
 */
import { config } from '../config';
import { type Extras, HAS_OLD, NO_KEY, OP_ADD, OP_DELETE, OP_SET, OP_SPLICE } from '../history/change';
import { spliceExtras } from './arrays';
import { copyOfMap, copyOfSet, eachEntry, eachValue, hasKey, hasValue, isProxy, sliceOf } from './intrinsics';
import { propertyKey } from './keys';
import {
  addLink,
  invalidatePositions,
  KIND_ARRAY,
  KIND_INSTANCE,
  KIND_MAP,
  KIND_OBJECT,
  KIND_SET,
  locate,
  Node,
  nodeOf,
} from './node';
import { before, pending, record } from './record';
import { boundedSnapshot } from './snapshot';
import { kindOf } from './wrap';

/** Instances of `classes` classes (their node is in node.ts's map too) and the objects they own. */
const owned = new WeakMap<object, Node>();

/** Some instance is tracked this way: until then a keyed write costs one flag check more than `at()`. */
export const keyed = { on: false };

/** Registers a plain instance's node (made by instances.ts) and what its fields hold now. */
export function ownInstance(node: Node): void {
  owned.set(node.raw, node);
  keyed.on = true;
  ownChildren(node);
}

/** Registers what the fields of a registered instance hold now (subclass fields defined later). */
export function ownFieldsAgain(instance: object): void {
  const node = owned.get(instance);
  if (node !== undefined) ownChildren(node);
}

/**
 * Links `value`, just stored under `key` of `parent`, and registers everything plain it reaches that
 * is not registered yet. Iterative (a long linked list must not overflow the stack); cycles end at
 * nodes already registered. Objects tracked otherwise (track() proxies and their raw objects, class
 * instances) are left to their own tracking.
 */
function own(value: unknown, parent: Node, key: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const stack: Node[] = [];
  link(value, parent, key, stack);
  drain(stack);
}

function ownChildren(node: Node): void {
  drain([node]);
}

function link(value: unknown, parent: Node, key: unknown, stack: Node[]): void {
  if (typeof value !== 'object' || value === null) return;
  const known = owned.get(value);
  if (known !== undefined) {
    if (known.kind !== KIND_INSTANCE) addLink(known, parent, key);
    return;
  }
  if (nodeOf(value) !== undefined) return;
  if (isProxy(value)) return; // another library's Proxy: registering it would run its traps
  const kind = kindOf(value);
  if (kind < 0) return;
  const node = new Node(value, value, kind);
  owned.set(value, node);
  addLink(node, parent, key);
  stack.push(node);
}

function drain(stack: Node[]): void {
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    const raw = n.raw as any;
    if (n.kind === KIND_ARRAY) for (let i = 0; i < raw.length; i++) link(raw[i], n, i, stack);
    else if (n.kind === KIND_MAP) eachEntry(raw, (k, v) => void link(v, n, k, stack));
    else if (n.kind === KIND_SET) eachValue(raw, (v) => void link(v, n, v, stack));
    else {
      // own enumerable data properties only: no getter runs
      for (const k of Object.keys(raw)) {
        const d = Object.getOwnPropertyDescriptor(raw, k);
        if (d !== undefined && 'value' in d) link(d.value, n, k, stack);
      }
    }
  }
}

/**
 * What the history keeps of a value written to `target`'s node: primitives, functions and tracked
 * objects (whose later changes are recorded anyway) as they are; anything else as a copy taken now,
 * bounded by its root's `maxValueBytes` (snapshot.ts), so the history shows the value of that
 * moment and neither keeps the object itself alive nor holds more than the export would write.
 */
export function retained(value: unknown, target: Node): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const node = nodeOf(value);
  if (node !== undefined && (node.root || node.proxy === value)) return value;
  const root = target.root ? target : locate(target)?.root;
  return boundedSnapshot(value, root?.options?.maxValueBytes ?? config.maxValueBytes);
}

// ---- one keyed write: captured right before it (atKey), recorded right after it (doneKey) ----

const NOT_DATA: unique symbol = Symbol('not a data property');

function ownData(raw: object, key: PropertyKey): unknown {
  const d = Reflect.getOwnPropertyDescriptor(raw, key)!;
  return 'value' in d ? d.value : NOT_DATA;
}

/**
 * The keyed writers are closures of this factory and what they use is a const of it, as record.ts's
 * writers are: optimised code embeds those, where a module binding (a bundler's top-level `var`) is
 * loaded and checked at each use. A write to a `classes` instance measured 3.62-4.03x a `@tracked` one
 * through module bindings, 3.30-3.44x through consts (bench/tools/class-hotpath.ts, same process).
 */
function keyedWrites(registry: WeakMap<object, Node>) {
  const owned = registry;
  const toKey = propertyKey;
  const snapshotBefore = before;
  const moved = invalidatePositions;
  const write = record;
  const keep = retained;
  const adopt = own;
  const dataOf = ownData;
  const splice = spliceExtras;

  /** The write under way: set by beforeKeyed when its target is registered, cleared by afterKeyed. */
  const w = {
    node: null as Node | null,
    key: undefined as unknown,
    had: false,
    old: undefined as unknown,
    aux: undefined as Extras | undefined,
    /** `array.length = n` shrinking the array: the items it removes (recorded as a splice, as track() does). */
    removed: undefined as unknown[] | undefined,
  };

  function beforeKeyed(target: unknown, key: unknown, value: unknown): void {
    const node = typeof target === 'object' && target !== null ? owned.get(target) : undefined;
    if (node === undefined || node.kind === KIND_MAP || node.kind === KIND_SET) {
      if (w.node !== null) forget(); // a captured write that threw: drop it (and its old value)
      return;
    }
    const k = toKey(key);
    const d = Reflect.getOwnPropertyDescriptor(target as object, k);
    if (d !== undefined && !('value' in d)) {
      if (w.node !== null) forget(); // an own accessor: its setter's own writes are what is recorded
      return;
    }
    w.node = node;
    w.key = k;
    w.had = d !== undefined;
    w.old = d?.value;
    w.removed =
      k === 'length' && node.kind === KIND_ARRAY && typeof value === 'number' && value < (w.old as number)
        ? (target as unknown[]).slice(value)
        : undefined;
    w.aux = snapshotBefore(node);
  }

  function forget(): void {
    w.node = null;
    w.old = undefined;
    w.aux = undefined;
    w.removed = undefined;
  }

  /** Records the captured write if it changed something (a refused or same-value write records nothing). */
  function afterKeyed(): void {
    const node = w.node!;
    w.node = null;
    const { key, had, old, aux, removed } = w;
    w.old = undefined;
    w.aux = undefined;
    const raw = node.raw as Record<PropertyKey, unknown>;
    if (removed !== undefined) {
      w.removed = undefined;
      const length = (raw as unknown as unknown[]).length;
      if (length === old) return;
      moved();
      // a non-configurable element stops the shrinking early (sloppy mode): only those past it went
      const from = (old as number) - removed.length;
      const items = removed.slice(length - from).map((v) => keep(v, node));
      write(node, OP_SPLICE, NO_KEY, [], undefined, splice(aux, length, items));
      return;
    }
    if (!Object.hasOwn(raw, key as PropertyKey)) {
      if (!had) return;
      if (typeof old === 'object' && old !== null) moved();
      write(node, OP_DELETE | HAS_OLD, key, undefined, keep(old, node), aux);
      return;
    }
    // own now: a data property (the write itself, or a data property before it) unless a setter of the
    // prototype chain defined an own accessor meanwhile, which no write makes
    const value = had ? raw[key as PropertyKey] : dataOf(raw, key as PropertyKey);
    if (value === NOT_DATA) return;
    keyChanged(node, key, had, old, value, aux);
  }

  /** One own data property of an owned object written: recorded unless the value stayed the same. */
  function keyChanged(
    node: Node,
    key: unknown,
    had: boolean,
    old: unknown,
    value: unknown,
    aux: Extras | undefined,
  ): boolean {
    if (had && Object.is(old, value)) return false;
    if (had && typeof old === 'object' && old !== null) moved();
    adopt(value, node, key);
    write(node, had ? OP_SET | HAS_OLD : OP_SET, key, keep(value, node), keep(old, node), aux);
    return true;
  }

  /** Whether a keyed write is under way (atKey found its target registered). */
  const capturing = (): boolean => w.node !== null;
  return { beforeKeyed, afterKeyed, capturing, keyChanged };
}

export const { beforeKeyed, afterKeyed, capturing, keyChanged } = keyedWrites(owned);

// ---- Object.assign(target, …sources): captured right before it runs, each key it wrote recorded after ----

const a = {
  node: null as Node | null,
  before: null as Record<PropertyKey, PropertyDescriptor> | null,
  aux: undefined as Extras | undefined,
};

export function beforeAssign(target: unknown): void {
  const node = typeof target === 'object' && target !== null ? owned.get(target) : undefined;
  if (node === undefined || (node.kind !== KIND_OBJECT && node.kind !== KIND_INSTANCE)) {
    a.node = null; // also drops a captured assign that threw
    a.before = null;
    return;
  }
  a.node = node;
  a.before = Object.getOwnPropertyDescriptors(target);
  a.aux = before(node);
}

export function assignCaptured(): boolean {
  return a.node !== null;
}

/** Records each own data property the call added or changed, in the target's key order. */
export function afterAssign(): void {
  const node = a.node!;
  const was = a.before!;
  let aux = a.aux;
  a.node = null;
  a.before = null;
  a.aux = undefined;
  const now = Object.getOwnPropertyDescriptors(node.raw);
  const site = pending.s; // every property the call wrote is a change of this line, not only the first
  for (const key of Reflect.ownKeys(now)) {
    const d = now[key as any]!;
    if (!('value' in d)) continue;
    const prior = Object.hasOwn(was, key) ? was[key as any] : undefined;
    if (prior !== undefined && !('value' in prior)) continue; // an accessor before: its setter's writes count
    pending.s = site;
    // the snapshot option's `before` was taken before the call: it belongs to the first change only
    if (keyChanged(node, key, prior !== undefined, prior?.value, d.value, aux)) aux = before(node);
  }
}

/**
 * A write made by statetrail itself (revert) to what may be an owned object: recorded as the same
 * write in instrumented code would be (nothing else records a plain object's writes).
 */
export function recordedWrite(target: object, key: unknown, value: unknown, write: () => void): void {
  beforeKeyed(target, key, value); // captures nothing unless the target is owned
  write();
  if (capturing()) afterKeyed();
}

/** The same for a mutating call (splice, Map set, Set add...). */
export function recordedCall(receiver: object, call: () => void): void {
  beforeCall(receiver);
  call();
  if (callCaptured()) afterCall();
}

// ---- one mutating call on an owned array, Map or Set: `this.items.push(x)` ----

const c = {
  node: null as Node | null,
  copy: null as unknown[] | Map<unknown, unknown> | Set<unknown> | null,
  aux: undefined as Extras | undefined,
};

export function beforeCall(receiver: unknown): void {
  const node = typeof receiver === 'object' && receiver !== null ? owned.get(receiver) : undefined;
  if (node === undefined || node.kind === KIND_INSTANCE || node.kind === KIND_OBJECT) {
    if (c.node !== null) {
      c.node = null; // a captured call that threw: drop its copy
      c.copy = null;
      c.aux = undefined;
    }
    return;
  }
  c.node = node;
  const raw = node.raw as any;
  c.copy = node.kind === KIND_ARRAY ? sliceOf(raw) : node.kind === KIND_MAP ? copyOfMap(raw) : copyOfSet(raw);
  c.aux = before(node);
}

export function callCaptured(): boolean {
  return c.node !== null;
}

/** Records what the call changed: one splice for an array, one change per entry for a Map or Set. */
export function afterCall(): void {
  const node = c.node!;
  const { copy, aux } = c;
  c.node = null;
  c.copy = null;
  c.aux = undefined;
  if (node.kind === KIND_ARRAY) arrayChanged(node, copy as unknown[], aux);
  else if (node.kind === KIND_MAP) mapChanged(node, copy as Map<unknown, unknown>, aux);
  else setChanged(node, copy as Set<unknown>, aux);
}

function arrayChanged(node: Node, was: unknown[], aux: Extras | undefined): void {
  const now = node.raw as unknown[];
  let from = 0;
  const common = Math.min(was.length, now.length);
  while (from < common && Object.is(was[from], now[from])) from++;
  let tail = 0;
  while (tail < common - from && Object.is(was[was.length - 1 - tail], now[now.length - 1 - tail])) tail++;
  const removed = was.slice(from, was.length - tail);
  const inserted = sliceOf(now, from, now.length - tail);
  if (removed.length === 0 && inserted.length === 0) return;
  if (removed.some((v) => typeof v === 'object' && v !== null) || from < now.length - inserted.length)
    invalidatePositions(); // elements moved or left: their paths change
  for (let i = 0; i < inserted.length; i++) own(inserted[i], node, from + i);
  const extras = spliceExtras(
    aux,
    from,
    removed.map((v) => retained(v, node)),
  );
  record(
    node,
    OP_SPLICE,
    NO_KEY,
    inserted.map((v) => retained(v, node)),
    undefined,
    extras,
  );
}

function mapChanged(node: Node, was: Map<unknown, unknown>, aux: Extras | undefined): void {
  const now = node.raw as Map<unknown, unknown>;
  eachEntry(now, (k, v) => {
    const had = was.has(k);
    const old = was.get(k);
    if (had && Object.is(old, v)) return;
    if (had && typeof old === 'object' && old !== null) invalidatePositions();
    own(v, node, k);
    record(node, had ? OP_SET | HAS_OLD : OP_SET, k, retained(v, node), retained(old, node), aux);
    aux = undefined;
  });
  for (const [k, old] of was) {
    if (hasKey(now, k)) continue;
    if (typeof old === 'object' && old !== null) invalidatePositions();
    record(node, OP_DELETE | HAS_OLD, k, undefined, retained(old, node), aux);
    aux = undefined;
  }
}

function setChanged(node: Node, was: Set<unknown>, aux: Extras | undefined): void {
  const now = node.raw as Set<unknown>;
  eachValue(now, (v) => {
    if (was.has(v)) return;
    own(v, node, v);
    record(node, OP_ADD, NO_KEY, retained(v, node), undefined, aux);
    aux = undefined;
  });
  for (const old of was) {
    if (hasValue(now, old)) continue;
    if (typeof old === 'object' && old !== null) invalidatePositions();
    record(node, OP_DELETE | HAS_OLD, NO_KEY, undefined, retained(old, node), aux);
    aux = undefined;
  }
}
