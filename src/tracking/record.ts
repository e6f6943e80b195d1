/**
 * The hot path: every tracked write ends here once it has succeeded (write-then-record).
 *
 * record() is small enough for V8 to inline into the Proxy set trap and the `@tracked` setter
 * (checked with --trace-turbo-inlining on bench/tools/hotpath.ts): a cached position check, the frame
 * read (scope.ts), the pending-site check, one shared-memory clock read (clock.ts) and seven column
 * stores into a flat ring (log.ts: op, flags and site share one Int32; `aux` is stored only with
 * extras). Rare work sits behind calls that are never taken in the common case: redaction, captures
 * and a root's own history (recordSpecial), observers (notify), snapshots (before). Nothing is
 * allocated unless the node's context frame or structure changed since its last change, an observer
 * listens, or one of those options is on. Everything the writers use is a const of their factory
 * (writers() below), which optimised code embeds.
 *
 * Measured cost per step (`npm run bench`, wall time, median of 11 rounds, AMD EPYC 2 cores, Node 20,
 * 2026-12-02 06:18 UTC on a quiet machine, load average 1.3, spreads ±0-1%; MobX observe()
 * collecting measured 60.7 ns in that run):
 *   clock reading now()                           1.27 ns  scenario step-clock
 *   context frame read in withActor               1.13 ns  scenario step-frame
 *   seven column stores, ChangeLog.push()         5.72 ns  scenario step-push
 *   record() alone, the three above included     13.0 ns  scenario step-record
 *   @tracked write (setter + record)             18.4 ns  scenario decorated-standard
 *   track() write (Proxy trap + record)          32.8 ns  scenario track (bare forwarding trap 13.4 ns)
 *   `classes` instance write (atKey/doneKey)     45.7 ns  scenario transformer-class; its atKey
 *     spends ~80% in Reflect.getOwnPropertyDescriptor (owned.ts: an accessor must not be read)
 * An earlier run (03:06 UTC, load average 17-28) measured every row ~2-10x higher. The same rows on
 * 2026-12-03 19:05 UTC (an Intel Xeon machine of the kind, load average 1.7-1.9, MobX 83.9 ns): 1.49,
 * 1.84, 7.96, 17.8, 23.2, 41.0 (trap 17.0) and 63.6 ns; the `classes` write's keyed writers now close
 * over consts (owned.ts), and it still spends most of atKey in that descriptor read.
 * CPU time per write in one process, alternating rounds (bench/tools/class-hotpath.ts, load ~7 and
 * ~96): @tracked 43.7 -> 28.5 ns and track() 62.8 -> 56.5 ns across the factory-const and
 * seven-store changes; an ablation (record() against a copy built with const deps, then with the
 * seven-store layout, same process) measured 44.6 / 35.1 / 25.7 ns.
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
 * a hole check or a map check at each use (the ablation in the header: 44.6 against 35.1 ns).
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

  /**
   * Redaction, opt-in captures and the root's own history: what append() does not do. Its parameter
   * list repeats append's on purpose: a rest or object parameter would allocate on every write.
   */
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
