/**
 * Tracked class instances: the implementation behind `@tracked`, `@track`, `@untracked`
 * (decorators/, both decorator worlds), and the class marks of `trackClass`/`trackInstance`
 * (runtime.ts, the transformer's `classes` option), whose instances stay plain objects (owned.ts).
 *
 * The representation below is `@tracked`'s:
 * a tracked instance stays the very object its class constructed (no Proxy, so
 * `#private` members, `this` in methods and identity are untouched). Each tracked field becomes an
 * own, enumerable, configurable accessor whose getter and setter are shared by every instance of
 * the class (one pair per class and key, so V8 keeps one hidden class and inlines the getter); each
 * value lives in an own non-enumerable data property under a symbol of its class and key, the Node
 * under NODE (a read is one symbol-keyed load, measured at plain-read speed: bench scenario
 * `decorated-standard-read`).
 * JSON.stringify, Object.keys/entries, spread, Object.assign and structuredClone (clone.ts) read own
 * enumerable properties through their getters, so they see the same data as without tracking.
 *
 * Converting a data property into an accessor in place drops V8 into dictionary mode (reads ~10x
 * slower, measured), so fields are converted by deleting the own properties last-first (each
 * delete rolls the hidden class back) and defining them again in their original order.
 */
import type { TrackOptions } from '../config';
import { describe, typeError } from '../errors';
import { ChangeLog } from '../history/log';
import { access } from './access';
import { installClone } from './clone';
import { KIND_INSTANCE, Node, nextLabel, nodeOf, register, setRootOptions } from './node';
import { ownFieldsAgain, ownInstance } from './owned';
import { before, recordWrite } from './record';
import { installTraps } from './traps';
import { adopt, child, unwrap } from './wrap';

installTraps(); // deep fields hold tracked objects, arrays, Maps and Sets
installClone(); // ...which structuredClone must see raw (clone.ts)

/** Options of `@tracked`: the per-object subset of TrackOptions, with a label function. */
export interface TrackedOptions extends Omit<TrackOptions, 'label'> {
  /** Label of an instance in change records; default `ClassName#n`, n counting per class. */
  label?: (instance: any) => string;
}

/** The hidden Node of a tracked instance. */
export const NODE: unique symbol = Symbol('statetrail.node');
type Instance = Record<PropertyKey, unknown> & { [NODE]?: Node };

/** The class whose accessor pairs an instance uses (the one it was first tracked as). */
const owners = new WeakMap<Node, Function>();

/** What statetrail knows of one class. */
export interface ClassInfo {
  readonly name: string;
  /** `@tracked` (every field) rather than `@track` on chosen fields only. */
  whole: boolean;
  options: TrackedOptions | null;
  /** `@untracked` keys, this class's own; `excluded()` merges the parents'. */
  readonly untracked: Set<PropertyKey>;
  /** The class whose construction ends tracking setup (the @tracked wrapper), once made. */
  wrapper: Function | null;
}

const infos = new WeakMap<Function, ClassInfo>();

export function ensureInfo(ctor: Function): ClassInfo {
  let info = infos.get(ctor);
  if (info === undefined) {
    info = {
      name: ctor.name || '(anonymous class)',
      whole: false,
      options: null,
      untracked: new Set(),
      wrapper: null,
    };
    infos.set(ctor, info);
  }
  return info;
}

/** The info of `ctor` or of its nearest ancestor that is a tracked class (its options apply). */
function nearestTracked(ctor: Function | null): ClassInfo | undefined {
  for (let c = ctor; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    const info = infos.get(c);
    if (info?.whole) return info;
  }
  return undefined;
}

/** Where standard `@untracked` keeps its keys: a Set under this key of the class's `context.metadata`. */
export const UNTRACKED: unique symbol = Symbol('statetrail.untracked');

