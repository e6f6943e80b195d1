// A structural diff by leaf path: what the change detail, the scrubber's highlight and the compare
// page all show. Objects are walked up to `limit` leaves so a huge state cannot freeze the page.

function leaves(value, prefix, out, limit) {
  if (out.size >= limit) return;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) out.set(prefix, Array.isArray(value) ? '[]' : '{}');
    for (const key of keys) leaves(value[key], prefix ? `${prefix}.${key}` : key, out, limit);
    return;
  }
  out.set(prefix, value === undefined ? undefined : JSON.stringify(value));
}

function flatten(value, limit = 50_000) {
  const out = new Map();
  leaves(value, '', out, limit);
  return out;
}

/** Rows `{ path, a, b, kind: 'added' | 'removed' | 'changed' }` for every leaf that differs. */
export function diff(a, b, limit = 50_000) {
  const left = flatten(a, limit);
  const right = flatten(b, limit);
  const rows = [];
  for (const [path, av] of left) {
    if (!right.has(path)) rows.push({ path, a: av, b: undefined, kind: 'removed' });
    else if (right.get(path) !== av) rows.push({ path, a: av, b: right.get(path), kind: 'changed' });
  }
  for (const [path, bv] of right)
    if (!left.has(path)) rows.push({ path, a: undefined, b: bv, kind: 'added' });
  return rows.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** The set of paths (every prefix included) whose value differs, for highlighting a tree. */
export function changedPaths(a, b, limit = 50_000) {
  const changed = new Set();
  for (const row of diff(a, b, limit)) {
    const parts = row.path.split('.');
    for (let i = 1; i <= parts.length; i++) changed.add(parts.slice(0, i).join('.'));
  }
  return changed;
}
