/**
 * The hot path: every tracked write ends here once it has succeeded (write-then-record).
 *
 * record() is kept small (V8 inlines by bytecode size, 460 bytes per function and 920 for all that
 * is inlined into one), so a writer inlines it: a cached position check, the frame read (scope.ts),
 * the pending-site check, one shared-memory clock read (clock.ts) and nine column stores into a flat
 * ring (log.ts). Rare work sits behind calls that are never taken in the common case, so it costs no
 * inlining budget: redaction, captures and a root's own history (recordSpecial), observers (notify),
 * snapshots (before). Nothing is allocated unless the node's context frame or structure changed
 * since its last change, an observer listens, or one of those options is on.
 *
 * Measured cost per step (npm run bench -- --only=write --no-write, wall time, median of 11 rounds,
 * AMD EPYC 2 cores, Node 20, 2026-12-01 22:11 UTC with a load average of 8-9, so ±20-60% per row;
 * MobX observe() collecting measured 101 ns in the same run):
 *   clock reading now()                          2.6 ns   scenario step-clock
 *   context frame read in withActor              3.1 ns   scenario step-frame
 *   nine column stores, ChangeLog.push()        20.5 ns   scenario step-push (12-17 ns in quieter runs)
 *   record() alone, the three above included    29.6 ns   scenario step-record
 *   @tracked write (setter + record)            43.2 ns   scenario decorated-standard
 *   track() write (Proxy trap + record)         54.9 ns   scenario track (bare forwarding trap 27.8 ns)
 * The column stores are the largest step: five reference columns and four typed ones.
 */
import { currentFrame } from '../context/scope';
import { codeOf, Extras, HAS_OLD, OP_SET } from '../history/change';
import { now } from '../history/clock';
import { global } from '../history/global';
import { isRedactedKey, REDACTED, redactValue } from '../redact';
import { access } from './access';
import { notify, watchers } from './dispatch';
import { invalidatePositions, locate, type Node, type Origin, type Position, snapshotRoots } from './node';
import { snapshot } from './snapshot';
import { captureStack } from './stack';
import { adopt } from './wrap';

/** Set by instrumented code right before a write (see runtime.ts); consumed by the change it causes. */
export const pending: { s: number } = { s: 0 };

/**
 * The writers are closures of this factory and everything they use is a const of it: optimised code
 * embeds a const of a known closure (objects with their stable maps, call targets), where a module
 * binding (an import, an export, or the top-level `var` a bundler turns a const into) costs a load,
 * a hole check or a map check at each use. Measured in one process (bench/tools/record-variants.ts):
 * record() 44.6 ns against 35.1 ns built this way (CPU time, load average ~20).
 */
function writers(
  history: typeof global,
  site: typeof pending,
  listeners: typeof watchers,
  hook: typeof access,
  roots: typeof snapshotRoots,
) {
  const position = locate;
  const frameNow = currentFrame;
  const clock = now;
  const link = adopt;
  const moved = invalidatePositions;
  const deliver = notify;

  /** The change into the global log: seq, time, site and the shared origin of node and frame. */
  const append = (
    node: Node,
    pos: Position,
    op: number,
    key: unknown,
    value: unknown,
    old: unknown,
    aux: Extras | undefined,
  ): void => {
    const frame = frameNow();
    let origin = node.origin;
    if (origin === null || origin.pos !== pos || origin.frame !== frame)
      origin = node.origin = newOrigin(pos, frame);
    const s = site.s;
    if (s !== 0) site.s = 0;
    history.log.push(++history.lastSeq, clock(), codeOf(op, s), origin, key, value, old, aux);
  };

  /** Redaction, opt-in captures and the root's own history: what append() does not do. */
  const recordSpecial = (
    node: Node,
    pos: Position,
    op: number,
    key: unknown,
    value: unknown,
    old: unknown,
    aux: Extras | undefined,
  ): void => {
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
    const own = pos.root.log;
    if (own !== null) history.log.copyNewestTo(own);
  };

  const record = (node: Node, op: number, key: unknown, value: unknown, old: unknown, aux?: Extras): void => {
    const pos = position(node);
    if (pos === null) return; // detached: no root reaches this object any more
    if (hook.on) hook.write(node, op, key, value, old);
    if (pos.special) recordSpecial(node, pos, op, key, value, old, aux);
    else append(node, pos, op, key, value, old, aux);
    if (listeners.count !== 0) deliver(node);
  };

  /**
   * The tail every keyed writer shares (object properties, Map entries, instance fields, `@track`
   * accessors), called once the slot under `key` holds `value` (write-then-record; `had`: the slot
   * existed, holding `old`): an unchanged value records nothing, an object overwritten may be detached
   * now, an object written is linked to its new parent.
   */
  const recordWrite = (
    node: Node,
    key: unknown,
    had: boolean,
    old: unknown,
    value: unknown,
    aux: Extras | undefined,
  ): void => {
    if (had && Object.is(old, value)) return;
    if (had && typeof old === 'object' && old !== null) moved();
    link(value, node, key);
    record(node, had ? OP_SET | HAS_OLD : OP_SET, key, value, old, aux);
  };

  /** For writers that support `captureSnapshots`: the root's state before the write, if wanted. */
  const before = (node: Node): Extras | undefined => (roots.on ? snapshotBefore(node) : undefined);

  return { record, recordWrite, before };
}

function newOrigin(pos: Position, frame: Origin['frame']): Origin {
  return { pos, frame };
}

export const { record, recordWrite, before } = writers(global, pending, watchers, access, snapshotRoots);

function snapshotBefore(node: Node): Extras | undefined {
  const pos = locate(node);
  if (pos === null || !pos.settings.captureSnapshots) return undefined;
  const extras = new Extras();
  extras.before = snapshot(pos.root.raw);
  return extras;
}
