/**
 * Tracked class instances: the one implementation behind `@tracked`, `@track`, `@untracked`
 * (decorators/, both decorator worlds) and `trackClass` (runtime.ts, used by the transformer).
 *
 * Representation: a tracked instance stays the very object its class constructed (no Proxy, so
 * `#private` members, `this` in methods and identity are untouched). Each tracked field becomes an
 * own, enumerable, configurable accessor whose getter and setter are shared by every instance of
 * the class (one pair per class and key, so V8 keeps one hidden class and inlines the getter); the
 * values live in a per-instance array under a non-enumerable symbol, slot 0 holding the Node.
 * JSON.stringify, Object.keys/entries, spread, Object.assign and structuredClone read own
 * enumerable properties through their getters, so they see the same data as without tracking.
 *
 * Converting a data property into an accessor in place drops V8 into dictionary mode (reads ~10x
 * slower, measured), so fields are converted by deleting the own properties last-first (each
 * delete rolls the hidden class back) and defining them again in their original order.
 */
import { type TrackOptions, validateTrackOptions } from '../config';
import { describe } from '../errors';
import { HAS_OLD, OP_SET } from '../history/change';
import { ChangeLog } from '../history/log';
import { access } from './access';
import { invalidatePositions, KIND_INSTANCE, Node, nextLabel, nodeOf, register } from './node';
import { before, record } from './record';
import { installTraps } from './traps';
import { adopt, child, unwrap } from './wrap';

installTraps(); // deep fields hold tracked objects, arrays, Maps and Sets

/** Options of `@tracked`: the per-object subset of TrackOptions, with a label function. */
export interface TrackedOptions extends Omit<TrackOptions, 'label'> {
  /** Label of an instance in change records; default `ClassName#n`, n counting per class. */
  label?: (instance: any) => string;
}

/** The hidden per-instance storage: [node, owner class, value of slot 2, value of slot 3, ...]. */
export const SLOTS: unique symbol = Symbol('statetrail.slots');
type Slots = [Node, Function, ...unknown[]];
type Instance = Record<PropertyKey, unknown> & { [SLOTS]?: Slots };

/** What statetrail knows of one class. */
export interface ClassInfo {
  readonly name: string;
  /** `@tracked` (every field) rather than `@track` on chosen fields only. */
  whole: boolean;
  options: TrackedOptions | null;
  /** `@untracked` keys, this class's own; `excluded()` merges the parents'. */
  readonly untracked: Set<PropertyKey>;
  /** `@track` keys (fields of an otherwise undecorated class). */
  readonly chosen: Set<PropertyKey>;
  /** Field types from emitDecoratorMetadata (`design:type`), where present. */
  readonly types: Map<PropertyKey, unknown>;
  /** The class whose construction ends tracking setup (the @tracked wrapper), once made. */
  wrapper: Function | null;
}

const infos = new WeakMap<Function, ClassInfo>();

export function infoOf(ctor: Function): ClassInfo | undefined {
  return infos.get(ctor);
}

export function ensureInfo(ctor: Function): ClassInfo {
  let info = infos.get(ctor);
  if (info === undefined) {
    info = {
      name: ctor.name || '(anonymous class)',
      whole: false,
      options: null,
      untracked: new Set(),
      chosen: new Set(),
      types: new Map(),
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

// ---- errors: they name the class, the member and the fix ----

export function decoratorError(decorator: string, where: string, problem: string, fix: string): TypeError {
  return new TypeError(`statetrail: ${decorator} on ${where}: ${problem}. Fix: ${fix}`);
}

const OPTION_KEYS = ['label', 'deep', 'captureStack', 'captureSnapshots', 'historyLimit', 'redact'];

/** Validates `@tracked` options once, at class definition, naming the class. */
export function validateTrackedOptions(className: string, options: unknown): TrackedOptions | null {
  if (options === undefined) return null;
  const where = `class ${className}`;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw decoratorError(
      '@tracked',
      where,
      `options must be an object, got ${describe(options)}`,
      'pass { label, deep, captureStack, captureSnapshots } or nothing',
    );
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!OPTION_KEYS.includes(key)) {
      throw decoratorError(
        '@tracked',
        where,
        `unknown option ${JSON.stringify(key)}`,
        `use only ${OPTION_KEYS.join(', ')}`,
      );
    }
  }
  if (o.label !== undefined && typeof o.label !== 'function') {
    throw decoratorError(
      '@tracked',
      where,
      `options.label must be a function of the instance, got ${describe(o.label)}`,
      'label: (instance) => string',
    );
  }
  const { label: _label, ...rest } = o;
  try {
    validateTrackOptions('@tracked', rest as TrackOptions);
  } catch (error) {
    throw decoratorError(
      '@tracked',
      where,
      (error as Error).message.replace(/^statetrail: /, ''),
      'see the option types in docs/decorators.md',
    );
  }
  return o as TrackedOptions;
}

// ---- accessors: one shared getter/setter pair per class and key ----

interface Accessor {
  readonly slot: number;
  readonly descriptor: PropertyDescriptor;
}

/**
 * Accessor pairs and slot numbers per class and key (slots 0 and 1 hold the Node and this class):
 * each getter only ever sees one class's instances (monomorphic), and slot arrays stay dense.
 */
const accessors = new WeakMap<Function, Map<PropertyKey, Accessor>>();

function accessorFor(owner: Function, key: PropertyKey): Accessor {
  let byKey = accessors.get(owner);
  if (byKey === undefined) accessors.set(owner, (byKey = new Map()));
  let a = byKey.get(key);
  if (a !== undefined) return a;
  const slot = byKey.size + 2;
  const i = slot;
  // Measured (bench/decorators-fields.ts): a read is the getter inlined, one symbol load + one element load.
  function get(this: Instance): unknown {
    const s = this[SLOTS]!;
    const v = s[i];
    if (access.on) access.read(s[0], key, v);
    return typeof v === 'object' && v !== null ? child(v, s[0], key) : v;
  }
  function set(this: Instance, v: unknown): void {
    const s = this[SLOTS];
    if (s === undefined || s[0].raw !== this) {
      // reached through the prototype chain (Object.create(instance)): act as a data property would
      Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
      return;
    }
    const node = s[0];
    const value = unwrap(v);
    const old = s[i];
    if (Object.is(old, value)) return;
    const aux = before(node);
    s[i] = value;
    if (typeof old === 'object' && old !== null) invalidatePositions(); // the old child may be detached
    adopt(value, node, key);
    record(node, OP_SET | HAS_OLD, key, value, old, aux);
  }
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
  defineSlots(instance, [node, ctor]);
  return node;
}

function defineSlots(instance: Instance, slots: Slots): void {
  Object.defineProperty(instance, SLOTS, {
    value: slots,
    writable: false,
    enumerable: false,
    configurable: true,
  });
}

function newNode(instance: Instance, ctor: Function): Node {
  if (!Object.isExtensible(instance)) {
    throw new TypeError(
      `statetrail: @tracked ${ctor.name}: the instance was made non-extensible (Object.freeze, seal or ` +
        'preventExtensions) before tracking could start. Fix: freeze it after construction, or leave the class untracked',
    );
  }
  const node = new Node(instance, instance, KIND_INSTANCE);
  register(node);
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
    node.options = rest as TrackOptions;
    if (options.historyLimit !== undefined) node.log = new ChangeLog(options.historyLimit);
  }
  return node;
}

