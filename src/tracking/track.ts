/** track(), rawOf(), isTracked(): the public entry to deep tracking of plain data. */
import { type TrackOptions, validateTrackOptions } from '../config';
import { readArg, typeError } from '../errors';
import { ChangeLog } from '../history/log';
import { KIND_ARRAY, KIND_MAP, KIND_OBJECT, KIND_SET, makeRoot, type Node, nextLabel, nodeOf } from './node';
import { snapshot } from './snapshot';
import { installTraps } from './traps';
import { kindOf, nodeFor } from './wrap';

installTraps();

const KIND_NAMES: Record<number, string> = {
  [KIND_OBJECT]: 'Object',
  [KIND_ARRAY]: 'Array',
  [KIND_MAP]: 'Map',
  [KIND_SET]: 'Set',
};

/** Makes `node` a root with its options: label, own history. Shared with decorators/. */
export function rootWith(node: Node, defaultLabel: () => string, options: TrackOptions | undefined): void {
  makeRoot(node, options?.label ?? defaultLabel(), options ?? null);
  if (options?.historyLimit !== undefined) node.log = new ChangeLog(options.historyLimit);
}

/**
 * Deep-tracks a plain object, array, Map or Set and returns its tracked proxy. Nested values,
 * including ones assigned later, are tracked with their path. `track(x) === track(x)`.
 */
export function track<T extends object>(value: T, options?: TrackOptions): T {
  validateTrackOptions('track', options);
  const known = nodeOf(value);
  if (known !== undefined) {
    if (!known.root) rootWith(known, () => nextLabel(KIND_NAMES[known.kind] ?? 'Object'), options);
    else if (options !== undefined && !sameOptions(known, options)) {
      throw new TypeError(
        `statetrail: track: value is already tracked as ${JSON.stringify(known.label)} with other options; ` +
          'options are given once, on the first track() of an object (call track(value) without them)',
      );
    }
    return known.proxy as T;
  }
  const kind = readArg('track', 'value', () => kindOf(value));
  if (kind < 0) {
    throw typeError(
      'track',
      'value',
      'a plain object, array, Map or Set (use @tracked for class instances)',
      value,
    );
  }
  const node = nodeFor(value, kind);
  rootWith(node, () => nextLabel(KIND_NAMES[kind]!), options);
  return node.proxy as T;
}

/** The options `node` was tracked with are these (its label counts as given). */
function sameOptions(node: Node, options: TrackOptions): boolean {
  const had: Record<string, unknown> = { ...node.options, label: node.label };
  return Object.entries(options).every(([k, v]) => v === undefined || Object.is(had[k], v));
}

/**
 * A deep copy of a tracked object's current data as plain objects, arrays, Maps, Sets and Dates
 * (like MobX's toJS or valtio's snapshot): nothing in it is tracked or shared with the original.
 * Works on untracked values too; what cannot be read becomes a marker, it never throws.
 */
export function toPlain<T>(value: T): T {
  return snapshot(rawOf(value)) as T;
}

/** The object behind a tracked proxy (the value itself when it is not a proxy). */
export function rawOf<T>(value: T): T {
  const node = nodeOf(value);
  return node === undefined ? value : (node.raw as T);
}

/** True for track() proxies, objects reached through them, and tracked class instances. */
export function isTracked(value: unknown): boolean {
  const node = nodeOf(value);
  return node !== undefined && node.proxy === value;
}