/** What construction needs to know of a class, computed at its first instance (classes are complete by then). */
interface Plan {
  /** The nearest tracked class: its options apply. */
  readonly tracked: ClassInfo | undefined;
  /** `@untracked` keys of the class and every class it extends (legacy: ClassInfo; standard: metadata). */
  readonly excluded: ReadonlySet<PropertyKey>;
}

const plans = new WeakMap<Function, Plan>();

function planOf(ctor: Function): Plan {
  let plan = plans.get(ctor);
  if (plan !== undefined && plan.tracked !== undefined) return plan;
  const excluded = new Set<PropertyKey>();
  const metadataKey = (Symbol as { metadata?: symbol }).metadata;
  for (let c: Function | null = ctor; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    for (const key of infos.get(c)?.untracked ?? []) excluded.add(key);
    const metadata = metadataKey === undefined ? undefined : (c as any)[metadataKey];
    if (metadata != null && Object.hasOwn(metadata, UNTRACKED))
      for (const key of metadata[UNTRACKED]) excluded.add(key);
  }
  plan = { tracked: nearestTracked(ctor), excluded };
  plans.set(ctor, plan);
  return plan;
}

// ---- accessors: one shared getter/setter pair per class and key ----

interface Accessor {
  /** The key of the value's own data property. */
  readonly slot: symbol;
  readonly descriptor: PropertyDescriptor;
}

/** A set reached through the prototype chain (Object.create(instance)): act as a data property would. */
function shadow(heir: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(heir, key, { value, writable: true, enumerable: true, configurable: true });
}

/** What the accessor pairs use: passed in, so that pairs() refers to nothing outside itself. */
const parts = { NODE, access, child, unwrap, before, recordWrite, shadow };

/**
 * The getter and setter of one tracked field. V8 shares one feedback vector among the closures of
 * one function literal, so closures made from this for many classes and keys would make the load
 * `this[slot]` megamorphic (measured 7.8 ns against 0.7 ns for a plain read, bench/tools/read-shape.ts).
 * So each class and key gets its own copy compiled from this function's source (see accessorFor);
 * where code cannot be compiled at run time (a Content-Security-Policy without 'unsafe-eval'), this
 * function itself is used.
 */
function pairs(key: PropertyKey, slot: symbol, p: typeof parts) {
  const hook = p.access; // off, a read pays one flag check (`hook.on`) for race detection
  return {
    get(this: any): unknown {
      const v = this[slot];
      if (hook.on) hook.read(this[p.NODE], key, v);
      return typeof v === 'object' && v !== null ? p.child(v, this[p.NODE], key) : v;
    },
    set(this: any, v: unknown): void {
      const node = this[p.NODE];
      if (node === undefined || node.raw !== this) {
        p.shadow(this, key, v);
        return;
      }
      const value = p.unwrap(v);
      const old = this[slot];
      const aux = p.before(node);
      this[slot] = value;
      p.recordWrite(node, key, true, old, value, aux);
    },
  };
}

let compiled = 0;

/** A copy of pairs() with its own source text (the comment), hence its own feedback; or pairs(). */
function pairsFor(name: string): typeof pairs {
  try {
    const source = `'use strict'; // statetrail field ${name} #${++compiled}\nreturn ${pairs.toString()}`;
    const copy = new Function(source)();
    copy('probe', NODE, parts); // a bundler's helper referenced inside would throw here
    return copy;
  } catch {
    return pairs;
  }
}

/**
 * Accessor pairs and value symbols per class and key: each getter only ever sees one class's
 * instances (monomorphic), which share one hidden class.
 */
const accessors = new WeakMap<Function, Map<PropertyKey, Accessor>>();

function accessorFor(owner: Function, key: PropertyKey): Accessor {
  let byKey = accessors.get(owner);
  if (byKey === undefined) accessors.set(owner, (byKey = new Map()));
  let a = byKey.get(key);
  if (a !== undefined) return a;
  const slot = Symbol(`statetrail.${String(key)}`);
  const { get, set } = pairsFor(`${owner.name}.${String(key)}`)(key, slot, parts);
  Object.defineProperty(get, 'name', { value: `get ${String(key)}` });
  Object.defineProperty(set, 'name', { value: `set ${String(key)}` });
  a = { slot, descriptor: { get, set, enumerable: true, configurable: true } };
  byKey.set(key, a);
  return a;
}

