/**
 * Option `variables`: reassignments of `let`/`var` bindings declared in the file. The write itself
 * stays as written (so functions keep the names they get from it); the old and new values go to
 * `assigned(holder, old, value, site)`.
 */
import type * as TS from 'typescript';
import { isAnonymousFunction, isLogicalAssignment, type Site, skipOuter } from '../sites';
import {
  compoundOperator,
  type FileState,
  generated,
  isPure,
  isTypeScript,
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
  const holder = f.createElementAccessExpression(generated(s, 'holders'), site.binding!);
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
  // the write keeps the parentheses it had.
  const target = () =>
    ts.isParenthesizedExpression(b.left) ? f.createParenthesizedExpression(ref(s, id)) : ref(s, id);
  const rhs = s.visit(b.right) as TS.Expression;
  const old = temp(s);
  const v = temp(s);
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
  // Otherwise the write stays as written (`x = function () {}` keeps its name, `x ||= v` its narrowing);
  // a logical assignment wrote only when the old value did not short-circuit it: `old || assigned(...)`.
  const write = mapTo(s, f.createBinaryExpression(target(), op as TS.BinaryOperator, rhs), b);
  const record = assignedCall(s, site, i, old, v);
  return seq(
    s,
    [
      f.createAssignment(old, ref(s, id)),
      f.createAssignment(v, f.createParenthesizedExpression(write)),
      isLogicalAssignment(ts, op) ? f.createBinaryExpression(old, compoundOperator(ts, op), record) : record,
      v,
    ],
    b,
  );
}

/**
 * `let a: T;` / `let a;` of a binding that a pattern target writes. The write happens in the pattern's
 * generated setter (patterns.ts), where a type checker no longer sees it: the typed declaration would
 * be "used before being assigned" (TS2454), the untyped one "implicitly any where its type cannot be
 * determined" (TS7034). In TypeScript they become `let a!: T;` and `let a: any;` (types only: the
 * emitted JavaScript is the same); JavaScript has no such annotation and is left as written.
 */
export function capturedDeclaration(s: FileState, d: TS.VariableDeclaration): TS.VariableDeclaration {
  const { ts, f } = s;
  if (!isTypeScript(s)) return d;
  return d.type
    ? f.updateVariableDeclaration(d, d.name, f.createToken(ts.SyntaxKind.ExclamationToken), d.type, undefined)
    : f.updateVariableDeclaration(
        d,
        d.name,
        undefined,
        f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword),
        undefined,
      );
}
