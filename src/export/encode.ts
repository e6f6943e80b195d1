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

import { fitsBytes, limitText } from '../bytes';
import { config, onConfigure } from '../config';
import { currentTrace, type Frame } from '../context/scope';
import { type Change, Extras, HAS_OLD, NO_KEY, OPS } from '../history/change';
import { auxOf, type Chunk, siteOf } from '../history/log';
import { siteAt } from '../history/sites';
import { REDACTED, type Redactor, redactString } from '../redact';
import { SCHEMA, safeStringify, serializeChange, siteWithout, toSerializable } from '../serialize/json';
import { KIND_ARRAY, type Origin } from '../tracking/node';

/** JSON text of a value in the serialised form (the safe serializer's result); never throws. */
export function encodeValue(
  value: unknown,
  maxBytes = config.maxValueBytes,
  redactor?: Redactor | null,
): string {
  switch (typeof value) {
    case 'number':
      if (value - value === 0) return `${value}`; // finite (NaN and ±Infinity give NaN)
      break;
    case 'string': {
      const json = JSON.stringify(value);
      if (fitsBytes(json, maxBytes)) return json;
      break;
    }
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return '{"$undefined":true}';
    default:
      if (value === null) return 'null';
  }
  return generic(value, maxBytes, redactor);
}

function generic(value: unknown, maxBytes?: number, redactor?: Redactor | null): string {
  try {
    return JSON.stringify(toSerializable(value, { maxBytes, redactor })) ?? 'null';
  } catch (error) {
    return JSON.stringify({ $unserializable: String((error as Error)?.message ?? error) });
  }
}

/** A path key as serializeChange writes it. */
function encodeKey(key: unknown, maxBytes?: number, redactor?: Redactor | null): string {
  if (typeof key === 'string')
    return JSON.stringify(limitText(redactString(redactor ?? null, key), maxBytes ?? config.maxValueBytes));
  if (typeof key === 'number') return Number.isFinite(key) ? `${key}` : 'null';
  return generic(key, maxBytes, redactor);
}

// The fast path writes the schema number as a literal.
if (SCHEMA !== 1) throw new Error('statetrail: encode.ts writes schema 1; update its literals');

const OP_TEXT = OPS.map((op) => `,"op":"${op}"`);

interface Prefix {
  /** frame as bytes, made on first use (encodeRecordInto). */
  frameBytes: Uint8Array | null;
  /** `,"target":"L","label":"L","path":[p1,p2` */
  readonly head: string;
  readonly hasParents: boolean;
  readonly array: boolean;
  /** `,"actor":..,"context":..,"tx":..,"trace":..` of the frame (empty without one). */
  readonly frame: string;
  /** The root's `maxValueBytes`, else configure()'s. */
  readonly maxBytes: number;
  /** The root's redaction (its own `redact`, else configure()'s): applied to nested values at export. */
  readonly redactor: Redactor | null;
  /** Per key: midText() by op code and the last value written there. */
  readonly slots: Map<unknown, Slot>;
  /** The last key looked up in `slots` and its slot (a loop of writes to one field: no Map lookup). */
  lastKey: unknown;
  lastSlot: Slot | null;
}

let frames = new WeakMap<Frame, string>();
// Frame texts went through the serializer under the settings of their time (maxValueBytes);
// prefixes follow by themselves: configure() renews positions, hence origins.
onConfigure(() => {
  frames = new WeakMap();
});