// ---- making an instance tracked ----

/** The instance's node, creating it (a root, labelled) on first use. */
function instanceNode(instance: Instance, ctor: Function): Node {
  const known = nodeOf(instance);
  if (known !== undefined) return known;
  const node = newNode(instance, ctor);
  defineHidden(instance, NODE, node, false);
  return node;
}

function defineHidden(instance: Instance, key: symbol, value: unknown, writable: boolean): void {
  Object.defineProperty(instance, key, { value, writable, enumerable: false, configurable: true });
}

/** A new root node for `instance`; `accessors`: its fields will become accessors (they need extensibility). */
function newNode(instance: Instance, ctor: Function, accessors = true): Node {
  if (accessors && !Object.isExtensible(instance)) {
    throw new TypeError(
      `statetrail: @tracked ${ctor.name}: the instance was made non-extensible (Object.freeze, seal or ` +
        'preventExtensions) before tracking could start. Fix: freeze it after construction, or leave the class untracked',
    );
  }
  const node = new Node(instance, instance, KIND_INSTANCE);
  register(node);
  owners.set(node, ctor);
  const options = planOf(ctor).tracked?.options ?? null;
  const label = options?.label !== undefined ? options.label(instance) : nextLabel(ctor.name || 'Object');
  if (typeof label !== 'string' || label === '') {
    throw new TypeError(
      `statetrail: @tracked(${ctor.name}): options.label must return a non-empty string, got ${describe(label)}`,
    );
  }
  // makeRoot() without its epoch bump: a new node has no cached position and nothing under it,
  // and invalidating every cached position at each construction would slow all later writes
  node.root = true;
  node.label = label;
  if (options !== null) {
    const { label: _l, ...rest } = options;
    setRootOptions(node, rest as TrackOptions);
    if (options.historyLimit !== undefined) node.log = new ChangeLog(options.historyLimit);
  }
  return node;
}

/**
 * Turns the own data fields of `instance` selected by `pick` into tracked accessors; their current
 * values are the initial state (nothing is recorded). Fields already tracked are left as they are.
 * Only the properties from the first converted one on are deleted and defined again; the hidden
 * properties (a new instance's node, then the values) are defined last, after them.
 */
function convert(instance: Instance, ctor: Function, pick: (key: PropertyKey) => boolean): void {
  const keys = Reflect.ownKeys(instance);
  const descriptors: PropertyDescriptor[] = [];
  let first = -1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const d = Object.getOwnPropertyDescriptor(instance, key)!;
    descriptors.push(d);
    if (first < 0 && isConvertible(d) && pick(key)) first = i;
  }
  if (first < 0) return;
  let node = nodeOf(instance);
  const fresh = node === undefined;
  if (node === undefined) node = newNode(instance, ctor);
  const owner = owners.get(node) ?? ctor;
  let locked = false;
  const plan: PropertyDescriptor[] = [];
  const values: [symbol, unknown][] = [];
  for (let i = first; i < keys.length; i++) {
    const key = keys[i]!;
    const d = descriptors[i]!;
    if (!d.configurable) locked = true;
    if (isConvertible(d) && pick(key)) {
      const a = accessorFor(owner, key);
      const value = unwrap(d.value);
      values.push([a.slot, value]);
      adopt(value, node, key);
      plan.push(a.descriptor);
    } else plan.push(d);
  }
  if (locked) {
    // a non-configurable property cannot be deleted: redefine in place (slower reads, still correct)
    for (let i = first; i < keys.length; i++) {
      if (plan[i - first] !== descriptors[i]) Object.defineProperty(instance, keys[i]!, plan[i - first]!);
    }
  } else {
    for (let i = keys.length - 1; i >= first; i--) delete instance[keys[i]!];
    for (let i = first; i < keys.length; i++) Object.defineProperty(instance, keys[i]!, plan[i - first]!);
  }
  if (fresh) defineHidden(instance, NODE, node, false);
  for (const [slot, value] of values) defineHidden(instance, slot, value, true);
}

