/**
 * Targets inside destructuring assignments and for-in/of heads become `({ set v(x) { ...write... } }).v`:
 * the pattern itself still drives every read and write, in order; only the targets change.
 */
import type * as TS from 'typescript';
import { type Site, skipOuter } from '../sites';
import { announceWrite, clearWrite, prepare } from './members';
import { comma, type FileState, fresh, mapTo } from './state';
import { assignedCall, ref } from './variables';

function setterTarget(
  s: FileState,
  statements: (param: TS.Identifier) => TS.Statement[],
  setup: TS.Expression[],
  original: TS.Node,
): TS.Expression {
  const { f } = s;
  const param = fresh(s);
  const setter = f.createSetAccessorDeclaration(
    undefined,
    'v',
    [f.createParameterDeclaration(undefined, undefined, param)],
    f.createBlock(statements(param), false),
  );
  const obj = f.createObjectLiteralExpression([setter], false);
  const base = setup.length ? comma(s, [...setup, obj]) : obj;
  return mapTo(s, f.createPropertyAccessExpression(f.createParenthesizedExpression(base), 'v'), original);
}

function variableSetter(s: FileState, site: Site, i: number, id: TS.Identifier): TS.Expression {
  const { f } = s;
  return setterTarget(
    s,
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
    [],
    id,
  );
}

function target(s: FileState, t: TS.Expression): TS.Expression {
  const { ts, f, analysis } = s;
  const inner = skipOuter(ts, t);
  if (ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner))
    return rewritePattern(s, inner);
  const i = analysis.byNode.get(inner);
  if (i === undefined) return s.visit(t) as TS.Expression;
  const site = analysis.sites[i]!;
  if (site.target === 'variable') return variableSetter(s, site, i, inner as TS.Identifier);
  const m = inner as TS.PropertyAccessExpression | TS.ElementAccessExpression;
  const prepared = prepare(s, m, true);
  return setterTarget(
    s,
    (x) => [
      f.createExpressionStatement(announceWrite(s, i, prepared)),
      f.createExpressionStatement(mapTo(s, f.createAssignment(prepared.ref(), x), m)),
      f.createExpressionStatement(clearWrite(s)),
    ],
    prepared.setup,
    m,
  );
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
