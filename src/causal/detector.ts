/**
 * The race detector: the recent reads and writes of each tracked slot, each with its async event,
 * checked at every write against the happens-before order of events.ts.
 *
 * - lost-update / check-then-act: the writer read the slot in an earlier event it is ordered
 *   after (the read, an await, the write), and another context wrote the slot in between, in an
 *   event the write is not ordered after (the sync prefixes of two Promise.all branches share one
 *   event, so the other write may well be ordered after the read). A read that found nothing (missing key, `has` false) or a size/length is a check.
 * - unordered-writes: two writes no order separates, unless both are read-modify-writes within one
 *   synchronous step (`n++`, `push`): those cannot interleave, and their outcome does not depend
 *   on scheduling. Reads with reads never conflict.
 */
import { currentFrame, type Frame } from '../context/scope';
import { HAS_OLD, NO_KEY, OP_ADD, OP_CLEAR, OP_DELETE, OP_SET, OP_SPLICE } from '../history/change';
import { KIND_ARRAY, KIND_MAP, KIND_SET, locate, type Node } from '../tracking/node';
import { captureStack } from '../tracking/stack';
import { currentEvent, type Event, ordered } from './events';
import { type Access, describeAccess, type Race, type RaceKind, siteOf } from './report';

interface Seen {
  readonly op: 'read' | 'write';
  readonly event: Event;
  readonly seq: number;
  readonly frame: Frame | undefined;
  readonly stack: string | undefined;
  /** Reads: found nothing, or read a size. Writes: a read-modify-write within one event. */
  readonly flag: boolean;
}

interface Slot {
  readonly node: Node;
  readonly key: unknown;
  readonly reads: Seen[];
  readonly writes: Seen[];
  readonly reported: Set<RaceKind>;
}

/** Accesses kept per slot: enough for the interleavings of a few concurrent contexts. */
const KEPT = 8;
/** A collection's size, an array's length: what adding and removing entries writes. */
const SHAPE: unique symbol = Symbol('statetrail.shape');

export const settings = { stacks: false, report: (_race: Race): void => {} };

let slots = new WeakMap<Node, Map<unknown, Slot>>();
let seq = 0;

/** The last slot looked up: loops writing one slot skip the two map lookups. */
let cached: Slot | undefined;

export function resetSlots(): void {
  slots = new WeakMap();
  cached = undefined;
}

function slotOf(node: Node, key: unknown): Slot {
  if (cached !== undefined && cached.node === node && cached.key === key) return cached;
  let byKey = slots.get(node);
  if (byKey === undefined) slots.set(node, (byKey = new Map()));
  let slot = byKey.get(key);
  if (slot === undefined) byKey.set(key, (slot = { node, key, reads: [], writes: [], reported: new Set() }));
  cached = slot;
  return slot;
}

function seen(op: 'read' | 'write', flag: boolean): Seen {
  return {
    op,
    event: currentEvent(),
    seq: ++seq,
    frame: currentFrame(),
    stack: settings.stacks ? captureStack() : undefined,
    flag,
  };
}

function keep(list: Seen[], s: Seen): void {
  if (list.length >= KEPT) list.shift();
  list.push(s);
}

export function onRead(node: Node, key: unknown, value: unknown): void {
  if (typeof key === 'symbol' && key !== NO_KEY) return;
  if (typeof value === 'function') return; // a method, not state
  const shape = key === NO_KEY || (key === 'length' && node.kind === KIND_ARRAY);
  const slot = slotOf(node, shape ? SHAPE : key);
  const read = seen('read', shape || value === undefined);
  const n = slot.reads.length;
  if (n > 0 && slot.reads[n - 1]!.event === read.event) slot.reads[n - 1] = read;
  else keep(slot.reads, read);
}

export function onWrite(node: Node, op: number, key: unknown, value: unknown, old: unknown): void {
  const code = op & 7;
  const collection = node.kind === KIND_MAP || node.kind === KIND_SET;
  let entry = key;
  if (key === NO_KEY && node.kind === KIND_SET && (code === OP_ADD || code === OP_DELETE)) {
    entry = code === OP_ADD ? value : old;
  }
  const resizes =
    node.kind === KIND_ARRAY
      ? code === OP_SPLICE || key === 'length'
      : collection && (code !== OP_SET || (op & HAS_OLD) === 0);
  // adding or removing an entry is a read-modify-write of the size in one step
  if (entry !== NO_KEY && !(node.kind === KIND_ARRAY && key === 'length')) write(slotOf(node, entry), false);
  if (resizes || code === OP_CLEAR) write(slotOf(node, SHAPE), true);
}