function isConvertible(d: PropertyDescriptor): boolean {
  return 'value' in d && d.writable === true && d.configurable === true && d.enumerable === true;
}

/** Every own field of `instance` except `@untracked` ones becomes tracked (what `@tracked` does). */
export function trackAllFields(instance: object, ctor: Function): void {
  const inst = instance as Instance;
  const excluded = planOf(ctor).excluded;
  convert(inst, ctor, (key) => typeof key === 'string' && !excluded.has(key));
  instanceNode(inst, ctor); // also when it has no field (yet)
}

/** One `@track` field of `instance` becomes tracked, with its current value as the initial state. */
export function trackOneField(instance: object, key: PropertyKey): void {
  const inst = instance as Instance;
  const ctor = (inst.constructor as Function | undefined) ?? Object;
  convert(inst, ctor, (k) => k === key);
  instanceNode(inst, ctor);
}

/** A `@track` field first assigned through the prototype (legacy decorators, set semantics). */
export function defineTrackedField(instance: object, key: PropertyKey, value: unknown): void {
  const inst = instance as Instance;
  Object.defineProperty(inst, key, { value, writable: true, enumerable: true, configurable: true });
  trackOneField(inst, key);
}

// ---- tracked classes ----

const warned = new WeakSet<Function>();

/**
 * Called at the end of a tracked class's constructor (the wrapper made by `trackedClass`).
 * `newTarget` is the class being constructed: when it is an undecorated subclass, its own fields
 * are defined only after this returns, so they are tracked at the end of the current job.
 */
export function constructed(instance: object, newTarget: Function, wrapper: Function): void {
  trackAllFields(instance, newTarget);
  if (newTarget === wrapper) return;
  queueMicrotask(() => completeLate(instance, newTarget));
}

function completeLate(instance: object, ctor: Function): void {
  const before = Object.keys(instance).filter((k) =>
    isConvertible(Object.getOwnPropertyDescriptor(instance, k)!),
  );
  const excluded = planOf(ctor).excluded;
  const fields = before.filter((k) => !excluded.has(k));
  if (fields.length === 0) return;
  trackAllFields(instance, ctor);
  if (warned.has(ctor)) return;
  warned.add(ctor);
  console.warn(
    `statetrail: class ${ctor.name} extends a @tracked class but is not decorated itself; its fields ${fields.join(', ')} ` +
      'are tracked only from the end of the job that constructed each instance. Add @tracked to it to track them from construction.',
  );
}

/**
 * The class `@tracked` returns: a subclass of `ctor` with the same name whose constructor runs the
 * original one (field initializers, parameter properties and body: all initial state) and then
 * makes every field tracked. Statics are inherited; `instanceof` works both ways.
 */
export function trackedClass<C extends abstract new (...args: any[]) => object>(
  ctor: C,
  options: TrackedOptions | null,
): C {
  const info = ensureInfo(ctor);
  info.whole = true;
  info.options = options;
  const Base = ctor as unknown as new (...args: any[]) => object;
  const Tracked = class extends Base {
    constructor(...args: any[]) {
      super(...args);
      // only the tracked class nearest to the one being constructed finishes the setup
      if (finishesHere(Tracked, new.target)) constructed(this, new.target, Tracked);
    }
  };
  Object.defineProperty(Tracked, 'name', { value: ctor.name, configurable: true });
  Object.defineProperty(Tracked, 'length', { value: ctor.length, configurable: true });
  info.wrapper = Tracked;
  infos.set(Tracked, info);
  return Tracked as unknown as C;
}

