/**
 * The bookkeeping behind every tracked object: a Node per object, reachable from both the raw
 * object and what users hold (the proxy, or a decorated instance itself), and the position of
 * each node — its root and its path from there — cached until the structure changes.
 *
 * Parent links are candidates, checked when a position is computed: a link whose parent no
 * longer holds the child (overwritten, deleted, spliced out, moved to another index) is dropped
 * there. So detaching costs one counter increment at write time, and array elements find their
 * current index by search only when they next report a change.
 */
import { config, onConfigure, type TrackOptions } from '../config';
import type { Frame } from '../context/scope';
import type { ChangeLog } from '../history/log';
import { compileRedactor, isRedactedKey, type Redactor } from '../redact';

export const KIND_OBJECT = 0;
export const KIND_ARRAY = 1;
export const KIND_MAP = 2;
export const KIND_SET = 3;
/** A `@tracked` class instance (decorators/) — its own proxy. */
export const KIND_INSTANCE = 4;
/** A `let`/`var` binding instrumented by the transformer. */
export const KIND_VARIABLE = 5;

/** Resolved per-root settings: the root's own options over the global configuration. */
export interface Settings {
  readonly captureStack: boolean;
  readonly captureSnapshots: boolean;
  readonly redactor: Redactor | null;
  readonly deep: boolean;
  /** Redaction or a capture is on, or the root keeps its own history: record() takes its full path. */
  readonly special: boolean;
}

export interface Position {
  readonly node: Node;
  /** The parent's position when this one was computed: the ancestry a change was recorded under. */
  readonly parent: Position | null;
  readonly root: Node;
  readonly path: readonly unknown[];
  /** Some key on the path is redacted: every value under it is. */
  readonly redacted: boolean;
  readonly settings: Settings;
  /** settings.special, one load nearer. */
  readonly special: boolean;
}

/** Where and who, shared by consecutive changes of one node in one context frame. */
export interface Origin {
  readonly pos: Position;
  readonly frame: Frame | undefined;
}

interface Link {
  readonly parent: Node;
  readonly key: unknown;
}

export class Node {
  /** Candidate parents; the first valid one gives the primary path. */
  links: Link[] | null = null;
  epoch = -1;
  pos: Position | null = null;
  origin: Origin | null = null;
  /** Observers of this node and everything under it (observe()), replaced on every change of the list. */
  observers: readonly unknown[] | null = null;
  /** The object's own history (per-object `historyLimit`). */
  log: ChangeLog | null = null;
  /** Set on roots: label and per-object options. */
  label = '';
  options: TrackOptions | null = null;
  root = false;
  /** The raw object has accessors or locked properties: traps read descriptors, not values. */
  exotic = false;
  /**
   * The key of the last write through the proxy of a plain object or array, own since then unless
   * deleted through the proxy (which clears it) or behind its back, from the raw object (then a
   * value its prototype holds under that key would read as the old one).
   */
  ownKey: unknown = undefined;
  /** The path of this node's last materialised change (see pathOf): its position and key. */
  pathPos: Position | null = null;
  pathKey: unknown = undefined;
  path: readonly unknown[] = NO_PATH;
  constructor(
    readonly raw: object,
    /** What users hold: the proxy, or the instance itself for decorated classes and variables. */
    public proxy: object,
    readonly kind: number,
  ) {}
}

const NO_PATH: readonly unknown[] = Object.freeze([]);

const nodes = new WeakMap<object, Node>();

export function nodeOf(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null ? nodes.get(value) : undefined;
}

export function register(node: Node): void {
  nodes.set(node.raw, node);
  if (node.proxy !== node.raw) nodes.set(node.proxy, node); // instances and variables are their own proxy
}

/** Structural epoch: positions computed in an older epoch are recomputed on next use. */
let epoch = 0;

export function invalidatePositions(): void {
  epoch++;
}

onConfigure(() => {
  invalidatePositions(); // positions carry the resolved settings
  if (config.captureSnapshots) snapshotRoots.on = true;
});

const labelCounters = new Map<string, number>();

export function nextLabel(name: string): string {
  const n = (labelCounters.get(name) ?? 0) + 1;
  labelCounters.set(name, n);
  return `${name}#${n}`;
}

/** Makes `node` a root, as track() and @tracked do. */
export function makeRoot(node: Node, label: string, options: TrackOptions | null): void {
  node.root = true;
  node.label = label;
  setRootOptions(node, options);
  epoch++;
}

export function addLink(child: Node, parent: Node, key: unknown): void {
  const links = child.links;
  if (links === null) child.links = [{ parent, key }];
  else if (!links.some((l) => l.parent === parent && Object.is(l.key, key))) links.push({ parent, key });
}

function settingsOf(root: Node): Settings {
  const o = root.options;
  const captureStack = o?.captureStack ?? config.captureStack;
  const captureSnapshots = o?.captureSnapshots ?? config.captureSnapshots;
  const redactor = o?.redact ? compileRedactor('track', o.redact) : config.redactor;
  return {
    captureStack,
    captureSnapshots,
    redactor,
    deep: o?.deep ?? true,
    special: captureStack || captureSnapshots || redactor !== null || root.log !== null,
  };
}