/** The frame's fields, cached per frame under the global settings; a root with its own limit or redaction gets its own text. */
function encodeFrame(frame: Frame | undefined, maxBytes: number, redactor: Redactor | null): string {
  if (frame === undefined) return '';
  const shared = maxBytes === config.maxValueBytes && redactor === config.redactor;
  let text = shared ? frames.get(frame) : undefined;
  if (text === undefined) {
    text = '';
    if (frame.actor !== undefined) text += `,"actor":${generic(frame.actor, maxBytes, redactor)}`;
    if (frame.context !== undefined) text += `,"context":${generic(frame.context, maxBytes, redactor)}`;
    if (frame.tx !== undefined) text += `,"tx":${generic(frame.tx, maxBytes, redactor)}`;
    if (frame.trace !== undefined) text += `,"trace":${generic(frame.trace, maxBytes, redactor)}`;
    if (shared) frames.set(frame, text);
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
    const maxBytes = pos.root.options?.maxValueBytes ?? config.maxValueBytes;
    const label = JSON.stringify(limitText(pos.root.label, maxBytes));
    const redactor = pos.settings.redactor;
    prefix = {
      frameBytes: null,
      head: `,"target":${label},"label":${label},"path":[${pos.path.map((k) => encodeKey(k, maxBytes, redactor)).join(',')}`,
      hasParents: pos.path.length !== 0,
      array: pos.node.kind === KIND_ARRAY,
      frame: encodeFrame(frame, maxBytes, redactor),
      maxBytes,
      redactor,
      slots: new Map(),
      lastKey: NO_KEY,
      lastSlot: null,
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

function keyText(key: unknown, prefix: Prefix): string {
  if (typeof key !== 'string') return encodeKey(key, prefix.maxBytes, prefix.redactor);
  if (prefix.array) {
    // Proxy traps see array indices as strings; the record shows them as numbers (tracking/materialize.ts).
    const n = Number(key);
    if (Number.isInteger(n) && n >= 0 && String(n) === key) return key;
  }
  if ((prefix.redactor !== null && prefix.redactor.patterns.length > 0) || !fitsBytes(key, prefix.maxBytes))
    return encodeKey(key, prefix.maxBytes, prefix.redactor);
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
  const code = c.op[i]!;
  // anything but a set, with or without old: another op, extras, a site
  if ((code & ~HAS_OLD) !== 0) return encodeRare(c, i, code);
  const prefix = prefixOf(c.origin[i] as Origin);
  const key = c.key[i];
  const slot = slotOf(prefix, key);
  const mid =
    slot === null ? midText(prefix, key, code) : (slot.texts[code] ?? fill(slot, prefix, key, code));
  const value = c.value[i];
  const valueText = encodeValue(value, prefix.maxBytes, prefix.redactor);
  let oldText = '';
  if ((code & HAS_OLD) !== 0) {
    const old = c.old[i];
    // The old value is usually the value of the previous write to the slot: its text is kept
    // (a number to text costs ~40-90 ns). Only for primitives: objects can change in between.
    oldText =
      slot !== null && old === slot.value ? slot.text : encodeValue(old, prefix.maxBytes, prefix.redactor);
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

// ---- straight into bytes ----

const utf8 = new TextEncoder();
const LINE_START = utf8.encode('{"schema":1,"seq":');
const TIME = utf8.encode(',"time":');
const OLD = utf8.encode(',"old":');
let lastTimeBytes = new Uint8Array(0);
let lastTimeOf = -1;

/** Room a common line may take at most beyond its cached parts (seq, time, two values as text). */
export const RECORD_SLACK = 512;

/**
 * encodeRecord()'s line plus a newline, written as UTF-8 into `buf` at `at` for the common change
 * (a set of a string or number key, no extras, no site, values that are numbers, booleans, null,
 * or strings of ASCII text); returns the end offset, or -1 for any other change (then encode it
 * with encodeRecord). The cached parts (line start, slot, frame) are copied as bytes and numbers
 * written digit by digit, so no string is built per change: a JSON Lines exporter writing lines
 * as strings spent most of its time joining them and encoding the result (export-hotpath.ts).
 * `buf` must have RECORD_SLACK bytes free beyond the cached parts' lengths; -1 when it has not.
 */
export function encodeRecordInto(c: Chunk, i: number, buf: Uint8Array, at: number): number {
  const code = c.op[i]!;
  if ((code & ~HAS_OLD) !== 0) return -1;
  const prefix = prefixOf(c.origin[i] as Origin);
  const key = c.key[i];
  const slot = slotOf(prefix, key);
  if (slot === null) return -1;
  const mid = slot.bytes[code] ?? bytesOf(slot, prefix, key, code);
  const frame = prefix.frameBytes ?? (prefix.frameBytes = utf8.encode(prefix.frame));
  const time = c.time[i]!;
  if (time !== lastTimeOf) {
    lastTimeOf = time;
    lastTimeBytes = utf8.encode(timeText(time));
  }
  if (at + LINE_START.length + mid.length + frame.length + lastTimeBytes.length + RECORD_SLACK > buf.length)
    return -1;
  let p = copy(LINE_START, buf, at);
  p = digits(c.seq[i]!, buf, p);
  p = copy(TIME, buf, p);
  p = copy(lastTimeBytes, buf, p);
  p = copy(mid, buf, p);
  p = scalar(c.value[i], buf, p, prefix);
  if (p < 0) return -1;
  if ((code & HAS_OLD) !== 0) {
    p = copy(OLD, buf, p);
    p = scalar(c.old[i], buf, p, prefix);
    if (p < 0) return -1;
  }
  p = copy(frame, buf, p);
  buf[p++] = 0x7d; // }
  buf[p++] = 0x0a;
  return p;
}

function bytesOf(slot: Slot, prefix: Prefix, key: unknown, code: number): Uint8Array {
  const bytes = utf8.encode(slot.texts[code] ?? fill(slot, prefix, key, code));
  slot.bytes[code] = bytes;
  return bytes;
}

/** Byte loop for short runs only: set() beat it from 17 bytes on (export 215 -> 197 ns per change, bench/tools/export-hotpath.ts). */
function copy(src: Uint8Array, buf: Uint8Array, at: number): number {
  const n = src.length;
  if (n > 16) {
    buf.set(src, at);
    return at + n;
  }
  for (let k = 0; k < n; k++) buf[at + k] = src[k]!;
  return at + n;
}

/** A non-negative safe integer's digits. */
function digits(n: number, buf: Uint8Array, at: number): number {
  if (n < 0x80000000) return smallDigits(n | 0, buf, at);
  let end = at;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) end++;
  const last = end;
  for (let m = n; ; end--) {
    const q = Math.floor(m / 10);
    buf[end] = 0x30 + (m - q * 10);
    if (q === 0) break;
    m = q;
  }
  return last + 1;
}

/** Digits of an int32 with int arithmetic (a double division and floor per digit cost ~3x). */
function smallDigits(n: number, buf: Uint8Array, at: number): number {
  let end = at;
  for (let m = n; m >= 10; m = (m / 10) | 0) end++;
  const last = end;
  for (let m = n; m >= 10; end--) {
    const q = (m / 10) | 0;
    buf[end] = 0x30 + (m - q * 10);
    m = q;
    if (m < 10) {
      buf[end - 1] = 0x30 + m;
      return last + 1;
    }
  }
  buf[end] = 0x30 + n;
  return last + 1;
}

/** The value as encodeValue() writes it, when that is short ASCII text; else -1. */
function scalar(value: unknown, buf: Uint8Array, at: number, prefix: Prefix): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) {
    if (value >= 0) return digits(value, buf, at);
    buf[at] = 0x2d; // -
    return digits(-value, buf, at + 1);
  }
  const text = encodeValue(value, prefix.maxBytes, prefix.redactor);
  const n = text.length;
  if (n > RECORD_SLACK / 2 - 32) return -1;
  for (let k = 0; k < n; k++) {
    const ch = text.charCodeAt(k);
    if (ch > 0x7f) return -1;
    buf[at + k] = ch;
  }
  return at + n;
}

interface Slot {
  readonly texts: string[];
  /** texts[code] as bytes (encodeRecordInto). */
  readonly bytes: Uint8Array[];
  /** The last primitive value written to the slot (NO_KEY: none yet) and its text. */
  value: unknown;
  text: string;
}

const SLOTS_MAX = 256;

/** The cache entry of one key of one node; null for keys not cached (objects, or too many). */
function slotOf(prefix: Prefix, key: unknown): Slot | null {
  if (key === prefix.lastKey) return prefix.lastSlot;
  if (typeof key !== 'string' && typeof key !== 'number') return null;
  let slot = prefix.slots.get(key);
  if (slot === undefined) {
    if (prefix.slots.size >= SLOTS_MAX) return null;
    slot = { texts: [], bytes: [], value: NO_KEY, text: '' };
    prefix.slots.set(key, slot);
  }
  prefix.lastKey = key;
  prefix.lastSlot = slot;
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
  let text = `${prefix.head}${key === NO_KEY ? ']' : `${prefix.hasParents ? ',' : ''}${keyText(key, prefix)}]`}${OP_TEXT[op]}`;
  if (op === 0 || op === 2 || op === 4) text += ',"value":';
  else if ((code & HAS_OLD) !== 0) text += ',"old":';
  return text;
}

/** Changes with extras (splice details, stack, snapshots), a site, or already materialised. */
function encodeRare(c: Chunk, i: number, code: number): string {
  const aux = auxOf(c, i);
  if (aux !== undefined && !(aux instanceof Extras)) return encodeChange(aux as Change);
  const site = siteOf(code);
  const prefix = prefixOf(c.origin[i] as Origin);
  const op = code & 7;
  const key = c.key[i];
  let line = `{"schema":${SCHEMA},"seq":${c.seq[i]},"time":${timeText(c.time[i]!)}${prefix.head}`;
  if (key !== NO_KEY) line += (prefix.hasParents ? ',' : '') + keyText(key, prefix);
  line += `]${OP_TEXT[op]}`;
  const max = prefix.maxBytes;
  const redactor = prefix.redactor;
  if (op === 0 || op === 2 || op === 4) line += `,"value":${encodeValue(c.value[i], max, redactor)}`;
  if ((code & HAS_OLD) !== 0) line += `,"old":${encodeValue(c.old[i], max, redactor)}`;
  const x = aux as Extras | undefined;
  if (x !== undefined) {
    if (x.removed !== undefined) line += `,"removed":${generic(x.removed, max, redactor)}`;
    if (x.before !== undefined) line += `,"before":${generic(x.before, max, redactor)}`;
    if (x.after !== undefined) line += `,"after":${generic(x.after, max, redactor)}`;
    if (x.index !== undefined) line += `,"index":${generic(x.index)}`;
  }
  line += prefix.frame;
  if (site !== 0) {
    const hidden = c.value[i] === REDACTED || c.old[i] === REDACTED;
    line += `,"site":${generic(siteWithout(siteAt(site)!, hidden), max, redactor)}`;
  }
  if (x?.stack !== undefined) line += `,"stack":${generic(x.stack, max, redactor)}`;
  return `${line}}`;
}

/** The JSON line of a Change object (observers with filters, HTTP, loggers). */
export function encodeChange(change: Change): string {
  try {
    return JSON.stringify(serializeChange(change));
  } catch (error) {
    return JSON.stringify({ schema: SCHEMA, $unserializable: String((error as Error)?.message ?? error) });
  }
}

/** The serialised form of a crumb written next to changes: `{ schema, kind: "crumb", time, event, data?, trace? }`. */
export function encodeCrumb(
  event: string,
  data?: unknown,
  time = Date.now(),
  trace = currentTrace(),
): string {
  // never throws and always writes valid JSON: a time that is not a finite number becomes now
  const at = typeof time === 'number' && Number.isFinite(time) ? time : Date.now();
  const name = typeof event === 'string' ? event : safeStringify(event);
  let line = `{"schema":${SCHEMA},"kind":"crumb","time":${at},"event":${JSON.stringify(name)}`;
  if (data !== undefined) line += `,"data":${generic(data)}`;
  if (trace !== undefined) line += `,"trace":${generic(trace)}`;
  return `${line}}`;
}

/** Extra fields for each exported line, computed inside the write (e.g. otelStamp()). */
export type Stamp = () => Record<string, unknown> | undefined;

/** Fields of the serialised form of a change or crumb: a stamp cannot write them a second time. */
const OWN_FIELDS = new Set([
  'schema',
  'seq',
  'time',
  'target',
  'label',
  'path',
  'op',
  'value',
  'old',
  'index',
  'removed',
  'actor',
  'context',
  'tx',
  'site',
  'stack',
  'before',
  'after',
  'kind',
  'event',
  'data',
]);

/**
 * Appends the fields `stamp()` returns to a JSON line; a throwing stamp adds `$stampError`, and so
 * does one returning a field the line already has (it is left out: a JSON line has each key once).
 */
export function withStamp(line: string, stamp: Stamp): string {
  let fields: Record<string, unknown> | undefined;
  try {
    fields = stamp();
  } catch (error) {
    fields = { $stampError: String((error as Error)?.message ?? error) };
  }
  if (typeof fields !== 'object' || fields === null) return line;
  let extra = '';
  const clashes: string[] = [];
  try {
    for (const key of Object.keys(fields)) {
      if (OWN_FIELDS.has(key)) clashes.push(key);
      else extra += `,${JSON.stringify(key)}:${generic(fields[key])}`;
    }
  } catch (error) {
    extra += `,"$stampError":${JSON.stringify(String((error as Error)?.message ?? error))}`;
  }
  if (clashes.length > 0)
    extra += `,"$stampError":${JSON.stringify(`stamp fields ${clashes.join(', ')} are the change's own; left out`)}`;
  return extra === '' ? line : `${line.slice(0, -1)}${extra}}`;
}
