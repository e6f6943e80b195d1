/**
 * Member writes. Assignments `o.k = v`, `o[k] op= v`, `super.k = v` keep their form (`done(o.k = at(site, v))`);
 * updates `o.k++` and `delete o.k` evaluate base and key into temporaries (in the original order), then
 * `pending.s = site`, the user's own operation on the temporaries, `pending.s = 0`, and its value.
 *
 * Keyed forms (the transformer has `classes` on, `s.input.keyed`): the runtime is also told the target
 * and key (`o.k = atKey(site, o, "k", v)`, then `doneKey`), or the receiver of a mutating call
 * (`atCall`/`doneCall`), so that it can record writes to `classes` instances, which stay plain objects.
 * The target is referenced again when it is `this` or an identifier (so TypeScript still narrows `o.k`);
 * any other base, and a computed key, is evaluated once into a temporary where it stood.
 */
import type * as TS from 'typescript';
import { memberTarget, type Site, skipOuter } from '../sites';
import {
  type Aliased,
  announce,
  clear,
  type FileState,
  generated,
  isTypeScript,
  mapTo,
  seq,
  siteId,
  temp,
} from './state';

/** A member target evaluated once: its setup expressions and fresh references to it. */
export interface Target {
  setup: TS.Expression[];
  ref(): TS.Expression;
  /** The object written to (`this` for `super.k`) and the key, for the keyed forms. */
  object(): TS.Expression;
  key(): TS.Expression;
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
  let object: () => TS.Expression;
  const kind = m.expression.kind;
  if (kind === ts.SyntaxKind.SuperKeyword) {
    // `super.k` reads `this` first: before super() that throws, before the right-hand side runs
    const self = temp(s);
    setup.push(f.createAssignment(self, f.createThis()));
    baseRef = () => f.createSuper();
    object = () => self;
  } else if (kind === ts.SyntaxKind.ThisKeyword && !inSetter) baseRef = object = () => f.createThis();
  else {
    const t = temp(s);
    setup.push(f.createAssignment(t, s.visit(m.expression) as TS.Expression));
    baseRef = object = () => t;
  }
  if (ts.isPropertyAccessExpression(m)) {
    const name = m.name.text;
    return {
      setup,
      ref: () => f.createPropertyAccessExpression(baseRef(), name),
      object,
      key: () => f.createStringLiteral(name),
    };
  }
  const lit = literalKey(s, m.argumentExpression);
  if (lit !== undefined)
    return { setup, ref: () => f.createElementAccessExpression(baseRef(), lit()), object, key: lit };
  const k = temp(s);
  setup.push(f.createAssignment(k, computedKey(s, object(), m.argumentExpression)));
  return { setup, ref: () => f.createElementAccessExpression(baseRef(), k), object, key: () => k };
}

/** A string or numeric literal key, as a maker of fresh copies of it. */
export function literalKey(s: FileState, key: TS.Expression): (() => TS.Expression) | undefined {
  const { ts, f } = s;
  const bare = skipOuter(ts, key);
  if (ts.isStringLiteral(bare)) {
    const text = bare.text;
    return () => f.createStringLiteral(text);
  }
  if (ts.isNumericLiteral(bare)) {
    const text = bare.text;
    return () => f.createNumericLiteral(text);
  }
  return undefined;
}

/**
 * Whether a computed key goes through the runtime's `key(object, k)` (keyed form): it converts an
 * object key once for the runtime and the write both (runtime tracking/keys.ts). Keys whose syntax
 * gives a primitive (a template, arithmetic, `i++`) need not.
 */
export function wrapsKey(s: FileState, original: TS.Expression): boolean {
  const { ts } = s;
  if (!s.input.keyed) return false;
  const e = skipOuter(ts, original);
  if (ts.isLiteralExpression(e)) return e.kind === ts.SyntaxKind.RegularExpressionLiteral;
  if (ts.isTemplateExpression(e)) return false;
  if (ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e)) return false;
  if (ts.isTypeOfExpression(e) || ts.isVoidExpression(e)) return false;
  if (!ts.isBinaryExpression(e)) return true;
  // operators whose value is an operand (or the right-hand side) may give an object
  const K = ts.SyntaxKind;
  const op = e.operatorToken.kind;
  return (
    op === K.EqualsToken ||
    op === K.CommaToken ||
    op === K.AmpersandAmpersandToken ||
    op === K.BarBarToken ||
    op === K.QuestionQuestionToken ||
    op === K.AmpersandAmpersandEqualsToken ||
    op === K.BarBarEqualsToken ||
    op === K.QuestionQuestionEqualsToken
  );
}

/** `key(object, k)` around a computed key's value (see wrapsKey). */
export function keyCall(s: FileState, object: TS.Expression, k: TS.Expression): TS.Expression {
  return call(s, 'key', [object, k]);
}

