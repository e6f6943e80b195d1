/**
 * Local aliases of the file's generated bindings in each function body that refers to them:
 *   function writes(o, n) { const __st$a$ = __st$a, __st$d$ = __st$d, __st$s$ = __st$s; ... }
 * An import (ES module output) is a module cell, which optimised code loads and checks at every use,
 * in every iteration of a loop; a const of the function is loaded once per call and then stays in a
 * register. `npm run bench -- --only=untracked-plain,untracked-instrumented` (ES modules, 2026-12-03):
 * `done(o.x = at(site, i))` into an untracked object 2.70x the plain loop through the imports, 0.97x
 * and 1.02x through the aliases. CommonJS output binds them as `var`s of the module function, which
 * were already as fast (bench/transformer-writes.ts: 1.00-1.05x before and after).
 *
 * Only a function's own body gets them. Its name, decorators and computed keys (evaluated outside the
 * body), parameters (they cannot see the body's declarations), class field initializers, concise
 * arrows, static blocks and constructors (a statement before `super()` would move the emitted field
 * initializers) keep referring to the file's bindings, so no alias is ever captured by a closure (a
 * captured const would be a context slot again).
 */
import type * as TS from 'typescript';
import { type Aliased, aliasOf, type FileState } from './state';

/** Declaration order (stable output). */
const ORDER: readonly Aliased[] = [
  'pending',
  'at',
  'done',
  'atKey',
  'key',
  'doneKey',
  'atCall',
  'doneCall',
  'atAssign',
  'doneAssign',
  'siteBase',
  'holders',
];

/** Whether generated code in this function's body refers to aliases of its own. */
export function aliasesIn(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isArrowFunction(node)) return ts.isBlock(node.body);
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined
  );
}

/** `body` with `const <alias> = <binding>, …` for each name in `used`, after its directives. */
export function declareAliases(s: FileState, body: TS.Block, used: ReadonlySet<Aliased>): TS.Block {
  const { ts, f } = s;
  const declarations = ORDER.filter((name) => used.has(name)).map((name) =>
    f.createVariableDeclaration(
      aliasOf(s.names[name]),
      undefined,
      undefined,
      f.createIdentifier(s.names[name]),
    ),
  );
  const statement = f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList(declarations, ts.NodeFlags.Const),
  );
  const directives = body.statements.findIndex(
    (st) => !(ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression)),
  );
  const at = directives === -1 ? body.statements.length : directives;
  return f.updateBlock(body, [...body.statements.slice(0, at), statement, ...body.statements.slice(at)]);
}
