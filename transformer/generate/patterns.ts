/**
 * Targets inside destructuring assignments and for-in/of heads become the `v` accessor of an object
 * whose setter does the instrumented write (`({ get v…, set v(x) { ...write... } }).v`): the pattern
 * itself still drives every read and write, in order; only the targets change.
 */
import type * as TS from 'typescript';
import { type Site, skipOuter } from '../sites';
import { announceWrite, clearWrite, keyCall, literalKey, type Target, wrapsKey } from './members';
import { type FileState, fresh, mapTo } from './state';
import { assignedCall, ref } from './variables';

/**
 * `{ get v() { return ref }, set v(x) { ...write... } }`: the getter is never called; it is there so
 * that type checkers infer the setter's parameter from the target's own type (no implicit any, and the
 * destructured value is checked against the target as in the original).
 */
function accessor(s: FileState, ref: () => TS.Expression, write: (x: TS.Identifier) => TS.Statement[]) {
  const { f } = s;
  const param = fresh(s);
  return f.createObjectLiteralExpression(
    [
      f.createGetAccessorDeclaration(
        undefined,
        'v',
        [],
        undefined,
        f.createBlock([f.createReturnStatement(ref())]),
      ),
      f.createSetAccessorDeclaration(
        undefined,
        'v',
        [f.createParameterDeclaration(undefined, undefined, param)],
        f.createBlock(write(param), false),
      ),
    ],
    false,
  );
}

function targetOf(s: FileState, obj: TS.Expression, original: TS.Node): TS.Expression {
  const { f } = s;
  return mapTo(s, f.createPropertyAccessExpression(f.createParenthesizedExpression(obj), 'v'), original);
}

function variableSetter(s: FileState, site: Site, i: number, id: TS.Identifier): TS.Expression {
  const { f } = s;
  const obj = accessor(
    s,
    () => ref(s, id),
    (x) => {
      const old = fresh(s);
      return [
        f.createVariableStatement(
          undefined,
          f.createVariableDeclarationList([
            f.createVariableDeclaration(old, undefined, undefined, ref(s, id)),
          ]),
        ),
        f.createExpressionStatement(mapTo(s, f.createAssignment(ref(s, id), x), id)),
        f.createExpressionStatement(assignedCall(s, site, i, old, x)),
      ];
    },
  );
  return targetOf(s, obj, id);
}

/**
 * `o.a[k]` as a pattern target: `((b, k) => ({ get v…, set v(x) { pending.s = site; b[k] = x; pending.s = 0 } }))(o.a, k).v`.
 * Base and key are evaluated once, in order, where the pattern evaluates the target; as parameters of
 * an arrow called on the spot they keep the types (and narrowing) they have there, where hoisted
 * temporaries captured by the setter would be implicitly `any`.
 */
function memberSetter(s: FileState, i: number, m: TS.PropertyAccessExpression | TS.ElementAccessExpression) {
  const { ts, f } = s;
  const base = fresh(s);
  const params = [base];
  const args = [s.visit(m.expression) as TS.Expression];
  let ref: () => TS.Expression;
  let key: () => TS.Expression;
  let wrap: TS.Statement[] = [];
  if (ts.isPropertyAccessExpression(m)) {
    const name = m.name.text;
    ref = () => f.createPropertyAccessExpression(base, name);
    key = () => f.createStringLiteral(name);
  } else {
    const literal = literalKey(s, m.argumentExpression);
    if (literal !== undefined) {
      ref = () => f.createElementAccessExpression(base, literal());
      key = literal;
    } else {
      const k = fresh(s);
      params.push(k);
      args.push(s.visit(m.argumentExpression) as TS.Expression);
      ref = () => f.createElementAccessExpression(base, k);
      key = () => k;
      // converted where the pattern writes it, as the original's write converts it
      if (wrapsKey(s, m.argumentExpression))
        wrap = [f.createExpressionStatement(f.createAssignment(k, keyCall(s, base, k)))];
    }
  }
  const written: Target = { setup: [], ref, object: () => base, key };
  const obj = accessor(s, ref, (x) => [
    ...wrap,
    f.createExpressionStatement(announceWrite(s, i, written)),
    f.createExpressionStatement(mapTo(s, f.createAssignment(ref(), x), m)),
    f.createExpressionStatement(clearWrite(s)),
  ]);
  const arrow = f.createArrowFunction(
    undefined,
    undefined,
    params.map((p) => f.createParameterDeclaration(undefined, undefined, p)),
    undefined,
    undefined,
    f.createParenthesizedExpression(obj),
  );
  return targetOf(s, f.createCallExpression(f.createParenthesizedExpression(arrow), undefined, args), m);
}

