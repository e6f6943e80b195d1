/**
 * The serialised form as JSON text, fast: one line per change, byte for byte what
 * `JSON.stringify(serializeChange(change))` gives (the tests check that on random changes).
 *
 * Where the time goes (2-core CI machine kind, Node 20, `o.count = i` on a track() proxy):
 * building a Change object costs ~500 ns, so the JSON Lines exporter reads the log columns
 * directly (dispatch.ts ON_RECORD). Everything that stays the same from one change to the next
 * is encoded once and cached: the target, label and parent path of a node (per Origin, which
 * the core reuses while a node's position and context frame stay the same), the actor, context
 * and transaction of a frame, the last property key. Per change only seq, time, the key when it
 * changed and the values are encoded, and the common values (finite numbers, short strings,
 * booleans, null, undefined) skip the generic serializer. What remains is string concatenation.
 */
import { config, onConfigure } from '../config';
import { currentTrace, type Frame } from '../context/scope';
import { type Change, Extras, HAS_OLD, NO_KEY } from '../history/change';
import type { Chunk } from '../history/log';
import { siteAt } from '../history/sites';
import { SCHEMA, serializeChange, toSerializable } from '../serialize/json';
import { KIND_ARRAY, type Origin } from '../tracking/node';

/** JSON text of a value in the serialised form (the safe serializer's result); never throws. */
export function encodeValue(value: unknown): string {
  switch (typeof value) {
    case 'number':
      if (value - value === 0) return `${value}`; // finite (NaN and ±Infinity give NaN)
      break;
    case 'string': {
      const json = JSON.stringify(value);
      if (json.length <= config.maxValueBytes) return json;
      break;
    }
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return '{"$undefined":true}';
    default:
      if (value === null) return 'null';
  }
  return generic(value);
}

function generic(value: unknown): string {
  try {
    return JSON.stringify(toSerializable(value)) ?? 'null';
  } catch (error) {
    return JSON.stringify({ $unserializable: String((error as Error)?.message ?? error) });
  }
}

/** A path key as serializeChange writes it. */
function encodeKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key);
  if (typeof key === 'number') return Number.isFinite(key) ? `${key}` : 'null';
  return generic(key);
}

// The fast path writes the schema number as a literal.
if (SCHEMA !== 1) throw new Error('statetrail: encode.ts writes schema 1; update its literals');

const OPS = [',"op":"set"', ',"op":"delete"', ',"op":"add"', ',"op":"clear"', ',"op":"splice"'];

interface Prefix {
  /** `,"target":"L","label":"L","path":[p1,p2` */
  readonly head: string;
  readonly hasParents: boolean;
  readonly array: boolean;
  /** `,"actor":..,"context":..,"tx":..,"trace":..` of the frame (empty without one). */
  readonly frame: string;
  /** Per key: midText() by op code and the last value written there. */
  readonly slots: Map<unknown, Slot>;
}

let frames = new WeakMap<Frame, string>();
// Frame texts went through the serializer under the settings of their time (maxValueBytes);
// prefixes follow by themselves: configure() renews positions, hence origins.
onConfigure(() => {
  frames = new WeakMap();
});

function encodeFrame(frame: Frame | undefined): string {
  if (frame === undefined) return '';
  let text = frames.get(frame);
  if (text === undefined) {
    text = '';
    if (frame.actor !== undefined) text += `,"actor":${generic(frame.actor)}`;
    if (frame.context !== undefined) text += `,"context":${generic(frame.context)}`;
    if (frame.tx !== undefined) text += `,"tx":${generic(frame.tx)}`;
    if (frame.trace !== undefined) text += `,"trace":${generic(frame.trace)}`;
    frames.set(frame, text);
  }
  return text;
}

const prefixes = new WeakMap<Origin, Prefix>();
// Two-entry cache in front of the WeakMap (~1 ns against ~30 ns): writes often alternate
// between two nodes (an order and its line).
let origin0: Origin | null = null;
let prefix0: Prefix | null = null;
let origin1: Origin | null = null;
let prefix1: Prefix | null = null;