/** A computed key as evaluated into its temporary: wrapped by `key()` where wrapsKey says so. */
function computedKey(s: FileState, object: TS.Expression, original: TS.Expression): TS.Expression {
  const visited = s.visit(original) as TS.Expression;
  return wrapsKey(s, original) ? keyCall(s, object, visited) : visited;
}

/** A call of the runtime function bound locally as `name`. */
function call(s: FileState, name: Aliased, args: TS.Expression[]): TS.Expression {
  return s.f.createCallExpression(generated(s, name), undefined, args);
}

/**
 * Right before a write prepared by `prepare`: `pending.s = site`, or in the keyed form
 * `atKey(site, object, key, 0)`. Shared with pattern targets (patterns.ts).
 */
export function announceWrite(s: FileState, i: number, t: Target): TS.Expression {
  if (!s.input.keyed) return announce(s, i);
  return call(s, 'atKey', [siteId(s, i), t.object(), t.key(), s.f.createNumericLiteral(0)]);
}

/** Right after it: `pending.s = 0`, or `doneKey(0)`, which records the keyed write. */
export function clearWrite(s: FileState): TS.Expression {
  return s.input.keyed ? call(s, 'doneKey', [s.f.createNumericLiteral(0)]) : clear(s);
}

/**
 * The base of an assignment or call in the keyed form: `this` and identifiers stay (the runtime gets
 * them again, and TypeScript keeps narrowing `o.k`); anything else is evaluated once where it stands,
 * into a temporary: `(_t = a.b).k`.
 */
function keyedBase(s: FileState, base: TS.Expression): { base: TS.Expression; object: () => TS.Expression } {
  const { ts, f } = s;
  const bare = skipOuter(ts, base);
  const visited = s.visit(base) as TS.Expression;
  if (bare.kind === ts.SyntaxKind.ThisKeyword) return { base: visited, object: () => f.createThis() };
  if (ts.isIdentifier(bare)) {
    // the original node behind the copy: TypeScript's CommonJS output rewrites an imported or exported
    // binding (`cfg` -> `c_1.cfg`) only where it can find the declaration the identifier refers to
    return { base: visited, object: () => ts.setOriginalNode(f.createIdentifier(bare.text), bare) };
  }
  const t = temp(s);
  return { base: f.createParenthesizedExpression(f.createAssignment(t, visited)), object: () => t };
}

/** `pending.s = site, write, pending.s = 0, value` (or their keyed forms). */
function announced(
  s: FileState,
  i: number,
  t: Target,
  write: TS.Expression,
  value: TS.Expression,
): TS.Expression[] {
  return [announceWrite(s, i, t), write, clearWrite(s), value];
}

export function deleteMember(s: FileState, site: Site, i: number): TS.Expression {
  const { f } = s;
  const node = site.node as TS.DeleteExpression;
  const t = prepare(s, memberTarget(s.ts, node.expression)!, false);
  const r = temp(s);
  const write = f.createAssignment(r, mapTo(s, f.createDeleteExpression(t.ref()), node));
  return seq(s, [...t.setup, ...announced(s, i, t, write, r)], node);
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
        ...announced(s, i, t, write, old),
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
      ...announced(s, i, t, write, result),
    ],
    node,
  );
}

/**
 * The right-hand side of a member assignment, visited. A function expression there takes its `this`
 * type from the target's object in TypeScript; as the argument of `at()`/`atKey()` it takes it from
 * the target's type, and over an `any` target it has none (TS2683 under noImplicitThis): in TypeScript it
 * declares `this: any`, as the original's `any` object gave it.
 */
function assignedValue(s: FileState, right: TS.Expression): TS.Expression {
  const { ts, f } = s;
  const withThis = (e: TS.Expression): TS.Expression => {
    if (ts.isParenthesizedExpression(e)) return f.updateParenthesizedExpression(e, withThis(e.expression));
    if (!ts.isFunctionExpression(e)) return e;
    const first = e.parameters[0];
    if (first && ts.isIdentifier(first.name) && first.name.text === 'this') return e;
    const any = f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword);
    const self = f.createParameterDeclaration(undefined, undefined, 'this', undefined, any);
    return f.updateFunctionExpression(
      e,
      e.modifiers,
      e.asteriskToken,
      e.name,
      e.typeParameters,
      [self, ...e.parameters],
      e.type,
      e.body,
    );
  };
  const visited = s.visit(right) as TS.Expression;
  return isTypeScript(s) ? withThis(visited) : visited;
}

/**
 * `o.k = v`, `o[k] op= v`, `super.k ??= v`: the assignment as written, its right-hand side wrapped:
 * `done(o[k] += at(site, v))`. Nothing is evaluated twice or out of order, and the types stay.
 */
export function assignMember(s: FileState, site: Site, i: number): TS.Expression {
  const { ts, f } = s;
  const b = site.node as TS.BinaryExpression;
  if (s.input.keyed) return assignKeyed(s, b, i);
  const rhs = call(s, 'at', [siteId(s, i), assignedValue(s, b.right)]);
  const write = mapTo(
    s,
    f.updateBinaryExpression(b, s.visit(b.left) as TS.Expression, b.operatorToken, rhs),
    b,
  );
  const e = call(s, 'done', [write]);
  ts.setTextRange(e, b);
  return e;
}

