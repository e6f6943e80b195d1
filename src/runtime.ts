/**
 * statetrail/runtime — the only module that instrumented code imports.
 *
 * Contract with the transformer (transformer/ generates calls to exactly these):
 *
 * - `pending` — before a member write or `delete` whose base, key and right-hand side are already
 *   evaluated into temporaries, instrumented code stores the base object in `pending.t` and the
 *   site id in `pending.s`, then performs the user's own operation unchanged:
 *     `(_a = obj, _k = key(), _v = rhs(), pending.t = _a, pending.s = 7, _a[_k] = _v)`
 *   When the core records a change whose receiver is `pending.t` (the proxy or its raw object, or a
 *   tracked class instance) it attaches site 7 and clears `pending`. A write to an untracked object
 *   records nothing and leaves `pending` as is; the next recorded change ignores it because its
 *   receiver differs. Cost for untracked writes: two property stores.
 * - `sites(file, table)` — registers a file's sites once, at module top level; returns the id of
 *   table[0]; the id of table[i] is that + i. Ids are > 0. `file` is relative to the project root.
 * - `variables(file, names)` — one holder object per instrumented `let`/`var` binding; label = name.
 * - `assigned(holder, old, value, site)` — records a variable reassignment (path []).
 * - `trackClass(ctor)` — makes a class tracked as if decorated with `@tracked` (option `classes`).
 */
export {};