function prefixOf(origin: Origin): Prefix {
  if (origin === origin0) return prefix0!;
  if (origin === origin1) {
    const p = prefix1!;
    origin1 = origin0;
    prefix1 = prefix0;
    origin0 = origin;
    prefix0 = p;
    return p;
  }
  let prefix = prefixes.get(origin);
  if (prefix === undefined) {
    const { pos, frame } = origin;
    const label = JSON.stringify(pos.root.label);
    prefix = {
      head: `,"target":${label},"label":${label},"path":[${pos.path.map(encodeKey).join(',')}`,
      hasParents: pos.path.length !== 0,
      array: pos.node.kind === KIND_ARRAY,
      frame: encodeFrame(frame),
      slots: new Map(),
    };
    prefixes.set(origin, prefix);
  }
  origin1 = origin0;
  prefix1 = prefix0;
  origin0 = origin;
  prefix0 = prefix;
  return prefix;
}

// Property names repeat: their JSON text is kept (JSON.stringify of a short string ~100 ns,
// a Map hit ~15 ns). Bounded: the cache is dropped when it reaches KEYS_MAX names.
const KEYS_MAX = 4096;
let keys = new Map<string, string>();

function keyText(key: unknown, array: boolean): string {
  if (typeof key !== 'string') return encodeKey(key);
  if (array) {
    // Proxy traps see array indices as strings; the record shows them as numbers (change.ts).
    const n = Number(key);
    if (Number.isInteger(n) && n >= 0 && String(n) === key) return key;
  }
  let text = keys.get(key);
  if (text === undefined) {
    if (keys.size >= KEYS_MAX) keys = new Map();
    text = JSON.stringify(key);
    keys.set(key, text);
  }
  return text;
}

// Float to shortest text costs ~150-500 ns; the core's clock (clock.ts) returns the same
// reading for every change within one 0.25 ms tick, so the last text is reused.
let lastTime = -1;
let lastTimeText = '';

function timeText(time: number): string {
  if (time !== lastTime) {
    lastTime = time;
    lastTimeText = `${time}`;
  }
  return lastTimeText;
}

/**
 * The JSON line (without newline) of the change at offset `i` of chunk `c` of the log,
 * straight from the columns.
 */
export function encodeRecord(c: Chunk, i: number): string {
  const aux = c.aux[i];
  const site = c.site[i]!;
  const code = c.op[i]!;
  if (aux !== undefined || site !== 0 || (code & 7) !== 0) return encodeRare(c, i, aux, site);
  const prefix = prefixOf(c.origin[i] as Origin);
  const key = c.key[i];
  const slot = slotOf(prefix, key);
  const mid =
    slot === null ? midText(prefix, key, code) : (slot.texts[code] ?? fill(slot, prefix, key, code));
  const value = c.value[i];
  const valueText = encodeValue(value);
  let oldText = '';
  if ((code & HAS_OLD) !== 0) {
    const old = c.old[i];
    // The old value is usually the value of the previous write to the slot: its text is kept
    // (a number to text costs ~40-90 ns). Only for primitives: objects can change in between.
    oldText = slot !== null && old === slot.value ? slot.text : encodeValue(old);
  }
  if (slot !== null && (typeof value !== 'object' || value === null)) {
    slot.value = value;
    slot.text = valueText;
  }
  // One flat template: every extra piece or nested template costs a string allocation
  // (measured: nested templates ~220 ns, flat ~100 ns per line).
  return (code & HAS_OLD) !== 0
    ? `{"schema":1,"seq":${c.seq[i]},"time":${timeText(c.time[i]!)}${mid}${valueText},"old":${oldText}${prefix.frame}}`
    : `{"schema":1,"seq":${c.seq[i]},"time":${timeText(c.time[i]!)}${mid}${valueText}${prefix.frame}}`;
}

interface Slot {
  readonly texts: string[];
  /** The last primitive value written to the slot (NO_KEY: none yet) and its text. */
  value: unknown;
  text: string;
}

const SLOTS_MAX = 256;

/** The cache entry of one key of one node; null for keys not cached (objects, or too many). */
function slotOf(prefix: Prefix, key: unknown): Slot | null {
  if (typeof key !== 'string' && typeof key !== 'number') return null;
  let slot = prefix.slots.get(key);
  if (slot === undefined) {
    if (prefix.slots.size >= SLOTS_MAX) return null;
    slot = { texts: [], value: NO_KEY, text: '' };
    prefix.slots.set(key, slot);
  }
  return slot;
}