/** `o.items.push(x)`: the call as written, its last argument wrapped: `done(o.items.push(at(site, x)))`. */
export function callMember(s: FileState, site: Site, i: number): TS.Expression {
  const { ts, f } = s;
  const c = site.node as TS.CallExpression;
  if (s.input.keyed) return callKeyed(s, c, i);
  const args = c.arguments.map((a) => s.visit(a) as TS.Expression);
  let method: TS.Expression;
  if (args.length === 0) {
    // `o.items.pop()` -> `at(site, o.items).pop()`: the receiver carries the site
    const callee = c.expression as TS.PropertyAccessExpression;
    const receiver = call(s, 'at', [siteId(s, i), s.visit(callee.expression) as TS.Expression]);
    method = f.updatePropertyAccessExpression(callee, receiver, callee.name);
  } else {
    method = s.visit(c.expression) as TS.Expression;
    args.push(call(s, 'at', [siteId(s, i), args.pop()!]));
  }
  const invoked = mapTo(s, f.updateCallExpression(c, method, c.typeArguments, args), c);
  const e = call(s, 'done', [invoked]);
  ts.setTextRange(e, c);
  return e;
}

/** `o.k = v` in the keyed form: `doneKey(o.k = atKey(site, o, "k", v))`; `super.k`: the object is `this`. */
function assignKeyed(s: FileState, b: TS.BinaryExpression, i: number): TS.Expression {
  const { ts, f } = s;
  const m = memberTarget(ts, b.left)!;
  let base: TS.Expression;
  let object: () => TS.Expression;
  if (m.expression.kind === ts.SyntaxKind.SuperKeyword) {
    base = m.expression;
    object = () => f.createThis();
  } else ({ base, object } = keyedBase(s, m.expression));
  let left: TS.Expression;
  let key: TS.Expression;
  if (ts.isPropertyAccessExpression(m)) {
    left = f.updatePropertyAccessExpression(m, base, m.name);
    key = f.createStringLiteral(m.name.text);
  } else {
    const lit = literalKey(s, m.argumentExpression);
    if (lit !== undefined) {
      left = f.updateElementAccessExpression(m, base, s.visit(m.argumentExpression) as TS.Expression);
      key = lit();
    } else {
      const k = temp(s);
      const computed = f.createAssignment(k, computedKey(s, object(), m.argumentExpression));
      left = f.updateElementAccessExpression(m, base, computed);
      key = k;
    }
  }
  const rhs = call(s, 'atKey', [siteId(s, i), object(), key, assignedValue(s, b.right)]);
  const write = mapTo(s, f.updateBinaryExpression(b, left, b.operatorToken, rhs), b);
  const e = call(s, 'doneKey', [write]);
  ts.setTextRange(e, b);
  return e;
}

/**
 * `Object.assign(o, a, b)`: as a call, its last argument wrapped (`at(site, b)`); keyed, the target
 * passed too: `doneAssign(Object.assign((_r = o), a, atAssign(site, _r, b)))`.
 */
export function mergeMember(s: FileState, site: Site, i: number): TS.Expression {
  if (!s.input.keyed) return callMember(s, site, i);
  const { ts, f } = s;
  const c = site.node as TS.CallExpression;
  const { base, object } = keyedBase(s, c.arguments[0]!);
  const args = [base, ...c.arguments.slice(1).map((a) => s.visit(a) as TS.Expression)];
  args.push(call(s, 'atAssign', [siteId(s, i), object(), args.pop()!]));
  const e = call(s, 'doneAssign', [
    mapTo(s, f.updateCallExpression(c, s.visit(c.expression) as TS.Expression, c.typeArguments, args), c),
  ]);
  ts.setTextRange(e, c);
  return e;
}

/**
 * `o.items.push(x)` in the keyed form: `doneCall((_r = o.items).push(atCall(site, _r, x)))`; without
 * arguments `doneCall(atCall(site, (_r = o.items), _r).pop())`.
 */
function callKeyed(s: FileState, c: TS.CallExpression, i: number): TS.Expression {
  const { ts, f } = s;
  const callee = c.expression as TS.PropertyAccessExpression;
  const { base, object } = keyedBase(s, callee.expression);
  const args = c.arguments.map((a) => s.visit(a) as TS.Expression);
  let receiver = base;
  if (args.length === 0) receiver = call(s, 'atCall', [siteId(s, i), base, object()]);
  else args.push(call(s, 'atCall', [siteId(s, i), object(), args.pop()!]));
  const method = f.updatePropertyAccessExpression(callee, receiver, callee.name);
  const e = call(s, 'doneCall', [mapTo(s, f.updateCallExpression(c, method, c.typeArguments, args), c)]);
  ts.setTextRange(e, c);
  return e;
}
