/** revert(): undoes changes newest first, through the tracked proxies and setters (owned.ts for `classes` objects), so the undo is recorded too. */
import { transaction } from '../context/scope';
import { Extras, HAS_OLD, OP_ADD, OP_CLEAR, OP_DELETE, OP_SET, OP_SPLICE } from '../history/change';
import { checkMark, isAfter, type Mark } from '../history/filter';
import { REDACTED } from '../redact';
import { materialize } from '../tracking/materialize';
import { KIND_ARRAY, KIND_MAP, KIND_SET, KIND_VARIABLE, type Node, type Origin } from '../tracking/node';
import { recordedCall, recordedWrite } from '../tracking/owned';
import { type Entry, entriesOf, requireTracked } from './queries';

interface Undo {
  readonly node: Node;
  readonly op: number;
  readonly key: unknown;
  readonly value: unknown;
  readonly old: unknown;
  readonly extras: Extras | undefined;
  readonly seq: number;
}

function undoOf(e: Entry): Undo {
  const { c, i } = e;
  const change = materialize(c, i);
  const extras = change.removed !== undefined ? Object.assign(new Extras(), change) : undefined;
  return {
    node: (c.origin[i] as Origin).pos.node,
    op: c.op[i]!,
    key: c.key[i],
    value: c.value[i],
    old: c.old[i],
    extras,
    seq: c.seq[i]!,
  };
}

/** Writes the state from before change `u`. */
function apply(u: Undo): void {
  const target = u.node.proxy as any;
  const code = u.op & 7;
  const hasOld = (u.op & HAS_OLD) !== 0;
  switch (u.node.kind) {
    case KIND_MAP:
      recordedCall(target, () => {
        if (code === OP_CLEAR) for (const [k, v] of u.old as [unknown, unknown][]) target.set(k, v);
        else if (code === OP_SET && !hasOld) target.delete(u.key);
        else target.set(u.key, u.old);
      });
      return;
    case KIND_SET:
      recordedCall(target, () => {
        if (code === OP_CLEAR) for (const v of u.old as unknown[]) target.add(v);
        else if (code === OP_ADD) target.delete(u.value);
        else target.add(u.old);
      });
      return;
    default:
      if (code === OP_SPLICE) {
        const { index, removed } = u.extras!;
        recordedCall(target, () => target.splice(index, (u.value as unknown[]).length, ...removed!));
      } else if (code === OP_DELETE || hasOld) {
        setKey(target, u.key, u.old);
      } else {
        deleteKey(target, u.key);
        if (u.node.kind === KIND_ARRAY) trimHoles(target);
      }
  }
}

/** Writes the state from after change `u` again: takes back an `apply(u)` when a later undo fails. */
function reapply(u: Undo): void {
  const target = u.node.proxy as any;
  const code = u.op & 7;
  switch (u.node.kind) {
    case KIND_MAP:
      recordedCall(target, () => {
        if (code === OP_CLEAR) target.clear();
        else if (code === OP_DELETE) target.delete(u.key);
        else target.set(u.key, u.value);
      });
      return;
    case KIND_SET:
      recordedCall(target, () => {
        if (code === OP_CLEAR) target.clear();
        else if (code === OP_ADD) target.add(u.value);
        else target.delete(u.old);
      });
      return;
    default:
      if (code === OP_SPLICE) {
        const { index, removed } = u.extras!;
        recordedCall(target, () => target.splice(index, removed!.length, ...(u.value as unknown[])));
      } else if (code === OP_DELETE) deleteKey(target, u.key);
      else setKey(target, u.key, u.value);
  }
}

// Proxies and accessors record these writes themselves; a `classes` object's are recorded by owned.ts.
function setKey(target: any, key: unknown, value: unknown): void {
  recordedWrite(target, key, value, () => {
    target[key as PropertyKey] = value;
  });
}

function deleteKey(target: any, key: unknown): void {
  recordedWrite(target, key, undefined, () => {
    delete target[key as PropertyKey];
  });
}

/** An element set past the end grew the array; after deleting it, drop the trailing holes. */
function trimHoles(array: unknown[]): void {
  let length = array.length;
  while (length > 0 && !(length - 1 in array)) length--;
  if (length !== array.length) setKey(array, 'length', length);
}

function isRedacted(u: Undo): boolean {
  return u.old === REDACTED || u.value === REDACTED || u.extras?.removed?.includes(REDACTED) === true;
}

/**
 * Undoes every change of `target` (and everything under it) made after `mark`, newest first.
 * The undo is recorded as changes of their own in a transaction named "revert". Returns how many
 * changes were undone. Nothing is undone if one of them cannot be (redacted values, variables,
 * prototype replacements, or a write that fails: then the undos already made are taken back).
 */
export function revert(target: object, mark: Mark): number {
  const node = requireTracked('revert', target);
  checkMark('revert', 'mark', mark);
  const undos = entriesOf(node)
    .filter((e) => isAfter(materialize(e.c, e.i), mark))
    .map(undoOf)
    .reverse();
  for (const u of undos) {
    if (u.node.kind === KIND_VARIABLE) {
      throw new TypeError(
        `statetrail: revert: change #${u.seq} is a variable assignment, which cannot be undone`,
      );
    }
    if (isRedacted(u)) {
      throw new TypeError(`statetrail: revert: change #${u.seq} holds redacted values and cannot be undone`);
    }
    const plain = u.node.kind !== KIND_MAP && u.node.kind !== KIND_SET;
    if (plain && u.key === '__proto__' && (u.op & HAS_OLD) === 0 && !Object.hasOwn(u.node.raw, '__proto__')) {
      throw new TypeError(
        `statetrail: revert: change #${u.seq} replaced the prototype through __proto__, which cannot be undone`,
      );
    }
  }
  if (undos.length > 0) transaction('revert', () => applyAll(undos));
  return undos.length;
}

/** All undos or none: when one fails (a frozen child, a throwing setter), the ones done are taken back. */
function applyAll(undos: readonly Undo[]): void {
  let done = 0;
  try {
    for (; done < undos.length; done++) apply(undos[done]!);
  } catch (error) {
    const failed = undos[done]!;
    for (let i = done - 1; i >= 0; i--) reapply(undos[i]!);
    throw new TypeError(
      `statetrail: revert: change #${failed.seq} could not be undone (${String((error as Error)?.message ?? error)}); nothing was reverted`,
      { cause: error },
    );
  }
}
