/**
 * `captureSnapshots`: a deep copy of a tracked root's plain data, taken at record time. Never
 * throws into the write that asked for it: what cannot be copied (a throwing getter, a revoked
 * proxy, nesting deeper than MAX_DEPTH) becomes a marker in the copy.
 */

const MAX_DEPTH = 1000; // far below the stack limit, far above the data anyone inspects

export function snapshot(value: unknown): unknown {
  try {
    return copy(value, new Map(), 0);
  } catch (error) {
    return { $unreadable: message(error) };
  }
}

function message(error: unknown): string {
  try {
    return String((error as Error)?.message ?? error);
  } catch {
    return 'unknown error';
  }
}

/** An own property, also `__proto__` (an assignment would set the copy's prototype instead). */
function put(target: Record<PropertyKey, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

function copy(value: unknown, seen: Map<object, unknown>, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (depth >= MAX_DEPTH) return { $depth: true };
  try {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const v of value) out.push(copy(v, seen, depth + 1));
      return out;
    }
    if (value instanceof Map) {
      const out = new Map();
      seen.set(value, out);
      for (const [k, v] of value) out.set(k, copy(v, seen, depth + 1));
      return out;
    }
    if (value instanceof Set) {
      const out = new Set();
      seen.set(value, out);
      for (const v of value) out.add(copy(v, seen, depth + 1));
      return out;
    }
    if (value instanceof Date) return new Date(value.getTime());
    const out: Record<PropertyKey, unknown> = {};
    seen.set(value, out);
    for (const key of Object.keys(value)) {
      let v: unknown;
      try {
        v = (value as Record<string, unknown>)[key];
      } catch (error) {
        v = { $thrown: message(error) };
      }
      put(out, key, copy(v, seen, depth + 1));
    }
    return out;
  } catch (error) {
    if (error instanceof RangeError) throw error; // out of stack: unwind to snapshot()
    return { $unreadable: message(error) };
  }
}
