/**
 * The hot path: every tracked write ends here once it has succeeded (write-then-record).
 *
 * Cost per recorded change with no observers (bench/, BENCHMARKS.md): a cached position check,
 * one AsyncLocalStorage read, one shared-memory clock read (clock.ts) and nine column stores into
 * the preallocated ring (log.ts). No object is allocated unless the node's context frame or
 * structure changed since its last change, an observer listens, or an opt-in capture is on.
 */
import { currentFrame } from '../context/scope';
import { Extras, HAS_OLD } from '../history/change';
import { now } from '../history/clock';
import { global } from '../history/global';
import { notify, watchers } from '../observers/dispatch';
import { isRedactedKey, REDACTED, redactValue } from '../serialize/redact';
import { snapshot } from '../serialize/snapshot';
import { access } from './access';
import { locate, type Node } from './node';
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
  if (access.on) access.write(node, op, key, value, old);
  const frame = currentFrame();
  let origin = node.origin;
  if (origin === null || origin.pos !== pos || origin.frame !== frame) origin = node.origin = { pos, frame };
  let site = 0;
  if (pending.t !== undefined && (pending.t === node.proxy || pending.t === node.raw)) {
    site = pending.s;
    pending.t = undefined;
  }
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
  if (settings.captureStack || settings.captureSnapshots)
    aux = captures(pos.root, aux, settings.captureStack);
  const seq = ++global.lastSeq;
  const time = now();
  global.log.push(seq, time, op, site, origin, key, value, old, aux);
  const own = pos.root.log;
  if (own !== null) own.push(seq, time, op, site, origin, key, value, old, aux);
  if (watchers.count !== 0) notify(node);
}

function captures(root: Node, aux: Extras | undefined, stack: boolean): Extras {
  const extras = aux ?? new Extras();
  if (stack) extras.stack = captureStack();
  if (extras.before !== undefined) extras.after = snapshot(root.raw);
  return extras;
}

/** For writers that support `captureSnapshots`: the root's state before the write, if wanted. */
export function before(node: Node): Extras | undefined {
  const pos = locate(node);
  if (pos === null || !pos.settings.captureSnapshots) return undefined;
  const extras = new Extras();
  extras.before = snapshot(pos.root.raw);
  return extras;
}