/**
 * Turns the own data fields of `instance` selected by `pick` into tracked accessors; their current
 * values are the initial state (nothing is recorded). Fields already tracked are left as they are.
 * Only the properties from the first converted one on are deleted and defined again; a new
 * instance's hidden storage is defined last, after them.
 */
function convert(instance: Instance, ctor: Function, pick: (key: PropertyKey) => boolean): void {
  const keys = Reflect.ownKeys(instance);
  const descriptors: PropertyDescriptor[] = [];
  let first = -1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const d = Object.getOwnPropertyDescriptor(instance, key)!;
    descriptors.push(d);
    if (first < 0 && key !== SLOTS && isConvertible(d) && pick(key)) first = i;
  }
  if (first < 0) return;
  let node = nodeOf(instance);
  let slots = instance[SLOTS];
  const fresh = node === undefined;
  if (node === undefined) {
    node = newNode(instance, ctor);
    slots = [node, ctor];
  }
  let locked = false;
  const plan: PropertyDescriptor[] = [];
  for (let i = first; i < keys.length; i++) {
    const key = keys[i]!;
    const d = descriptors[i]!;
    if (!d.configurable) locked = true;
    if (key !== SLOTS && isConvertible(d) && pick(key)) {
      const a = accessorFor(slots![1], key);
      const value = unwrap(d.value);
      slots![a.slot] = value;
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
  if (fresh) defineSlots(instance, slots!);
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
 * `trackClass(C)` (statetrail/runtime; the transformer's `classes` option): marks `C` tracked in
 * place, as `@tracked` would, without replacing it. A class cannot be changed in place so that its
 * own constructor does something more: for field definitions (define semantics) no hook exists.
 * So the mark alone makes instances tracked only where something else ends their construction:
 * `trackInstance(this, C, new.target)` at the end of C's constructor, a `@tracked` subclass, or a
 * tracked base class (then C counts as an undecorated subclass). See docs/decorators.md.
 */
export function trackClass(ctor: Function): void {
  if (typeof ctor !== 'function' || ctor.prototype === undefined) {
    throw new TypeError(`statetrail: trackClass: expected a class, got ${describe(ctor)}`);
  }
  ensureInfo(ctor).whole = true;
}

/**
 * The end of the constructor of a `trackClass`ed class `cls` (instrumented code calls it with
 * `new.target`): the instance becomes tracked unless a subclass that is tracked too will do it.
 */
export function trackInstance(instance: object, cls: Function, newTarget: Function): void {
  const info = ensureInfo(cls);
  info.whole = true;
  info.wrapper ??= cls; // from now on, tracked bases of cls leave the finish to it
  if (finishesHere(cls, newTarget)) constructed(instance, newTarget, cls);
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
      const value = get.call(this);
      if (Object.is(old, value)) return;
      if (typeof old === 'object' && old !== null) invalidatePositions();
      adopt(value, node, key);
      record(node, OP_SET | HAS_OLD, key, value, old, aux);
    },
  };
}

/** Makes the node of an instance whose `accessor` field was just initialized (standard `init`). */
export function ensureInstance(instance: object): void {
  instanceNode(instance as Instance, (instance.constructor as Function | undefined) ?? Object);
}
