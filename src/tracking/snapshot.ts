/** `captureSnapshots`: a deep copy of a tracked root's plain data, taken at record time. */

export function snapshot(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const v of value) copy.push(snapshot(v, seen));
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map();
    seen.set(value, copy);
    for (const [k, v] of value) copy.set(k, snapshot(v, seen));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    seen.set(value, copy);
    for (const v of value) copy.add(snapshot(v, seen));
    return copy;
  }
  if (value instanceof Date) return new Date(value.getTime());
  const copy: Record<PropertyKey, unknown> = {};
  seen.set(value, copy);
  for (const key of Object.keys(value)) copy[key] = snapshot((value as Record<string, unknown>)[key], seen);
  return copy;
}
