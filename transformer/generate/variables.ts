/**
 * Option `variables`: reassignments of `let`/`var` bindings declared in the file. The write itself
 * stays as written (so functions keep the names they get from it); the old and new values go to
 * `assigned(holder, old, value, site)`.
 */
import type * as TS from 'typescript';
import { isAnonymousFunction, isLogicalAssignment, type Site, skipOuter } from '../sites';
import {
  comma,
  compoundOperator,
  type FileState,
  isPure,
  mapTo,
  runtimeMember,
  seq,
  siteId,
  temp,
} from './state';

/** A fresh reference to the binding (the original node kept for the host's own transforms). */
export function ref(s: FileState, id: TS.Identifier): TS.Identifier {
  return s.ts.setOriginalNode(s.f.createIdentifier(id.text), id);
}

export function assignedCall(s: FileState, site: Site, i: number, old: TS.Expression, value: TS.Expression) {
  const { f } = s;
  const holder = f.createElementAccessExpression(f.createIdentifier(s.names.holders), site.binding!);
  return f.createCallExpression(runtimeMember(s, 'assigned'), undefined, [holder, old, value, siteId(s, i)]);
}

export function updateVariable(s: FileState, site: Site, i: number): TS.Expression {
  const { ts, f } = s;
  const node = site.node as TS.PrefixUnaryExpression | TS.PostfixUnaryExpression;
  const id = skipOuter(ts, node.operand) as TS.Identifier;
  const old = temp(s);
  const result = temp(s);
  const prefix = ts.isPrefixUnaryExpression(node);
  const upd = prefix
    ? f.createPrefixUnaryExpression(node.operator, ref(s, id))
    : f.createPostfixUnaryExpression(ref(s, id), node.operator);
  const now = prefix ? result : ref(s, id);
  return seq(
    s,
    [
      f.createAssignment(old, ref(s, id)),
      f.createAssignment(result, upd),
      assignedCall(s, site, i, old, now),
      result,
    ],
    node,
  );
}

export function assignVariable(s: FileState, site: Site, i: number): TS.Expression {
  const { ts, f } = s;
  const b = site.node as TS.BinaryExpression;
  const id = skipOuter(ts, b.left) as TS.Identifier;
  const op = b.operatorToken.kind;
  // `(fn) = function () {}` names nothing (a parenthesised target), `fn = function () {}` names it "fn":
  // the rewritten write is always unparenthesised, so the first keeps its function anonymous as `(0, fn)`.
  const keepsName = !ts.isParenthesizedExpression(b.left) || !isAnonymousFunction(ts, b.right);
  const visited = s.visit(b.right) as TS.Expression;
  const rhs = keepsName
    ? visited
    : f.createParenthesizedExpression(f.createComma(f.createNumericLiteral(0), visited));
  const old = temp(s);
  const v = temp(s);
  if (isLogicalAssignment(ts, op)) {
    // `x ||= fn` names fn "x", and so does the plain `x = fn` it becomes.
    const tail = comma(s, [
      f.createAssignment(v, f.createParenthesizedExpression(f.createAssignment(ref(s, id), rhs))),
      assignedCall(s, site, i, old, v),
      v,
    ]);
    const e = f.createParenthesizedExpression(
      f.createBinaryExpression(
        f.createParenthesizedExpression(f.createAssignment(old, ref(s, id))),
        compoundOperator(ts, op),
        f.createParenthesizedExpression(tail),
      ),
    );
    ts.setTextRange(e, b);
    return e;
  }
  if (op === ts.SyntaxKind.EqualsToken && !isAnonymousFunction(ts, b.right) && !isPure(s, b.right)) {
    // The right-hand side first: it may reassign the variable, and the old value is the one it overwrites.
    return seq(
      s,
      [
        f.createAssignment(v, rhs),
        f.createAssignment(old, ref(s, id)),
        mapTo(s, f.createAssignment(ref(s, id), v), b),
        assignedCall(s, site, i, old, v),
        v,
      ],
      b,
    );
  }
  // `x = function () {}` keeps its name: the assignment to x itself stays as written.
  const write = f.createBinaryExpression(ref(s, id), b.operatorToken.kind as TS.BinaryOperator, rhs);
  return seq(
    s,
    [
      f.createAssignment(old, ref(s, id)),
      f.createAssignment(v, f.createParenthesizedExpression(mapTo(s, write, b))),
      assignedCall(s, site, i, old, v),
      v,
    ],
    b,
  );
}
