/**
 * Array mutators on tracked arrays: each call runs on the raw array once and records one
 * invertible `splice` change (index, removed items, inserted items), instead of the element
 * and length writes the generic algorithm would make through the proxy. sort, reverse, fill
 * and copyWithin record the smallest range they changed.
 */
import { type Extras, Extras as ExtrasClass, NO_KEY, OP_SPLICE } from '../history/change';
import { invalidatePositions, type Node, nodeOf } from './node';
import { before, record } from './record';
import { unwrap } from './wrap';

export function spliceExtras(aux: Extras | undefined, index: number, removed: readonly unknown[]): Extras {
  const extras = aux ?? new ExtrasClass();
  extras.index = index;
  extras.removed = removed;
  return extras;
}

function recordSplice(
  node: Node,
  aux: Extras | undefined,
  index: number,
  removed: unknown[],
  inserted: unknown[],
) {
  if (removed.length === 0 && inserted.length === 0) return;
  if (removed.some((v) => typeof v === 'object' && v !== null) || index < (node.raw as unknown[]).length) {
    invalidatePositions(); // elements moved or left: their paths change
  }
  record(node, OP_SPLICE, NO_KEY, inserted, undefined, spliceExtras(aux, index, removed));
}

/** Normalises a relative index as Array.prototype methods do. */
function relative(value: unknown, length: number): number {
  const n = Math.trunc(Number(value)) || 0;
  return n < 0 ? Math.max(length + n, 0) : Math.min(n, length);
}

type Mutator = (this: unknown, ...args: any[]) => unknown;

/** Calls `fn` on the raw array behind `self`, or plainly when `self` is not a tracked array. */
function onRaw(
  self: unknown,
  run: (node: Node, raw: unknown[]) => unknown,
  fallback: () => unknown,
): unknown {
  const node = nodeOf(self);
  if (node === undefined || node.proxy !== self) return fallback();
  return run(node, node.raw as unknown[]);
}

const A = Array.prototype;

/** Methods that reorder or overwrite in place: record the changed range. */
function inPlace(method: (...args: any[]) => unknown): Mutator {
  return function (this: unknown, ...args: unknown[]) {
    return onRaw(
      this,
      (node, raw) => {
        const copy = raw.slice();
        const aux = before(node);
        try {
          method.apply(raw, args.map(unwrap));
        } finally {
          // a comparator that throws may leave the array partly sorted: record what did change
          let from = 0;
          while (from < raw.length && Object.is(raw[from], copy[from])) from++;
          let to = raw.length;
          while (to > from && Object.is(raw[to - 1], copy[to - 1])) to--;
          recordSplice(node, aux, from, copy.slice(from, to), raw.slice(from, to));
        }
        return node.proxy;
      },
      () => method.apply(this, args),
    );
  };
}

const mutators: Record<string, Mutator> = {
  push(...items) {
    return onRaw(
      this,
      (node, raw) => {
        const index = raw.length;
        const inserted = items.map(unwrap);
        const aux = before(node);
        const length = raw.push(...inserted);
        recordSplice(node, aux, index, [], inserted);
        return length;
      },
      () => A.push.apply(this, items),
    );
  },
  pop() {
    return onRaw(
      this,
      (node, raw) => {
        if (raw.length === 0) return raw.pop();
        const aux = before(node);
        const index = raw.length - 1;
        const item = raw.pop();
        recordSplice(node, aux, index, [item], []);
        return item;
      },
      () => A.pop.apply(this),
    );
  },
  shift() {
    return onRaw(
      this,
      (node, raw) => {
        if (raw.length === 0) return raw.shift();
        const aux = before(node);
        const item = raw.shift();
        recordSplice(node, aux, 0, [item], []);
        return item;
      },
      () => A.shift.apply(this),
    );
  },
  unshift(...items) {
    return onRaw(
      this,
      (node, raw) => {
        const inserted = items.map(unwrap);
        const aux = before(node);
        const length = raw.unshift(...inserted);
        recordSplice(node, aux, 0, [], inserted);
        return length;
      },
      () => A.unshift.apply(this, items),
    );
  },
  splice(...args) {
    return onRaw(
      this,
      (node, raw) => {
        const index = args.length === 0 ? 0 : relative(args[0], raw.length);
        const inserted = args.slice(2).map(unwrap);
        const aux = before(node);
        const removed = (A.splice as Mutator).apply(
          raw,
          args.length <= 2 ? args : [args[0], args[1], ...inserted],
        );
        recordSplice(node, aux, index, (removed as unknown[]).slice(), inserted);
        return removed;
      },
      () => A.splice.apply(this, args as [number, number]),
    );
  },
  sort: inPlace(A.sort),
  reverse: inPlace(A.reverse),
  fill: inPlace(A.fill),
  copyWithin: inPlace(A.copyWithin),
};

/** Array.prototype method -> tracked replacement, looked up by the get trap. */
export const arrayMethods = new Map<unknown, Mutator>(
  Object.entries(mutators).map(([name, fn]) => {
    Object.defineProperty(fn, 'name', { value: name });
    return [(A as any)[name], fn];
  }),
);