function target(s: FileState, t: TS.Expression): TS.Expression {
  const { ts, analysis } = s;
  const inner = skipOuter(ts, t);
  if (ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner))
    return rewritePattern(s, inner);
  const i = analysis.byNode.get(inner);
  if (i === undefined) return s.visit(t) as TS.Expression;
  const site = analysis.sites[i]!;
  if (site.target === 'variable') return variableSetter(s, site, i, inner as TS.Identifier);
  return memberSetter(s, i, inner as TS.PropertyAccessExpression | TS.ElementAccessExpression);
}

function withDefault(s: FileState, e: TS.Expression): TS.Expression {
  const { ts, f } = s;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    return f.updateBinaryExpression(e, target(s, e.left), e.operatorToken, s.visit(e.right) as TS.Expression);
  return target(s, e);
}

function rewritePattern(
  s: FileState,
  p: TS.ArrayLiteralExpression | TS.ObjectLiteralExpression,
): TS.Expression {
  const { ts, f, analysis } = s;
  if (ts.isArrayLiteralExpression(p)) {
    return f.updateArrayLiteralExpression(
      p,
      p.elements.map((el) => {
        if (ts.isOmittedExpression(el)) return el;
        if (ts.isSpreadElement(el)) return f.updateSpreadElement(el, target(s, el.expression));
        return withDefault(s, el);
      }),
    );
  }
  return f.updateObjectLiteralExpression(
    p,
    p.properties.map((prop) => {
      if (ts.isPropertyAssignment(prop))
        return f.updatePropertyAssignment(
          prop,
          s.visit(prop.name) as TS.PropertyName,
          withDefault(s, prop.initializer),
        );
      if (ts.isShorthandPropertyAssignment(prop)) {
        const i = analysis.byNode.get(prop);
        if (i === undefined) return s.visit(prop) as TS.ObjectLiteralElementLike;
        const setter = variableSetter(s, analysis.sites[i]!, i, prop.name);
        const init = prop.objectAssignmentInitializer
          ? f.createAssignment(setter, s.visit(prop.objectAssignmentInitializer) as TS.Expression)
          : setter;
        return f.createPropertyAssignment(prop.name.text, init);
      }
      if (ts.isSpreadAssignment(prop)) return f.updateSpreadAssignment(prop, target(s, prop.expression));
      return s.visit(prop) as TS.ObjectLiteralElementLike;
    }),
  );
}

/** `[a.x, b[k]] = v` / `({ p: o.y } = v)`: the destructuring assignment with its targets rewritten. */
export function destructuring(s: FileState, node: TS.BinaryExpression): TS.Expression {
  const left = skipOuter(s.ts, node.left) as TS.ArrayLiteralExpression | TS.ObjectLiteralExpression;
  return s.f.updateBinaryExpression(
    node,
    rewritePattern(s, left),
    node.operatorToken,
    s.visit(node.right) as TS.Expression,
  );
}

/** `for (o.k of …)` / `for ([a.x] in …)`: the head rewritten, the body visited as it is. */
export function forHead(s: FileState, node: TS.ForOfStatement | TS.ForInStatement): TS.Statement {
  const { ts, f } = s;
  const init = node.initializer as TS.Expression;
  const inner = skipOuter(ts, init);
  const head =
    ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner)
      ? rewritePattern(s, inner)
      : target(s, init);
  const expression = ts.visitNode(node.expression, s.visit) as TS.Expression;
  const statement = ts.visitNode(node.statement, s.visit) as TS.Statement;
  return ts.isForOfStatement(node)
    ? f.updateForOfStatement(node, node.awaitModifier, head, expression, statement)
    : f.updateForInStatement(node, head, expression, statement);
}
