/**
 * Member writes. Assignments `o.k = v`, `o[k] op= v`, `super.k = v` keep their form (`done(o.k = at(site, v))`);
 * updates `o.k++` and `delete o.k` evaluate base and key into temporaries (in the original order), then
 * `pending.s = site`, the user's own operation on the temporaries, `pending.s = 0`, and its value.
 */
import type * as TS from 'typescript';
import { memberTarget, type Site, skipOuter } from '../sites';
import { announce, clear, type FileState, mapTo, seq, siteId, temp } from './state';

/** A member target evaluated once: its setup expressions and fresh references to it. */
export interface Target {
  setup: TS.Expression[];
  ref(): TS.Expression;
}

/**
 * Evaluates base and key of a member target once (in order). `this` and `super` stay as they are
 * unless the reference is used in another function (`inSetter`: a pattern target's setter).
 */
export function prepare(
  s: FileState,
  m: TS.PropertyAccessExpression | TS.ElementAccessExpression,
  inSetter: boolean,
): Target {
  const { ts, f } = s;
  const setup: TS.Expression[] = [];
  let baseRef: () => TS.Expression;
  const kind = m.expression.kind;
  if (kind === ts.SyntaxKind.SuperKeyword) {
    // `super.k` reads `this` first: before super() that throws, before the right-hand side runs
    setup.push(f.createAssignment(temp(s), f.createThis()));
    baseRef = () => f.createSuper();
  } else if (kind === ts.SyntaxKind.ThisKeyword && !inSetter) baseRef = () => f.createThis();
  else {
    const t = temp(s);
    setup.push(f.createAssignment(t, s.visit(m.expression) as TS.Expression));
    baseRef = () => t;
  }
  if (ts.isPropertyAccessExpression(m)) {
    const name = m.name.text;
    return { setup, ref: () => f.createPropertyAccessExpression(baseRef(), name) };
  }
  const key = m.argumentExpression;
  const bare = skipOuter(ts, key);
  if (ts.isStringLiteral(bare) || ts.isNumericLiteral(bare)) {
    const text = bare.text;
    const lit = ts.isStringLiteral(bare)
      ? () => f.createStringLiteral(text)
      : () => f.createNumericLiteral(text);
    return { setup, ref: () => f.createElementAccessExpression(baseRef(), lit()) };
  }
  const k = temp(s);
  setup.push(f.createAssignment(k, s.visit(key) as TS.Expression));
  return { setup, ref: () => f.createElementAccessExpression(baseRef(), k) };
}

/** `pending.s = site, write, pending.s = 0, value`. */
function announced(s: FileState, i: number, write: TS.Expression, value: TS.Expression): TS.Expression[] {
  return [announce(s, i), write, clear(s), value];
}

export function deleteMember(s: FileState, site: Site, i: number): TS.Expression {
  const { f } = s;
  const node = site.node as TS.DeleteExpression;
  const t = prepare(s, memberTarget(s.ts, node.expression)!, false);
  const r = temp(s);
  const write = f.createAssignment(r, mapTo(s, f.createDeleteExpression(t.ref()), node));
  return seq(s, [...t.setup, ...announced(s, i, write, r)], node);
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
        ...announced(s, i, write, old),
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
      ...announced(s, i, write, result),
    ],
    node,
  );
}

/**
 * `o.k = v`, `o[k] op= v`, `super.k ??= v`: the assignment as written, its right-hand side wrapped:
 * `done(o[k] += at(site, v))`. Nothing is evaluated twice or out of order, and the types stay.
 */
export function assignMember(s: FileState, site: Site, i: number): TS.Expression {
  const { ts, f } = s;
  const b = site.node as TS.BinaryExpression;
  const rhs = f.createCallExpression(f.createIdentifier(s.names.at), undefined, [
    siteId(s, i),
    s.visit(b.right) as TS.Expression,
  ]);
  const write = mapTo(
    s,
    f.updateBinaryExpression(b, s.visit(b.left) as TS.Expression, b.operatorToken, rhs),
    b,
  );
  const e = f.createCallExpression(f.createIdentifier(s.names.done), undefined, [write]);
  ts.setTextRange(e, b);
  return e;
}
