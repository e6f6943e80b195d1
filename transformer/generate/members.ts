/**
 * Member writes `o.k = v`, `o[k] op= v`, `o.k++`, `delete o.k`, `super.k = v`: base, key and
 * right-hand side into temporaries (in the original order), the announcement, then the user's own
 * operation on the temporaries.
 */
import type * as TS from 'typescript';
import { isLogicalAssignment, isSuperMember, memberTarget, type Site, skipOuter } from '../sites';
import {
  announce,
  comma,
  compoundOperator,
  type FileState,
  isPure,
  mapTo,
  seq,
  temp,
  unnamed,
} from './state';

/** A member target evaluated once: its setup expressions, the receiver to announce, fresh references. */
export interface Target {
  setup: TS.Expression[];
  receiver: TS.Expression;
  ref(): TS.Expression;
}

/**
 * Evaluates base and key of a member target once (in order). `this` stays `this` unless the
 * reference is used in another function (`mustCopyThis`: a pattern target's setter).
 */
export function prepare(
  s: FileState,
  m: TS.PropertyAccessExpression | TS.ElementAccessExpression,
  mustCopyThis: boolean,
): Target {
  const { ts, f } = s;
  const setup: TS.Expression[] = [];
  let baseRef: () => TS.Expression;
  let receiver: TS.Expression;
  if (isSuperMember(ts, m)) {
    const t = temp(s);
    setup.push(f.createAssignment(t, f.createThis()));
    receiver = t;
    baseRef = () => f.createSuper();
  } else if (m.expression.kind === ts.SyntaxKind.ThisKeyword && !mustCopyThis) {
    receiver = f.createThis();
    baseRef = () => f.createThis();
  } else {
    const t = temp(s);
    setup.push(f.createAssignment(t, s.visit(m.expression) as TS.Expression));
    receiver = t;
    baseRef = () => t;
  }
  if (ts.isPropertyAccessExpression(m)) {
    const name = m.name.text;
    return { setup, receiver, ref: () => f.createPropertyAccessExpression(baseRef(), name) };
  }
  const key = m.argumentExpression;
  const bare = skipOuter(ts, key);
  if (ts.isStringLiteral(bare) || ts.isNumericLiteral(bare)) {
    const text = bare.text;
    const lit = ts.isStringLiteral(bare)
      ? () => f.createStringLiteral(text)
      : () => f.createNumericLiteral(text);
    return { setup, receiver, ref: () => f.createElementAccessExpression(baseRef(), lit()) };
  }
  const k = temp(s);
  setup.push(f.createAssignment(k, s.visit(key) as TS.Expression));
  return { setup, receiver, ref: () => f.createElementAccessExpression(baseRef(), k) };
}

export function deleteMember(s: FileState, site: Site, i: number): TS.Expression {
  const node = site.node as TS.DeleteExpression;
  const t = prepare(s, memberTarget(s.ts, node.expression)!, false);
  return seq(
    s,
    [...t.setup, ...announce(s, t.receiver, i), mapTo(s, s.f.createDeleteExpression(t.ref()), node)],
    node,
  );
}

export function updateMember(s: FileState, site: Site, i: number): TS.Expression {
  const { ts, f } = s;
  const node = site.node as TS.PrefixUnaryExpression | TS.PostfixUnaryExpression;
  const t = prepare(s, memberTarget(ts, node.operand)!, false);
  const old = temp(s);
  const write = mapTo(s, f.createAssignment(t.ref(), old), node);
  if (ts.isPrefixUnaryExpression(node)) {
    return seq(
      s,
      [
        ...t.setup,
        f.createAssignment(old, t.ref()),
        f.createPrefixUnaryExpression(node.operator, old),
        ...announce(s, t.receiver, i),
        write,
      ],
      node,
    );
  }
  const result = temp(s);
  return seq(
    s,
    [
      ...t.setup,
      f.createAssignment(old, t.ref()),
      f.createAssignment(result, f.createPostfixUnaryExpression(old, node.operator)),
      ...announce(s, t.receiver, i),
      write,
      result,
    ],
    node,
  );
}

export function assignMember(s: FileState, site: Site, i: number): TS.Expression {
  const { ts, f } = s;
  const b = site.node as TS.BinaryExpression;
  const op = b.operatorToken.kind;
  const t = prepare(s, memberTarget(ts, b.left)!, false);
  const rhs = s.visit(b.right) as TS.Expression;
  if (op === ts.SyntaxKind.EqualsToken) {
    if (isPure(s, b.right))
      return seq(
        s,
        [...t.setup, ...announce(s, t.receiver, i), mapTo(s, f.createAssignment(t.ref(), rhs), b)],
        b,
      );
    const v = temp(s);
    return seq(
      s,
      [
        ...t.setup,
        f.createAssignment(v, unnamed(s, b.right, rhs)),
        ...announce(s, t.receiver, i),
        mapTo(s, f.createAssignment(t.ref(), v), b),
      ],
      b,
    );
  }
  if (isLogicalAssignment(ts, op)) {
    // `o.k ||= v`: nothing is written (and nothing announced) when it short-circuits
    const tail: TS.Expression[] = [];
    let value: TS.Expression = rhs;
    if (!isPure(s, b.right)) {
      const v = temp(s);
      tail.push(f.createAssignment(v, unnamed(s, b.right, rhs)));
      value = v;
    }
    tail.push(...announce(s, t.receiver, i), mapTo(s, f.createAssignment(t.ref(), value), b));
    const head = f.createParenthesizedExpression(comma(s, [...t.setup, t.ref()]));
    const e = f.createParenthesizedExpression(
      f.createBinaryExpression(
        head,
        compoundOperator(ts, op),
        f.createParenthesizedExpression(comma(s, tail)),
      ),
    );
    ts.setTextRange(e, b);
    return e;
  }
  const v = temp(s);
  return seq(
    s,
    [
      ...t.setup,
      f.createAssignment(v, f.createBinaryExpression(t.ref(), compoundOperator(ts, op), rhs)),
      ...announce(s, t.receiver, i),
      mapTo(s, f.createAssignment(t.ref(), v), b),
    ],
    b,
  );
}