function write(slot: Slot, resize: boolean): void {
  const event = currentEvent();
  const writes = slot.writes.length;
  const reads = slot.reads.length;
  // Again in the same synchronous step, nobody else read it since: no other context can have run in
  // between, so every check would find what the first write's checks found. Recorded once.
  // (Lengths checked first: reading index -1 of an array is a slow named-property lookup.)
  if (writes > 0 && slot.writes[writes - 1]!.event === event) {
    const read = reads > 0 ? slot.reads[reads - 1]! : undefined;
    if (read === undefined || read.seq < slot.writes[writes - 1]!.seq || read.event === event) return;
  }
  let atomic = resize;
  for (let i = 0; i < slot.reads.length && !atomic; i++) atomic = slot.reads[i]!.event === event;
  const w = seen('write', atomic);
  staleRead(slot, w);
  unordered(slot, w);
  keep(slot.writes, w);
}

/** lost-update / check-then-act: a write based on a read that another context's write outdated. */
function staleRead(slot: Slot, w: Seen): void {
  let read: Seen | undefined;
  for (let i = slot.reads.length - 1; i >= 0; i--) {
    const r = slot.reads[i]!;
    if (ordered(r.event, w.event)) {
      read = r;
      break;
    }
  }
  if (read === undefined || read.event === w.event) return;
  for (const x of slot.writes) {
    if (x.seq < read.seq || x.event === w.event) continue;
    if (ordered(x.event, w.event)) continue; // the writer waited for it: it saw, or could see, x
    const kind: RaceKind = read.flag ? 'check-then-act' : 'lost-update';
    report(slot, kind, [read, x, w]);
    return;
  }
}

function unordered(slot: Slot, w: Seen): void {
  for (let i = slot.writes.length - 1; i >= 0; i--) {
    const x = slot.writes[i]!;
    if (x.event === w.event || (x.flag && w.flag) || ordered(x.event, w.event)) continue;
    report(slot, 'unordered-writes', [x, w]);
    return;
  }
}

function report(slot: Slot, kind: RaceKind, seenAccesses: Seen[]): void {
  // one report per slot and kind; a stale read that was reported explains its write pair too
  if (slot.reported.has(kind)) return;
  if (kind === 'unordered-writes' && slot.reported.size > 0) return;
  const pos = locate(slot.node);
  if (pos === null) return;
  slot.reported.add(kind);
  const last =
    slot.key === SHAPE ? (slot.node.kind === KIND_ARRAY ? 'length' : 'size') : (slot.key as unknown);
  const path = [...pos.path, last];
  const accesses = seenAccesses.map(toAccess);
  const race: Race = {
    kind,
    label: pos.root.label,
    path,
    accesses,
    why: explain(kind, path, seenAccesses),
  };
  settings.report(race);
}

function toAccess(s: Seen): Access {
  const a: { -readonly [K in keyof Access]: Access[K] } = { op: s.op };
  if (s.frame?.actor !== undefined) a.actor = s.frame.actor;
  if (s.frame?.trace !== undefined) a.trace = s.frame.trace;
  if (s.stack !== undefined) {
    const site = siteOf(s.stack);
    if (site !== undefined) a.site = site;
    a.stack = s.stack;
  }
  return a;
}

function explain(kind: RaceKind, path: readonly unknown[], s: Seen[]): string {
  const slot = path.map(String).join('.');
  const who = s.map((x) => describeAccess(x.frame, x.event.id));
  if (kind === 'unordered-writes') {
    return (
      `${who[0]} and ${who[1]} both wrote ${slot}, and no await, callback or lock orders one ` +
      'write before the other: the value left depends on scheduling.'
    );
  }
  const [r, x, w] = who;
  const saw = kind === 'check-then-act' ? 'checked' : 'read';
  const same = r === w ? r : `${r} (then ${w})`;
  return (
    `${same} ${saw} ${slot}, awaited, then wrote it; meanwhile ${x} wrote ${slot}, and no await, ` +
    'callback or lock orders that write before this one, so ' +
    (kind === 'check-then-act'
      ? 'the check no longer held when the write acted on it.'
      : 'that write was lost.')
  );
}