/** No other tracked wrapper lies between `wrapper` and the class being constructed. */
function finishesHere(wrapper: Function, newTarget: Function): boolean {
  for (
    let c: Function | null = newTarget;
    typeof c === 'function' && c !== wrapper;
    c = Object.getPrototypeOf(c)
  ) {
    if (infos.get(c)?.wrapper === c) return false;
  }
  return true;
}

/**
 * `trackClass(C, finishes)` (statetrail/runtime; the transformer's `classes` option): marks `C` tracked
 * in place, without replacing it. `finishes`: C's constructor ends with `trackInstance` (named classes),
 * so from its definition on, tracked base classes leave the finish of C's instances to C: every
 * instance of every class of a chain in the glob is finished once, by its most derived class, with no
 * warning. An anonymous class (marked from a static block, no trackInstance) is finished by its base.
 */
export function trackClass(ctor: Function, finishes?: boolean): void {
  if (typeof ctor !== 'function' || ctor.prototype === undefined) {
    throw new TypeError(`statetrail: trackClass: expected a class, got ${describe(ctor)}`);
  }
  const info = ensureInfo(ctor);
  info.whole = true;
  if (finishes === true) info.wrapper ??= ctor;
}

/**
 * The end of the constructor of a `trackClass`ed class `cls` (instrumented code calls it with
 * `new.target`): unless a subclass that is tracked too will finish it, the instance becomes a tracked
 * root and stays a plain object — its own data properties untouched (identity, descriptors, freezing,
 * structuredClone as without statetrail). Instrumented writes to it and to the plain objects its
 * fields hold are then recorded by the runtime's keyed writes (owned.ts). Fields a subclass outside
 * the glob defines after this returns are data properties like the others: writes to them are
 * recorded too, and the objects they hold are registered at the end of the current job.
 */
export function trackInstance(instance: object, cls: Function, newTarget: Function): void {
  if (typeof instance !== 'object' || instance === null)
    throw typeError('trackInstance', 'instance', 'the object being constructed (this)', instance);
  if (typeof cls !== 'function') throw typeError('trackInstance', 'cls', 'a class', cls);
  if (typeof newTarget !== 'function')
    throw typeError('trackInstance', 'newTarget', 'a class (new.target)', newTarget);
  const info = ensureInfo(cls);
  info.whole = true;
  info.wrapper ??= cls;
  if (!finishesHere(cls, newTarget) || nodeOf(instance) !== undefined) return;
  const node = newNode(instance as Instance, newTarget, false);
  ownInstance(node);
  if (newTarget !== cls) queueMicrotask(() => ownFieldsAgain(instance));
}

// ---- `@track` on an accessor (standard `accessor` fields, legacy get/set pairs) ----

/**
 * Wraps an accessor's get/set so writes through it are recorded with `key` as the path. The
 * instance's node is made on first use; the value read back after the set is the recorded one.
 */
export function trackedAccessor(
  key: PropertyKey,
  get: (this: any) => unknown,
  set: (this: any, v: unknown) => void,
): { get(this: any): unknown; set(this: any, v: unknown): void } {
  return {
    get(this: Instance): unknown {
      const v = get.call(this);
      if (typeof v !== 'object' || v === null) return v;
      const node = nodeOf(this);
      return node !== undefined && node.raw === this ? child(v, node, key) : v;
    },
    set(this: Instance, v: unknown): void {
      const node = instanceNode(this, (this.constructor as Function | undefined) ?? Object);
      const old = get.call(this);
      const aux = before(node);
      set.call(this, unwrap(v));
      recordWrite(node, key, true, old, get.call(this), aux);
    },
  };
}

/** Makes the node of an instance whose `accessor` field was just initialized (standard `init`). */
export function ensureInstance(instance: object): void {
  instanceNode(instance as Instance, (instance.constructor as Function | undefined) ?? Object);
}