function fill(slot: Slot, prefix: Prefix, key: unknown, code: number): string {
  const text = midText(prefix, key, code);
  slot.texts[code] = text;
  return text;
}

/** `,"target":..,"label":..,"path":[..,key],"op":"set","value":` for one node, key and op. */
function midText(prefix: Prefix, key: unknown, code: number): string {
  const op = code & 7;
  let text = `${prefix.head}${key === NO_KEY ? ']' : `${prefix.hasParents ? ',' : ''}${keyText(key, prefix.array)}]`}${OPS[op]}`;
  if (op === 0 || op === 2 || op === 4) text += ',"value":';
  else if ((code & HAS_OLD) !== 0) text += ',"old":';
  return text;
}

/** Changes with extras (splice details, stack, snapshots), a site, or already materialised. */
function encodeRare(c: Chunk, i: number, aux: unknown, site: number): string {
  if (aux !== undefined && !(aux instanceof Extras)) return encodeChange(aux as Change);
  const prefix = prefixOf(c.origin[i] as Origin);
  const code = c.op[i]!;
  const op = code & 7;
  const key = c.key[i];
  let line = `{"schema":${SCHEMA},"seq":${c.seq[i]},"time":${timeText(c.time[i]!)}${prefix.head}`;
  if (key !== NO_KEY) line += (prefix.hasParents ? ',' : '') + keyText(key, prefix.array);
  line += `]${OPS[op]}`;
  if (op === 0 || op === 2 || op === 4) line += `,"value":${encodeValue(c.value[i])}`;
  if ((code & HAS_OLD) !== 0) line += `,"old":${encodeValue(c.old[i])}`;
  const x = aux as Extras | undefined;
  if (x !== undefined) {
    if (x.removed !== undefined) line += `,"removed":${generic(x.removed)}`;
    if (x.before !== undefined) line += `,"before":${generic(x.before)}`;
    if (x.after !== undefined) line += `,"after":${generic(x.after)}`;
    if (x.index !== undefined) line += `,"index":${generic(x.index)}`;
  }
  line += prefix.frame;
  if (site !== 0) line += `,"site":${generic(siteAt(site))}`;
  if (x?.stack !== undefined) line += `,"stack":${generic(x.stack)}`;
  return `${line}}`;
}

/** The JSON line of a Change object (observers with filters, HTTP, loggers). */
export function encodeChange(change: Change): string {
  try {
    return JSON.stringify(serializeChange(change));
  } catch (error) {
    return JSON.stringify({
      schema: SCHEMA,
      seq: change?.seq,
      $unserializable: String((error as Error)?.message ?? error),
    });
  }
}

/** The serialised form of a crumb written next to changes: `{ schema, kind: "crumb", time, event, data?, trace? }`. */
export function encodeCrumb(
  event: string,
  data?: unknown,
  time = Date.now(),
  trace = currentTrace(),
): string {
  let line = `{"schema":${SCHEMA},"kind":"crumb","time":${time},"event":${JSON.stringify(String(event))}`;
  if (data !== undefined) line += `,"data":${generic(data)}`;
  if (trace !== undefined) line += `,"trace":${generic(trace)}`;
  return `${line}}`;
}

/** Extra fields for each exported line, computed inside the write (e.g. otelStamp()). */
export type Stamp = () => Record<string, unknown> | undefined;

/** Appends the fields `stamp()` returns to a JSON line; a throwing stamp adds `$stampError`. */
export function withStamp(line: string, stamp: Stamp): string {
  let fields: Record<string, unknown> | undefined;
  try {
    fields = stamp();
  } catch (error) {
    fields = { $stampError: String((error as Error)?.message ?? error) };
  }
  if (fields === undefined || fields === null) return line;
  let extra = '';
  for (const key of Object.keys(fields)) extra += `,${JSON.stringify(key)}:${generic(fields[key])}`;
  return extra === '' ? line : `${line.slice(0, -1)}${extra}}`;
}