/**
 * Some root may capture snapshots (set with the option, never cleared): writers ask before() for
 * the state ahead of a write only then, so the common write locates its node once, in record().
 */
export const snapshotRoots = { on: config.captureSnapshots };

export function setRootOptions(node: Node, options: TrackOptions | null): void {
  node.options = options;
  if (options?.captureSnapshots === true) snapshotRoots.on = true;
}

/** The key under which `parent` holds `child` now, or undefined if it does not. */
function currentKey(parent: Node, child: Node, key: unknown): { key: unknown } | undefined {
  const p = parent.raw as any;
  switch (parent.kind) {
    case KIND_ARRAY: {
      const i = (p as unknown[]).indexOf(child.raw);
      return i < 0 ? undefined : { key: i };
    }
    case KIND_MAP:
      return (p as Map<unknown, unknown>).get(key) === child.raw ? { key } : undefined;
    case KIND_SET:
      return (p as Set<unknown>).has(child.raw) ? { key } : undefined;
    case KIND_INSTANCE: {
      // decorated fields are accessors over the instance's own storage
      const v = p[key as PropertyKey];
      return v === child.raw || v === child.proxy ? { key } : undefined;
    }
    default:
      return Object.getOwnPropertyDescriptor(p, key as PropertyKey)?.value === child.raw
        ? { key }
        : undefined;
  }
}

/** The node's root and path now; null when no root reaches it (detached). Small enough to inline. */
export function locate(node: Node): Position | null {
  return node.epoch === epoch ? node.pos : relocate(node);
}

function relocate(node: Node): Position | null {
  node.epoch = epoch;
  node.pos = null; // also marks the node as visited while its parents are searched (cycles)
  if (node.root) {
    const settings = settingsOf(node);
    node.pos = Object.freeze({
      node,
      parent: null,
      root: node,
      path: NO_PATH,
      // a variable's name is its key: `let password` is redacted like `user.password`
      redacted:
        node.kind === KIND_VARIABLE &&
        settings.redactor !== null &&
        isRedactedKey(settings.redactor, node.label),
      settings,
      special: settings.special,
    });
    return node.pos;
  }
  const links = node.links;
  if (links !== null) {
    for (let i = 0; i < links.length; i++) {
      const link = links[i]!;
      const now = currentKey(link.parent, node, link.key);
      if (now === undefined) {
        links.splice(i--, 1); // the parent no longer holds this child
        continue;
      }
      const parent = locate(link.parent);
      if (parent === null) continue;
      const redactor = parent.settings.redactor;
      node.pos = Object.freeze({
        node,
        parent,
        root: parent.root,
        path: Object.freeze([...parent.path, now.key]),
        redacted: parent.redacted || (redactor !== null && isRedactedKey(redactor, now.key)),
        settings: parent.settings,
        special: parent.special,
      });
      return node.pos;
    }
  }
  node.epoch = -1; // not cached: a parent may have been unreachable only because it was mid-search
  return null;
}

/**
 * The path of the slot `key` of the node at `pos` (frozen), shared by consecutive changes of that
 * slot: observers of a loop of writes to one field get one path array, not one per change.
 */
export function pathOf(pos: Position, key: unknown): readonly unknown[] {
  const node = pos.node;
  if (node.pathPos === pos && node.pathKey === key) return node.path;
  node.pathPos = pos;
  node.pathKey = key;
  return (node.path = Object.freeze([...pos.path, pathKey(node.kind, key)]));
}

function pathKey(kind: number, key: unknown): unknown {
  // Proxy traps see array indices as strings; the record shows them as numbers.
  if (kind === KIND_ARRAY && typeof key === 'string') {
    const n = Number(key);
    if (Number.isInteger(n) && n >= 0 && String(n) === key) return n;
  }
  return key;
}

/**
 * Every node from `node` up through all current parents (each once), for observers, each visited
 * with `arg`. The common case — one parent per node up to a root nobody else holds — walks the
 * cached position chain and allocates nothing; shared subtrees take the full walk.
 */
export function ancestors<T>(node: Node, visit: (n: Node, arg: T) => void, arg: T): void {
  let shared = false;
  for (let p = locate(node); p !== null; p = p.parent) {
    const links = p.node.links;
    if (links !== null && links.length > (p.parent === null ? 0 : 1)) shared = true;
  }
  if (!shared && node.epoch === epoch && node.pos !== null) {
    for (let p: Position | null = node.pos; p !== null; p = p.parent) visit(p.node, arg);
    return;
  }
  const seen = new Set<Node>();
  const walk = (n: Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    visit(n, arg);
    if (n.links === null) return;
    for (const l of n.links) if (currentKey(l.parent, n, l.key) !== undefined) walk(l.parent);
  };
  walk(node);
}
