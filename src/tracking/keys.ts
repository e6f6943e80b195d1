/**
 * Computed keys of keyed writes (option `classes`), converted to property keys once, as without the
 * transformer. The runtime converts a write's key to learn the old value and the path (atKey), and the
 * engine converts it again for the write itself: an object key would have its `toString` (or
 * `Symbol.toPrimitive`) run twice. So instrumented code hands such a key over wrapped,
 * `o[_k = key(o, k)] = atKey(site, o, _k, v)`: the runtime's conversion leaves its result in the
 * wrapper, and the engine's conversion that comes right after takes it instead of converting again.
 * Any other conversion of the wrapper (the read of `o[k] += v` or `o[k]++`, the write when the target
 * is not recorded) converts anew, as the engine would without the transformer.
 *
 * Conversions go through a Proxy's `set` trap, so that the engine itself converts, errors included.
 * One wording differs: an object key whose `Symbol.toPrimitive` is neither a function nor nullish
 * throws with the wording of a write even when the read of `o[k] += v` is what converts it.
 */

let converted: PropertyKey = '';
const sink = new Proxy({} as Record<PropertyKey, unknown>, {
  set(_target, k) {
    converted = k;
    return true;
  },
});

/** ToPropertyKey of the engine (a write's conversion). */
function toPropertyKey(raw: unknown): PropertyKey {
  sink[raw as PropertyKey] = 0;
  return converted;
}

const NONE: unique symbol = Symbol('none');

class WrappedKey {
  primed: PropertyKey | typeof NONE = NONE;
  constructor(readonly raw: object) {}
  /** The runtime's conversion: its result waits for the engine's, which comes next. */
  convert(): PropertyKey {
    const k = toPropertyKey(this.raw);
    this.primed = k;
    return k;
  }
  [Symbol.toPrimitive](): PropertyKey {
    const k = this.primed;
    if (k === NONE) return toPropertyKey(this.raw);
    this.primed = NONE;
    return k;
  }
}

/**
 * The key of a keyed write with a computed key, as instrumented code passes it: an object key wrapped,
 * any other value as it is. Not when the target is null or undefined: the TypeError the write throws
 * then names the key object itself.
 */
export function key<K>(target: unknown, k: K): K {
  const t = typeof k;
  if (t !== 'object' && t !== 'function') return k;
  return k !== null && target != null ? (new WrappedKey(k as object) as K) : k;
}

/** A property key as the engine will use it (numbers stay numbers: array paths show them). */
export function propertyKey(k: unknown): PropertyKey {
  const t = typeof k;
  if (t === 'string' || t === 'number' || t === 'symbol') return k as PropertyKey;
  return k instanceof WrappedKey ? k.convert() : toPropertyKey(k);
}
