/**
 * Code generation: turns the sites found by sites.ts into instrumented code (ts.factory nodes).
 *
 * Write protocol (src/runtime.ts): base, key and right-hand side are evaluated once, in the original
 * order, into per-function temporaries; then `pending.t = base; pending.s = site`; then the user's own
 * operation runs unchanged. For `obj[key] = rhs`:
 *
 *     (_st$0 = obj, _st$1 = key, _st$2 = rhs, rt.pending.t = _st$0, rt.pending.s = base + 3, _st$0[_st$1] = _st$2)
 *
 * Temporaries are `var`s of the innermost function (TS lexical environments), so recursion and
 * re-entrancy are safe; class field and parameter initializers get their own arrow IIFE for the same
 * reason. Targets inside destructuring patterns and for-in/of heads become `({ set v(x) {...} }).v`:
 * the pattern still drives the order of every get and set. Only literal and function right-hand sides
 * are left in place (they cannot run code); anonymous functions and classes assigned to a temporary
 * are wrapped as `(0, fn)` so they keep the empty name they would have had.
 */
import type * as TS from 'typescript';
import {
  type FileSites,
  isAnonymousFunction,
  isFunctionLike,
  isLogicalAssignment,
  isSuperMember,
  memberTarget,
  type Site,
  skipOuter,
} from './sites';

export const RUNTIME_MODULE = 'statetrail/runtime';
export const RUNTIME_GLOBAL = 'statetrail.runtime';

export interface GenerateDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface GenerateInput {
  /** File name as it goes into the site table (relative to the project root, posix). */
  siteFile: string;
  analysis: FileSites;
  /**
   * The host rewrites imports into something else (CommonJS, AMD, UMD, System): a synthesized named import
   * would not be rewritten, so `pending` is read once from the namespace import into a module variable.
   * In ES module output the named import `pending` is used directly (a live binding, also in import cycles).
   */
  commonjs: boolean;
  onDiagnostic?: (d: GenerateDiagnostic) => void;
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

const COMPOUND: Partial<Record<number, number>> = {};
function compoundOperator(ts: typeof TS, kind: TS.SyntaxKind): TS.BinaryOperator {
  if (!COMPOUND[ts.SyntaxKind.PlusEqualsToken]) {
    const K = ts.SyntaxKind;
    const pairs: [TS.SyntaxKind, TS.SyntaxKind][] = [
      [K.PlusEqualsToken, K.PlusToken],
      [K.MinusEqualsToken, K.MinusToken],
      [K.AsteriskEqualsToken, K.AsteriskToken],
      [K.AsteriskAsteriskEqualsToken, K.AsteriskAsteriskToken],
      [K.SlashEqualsToken, K.SlashToken],
      [K.PercentEqualsToken, K.PercentToken],
      [K.LessThanLessThanEqualsToken, K.LessThanLessThanToken],
      [K.GreaterThanGreaterThanEqualsToken, K.GreaterThanGreaterThanToken],
      [K.GreaterThanGreaterThanGreaterThanEqualsToken, K.GreaterThanGreaterThanGreaterThanToken],
      [K.AmpersandEqualsToken, K.AmpersandToken],
      [K.BarEqualsToken, K.BarToken],
      [K.CaretEqualsToken, K.CaretToken],
      [K.AmpersandAmpersandEqualsToken, K.AmpersandAmpersandToken],
      [K.BarBarEqualsToken, K.BarBarToken],
      [K.QuestionQuestionEqualsToken, K.QuestionQuestionToken],
    ];
    for (const [a, b] of pairs) COMPOUND[a] = b;
  }
  const op = COMPOUND[kind];
  if (op === undefined) throw new Error(`unsupported assignment operator ${ts.SyntaxKind[kind]}`);
  return op as TS.BinaryOperator;
}

/** Rewrites one source file. Returns it unchanged when there is nothing to instrument. */
export function generate(
  ts: typeof TS,
  context: TS.TransformationContext,
  sf: TS.SourceFile,
  input: GenerateInput,
): TS.SourceFile {
  const { analysis } = input;
  if (analysis.alreadyInstrumented || (analysis.sites.length === 0 && analysis.classes.length === 0))
    return sf;
  const f = context.factory;
  const script = !analysis.isModule;
  const suffix = script ? `${hash(input.siteFile)}_` : '';
  let counter = 0;
  const fresh = () => f.createIdentifier(`_st$${suffix}${counter++}`);
  const rtName = `__st$rt${script ? `_${suffix}` : ''}`;
  const baseName = `__st$s${script ? `_${suffix}` : ''}`;
  const holdersName = `__st$h${script ? `_${suffix}` : ''}`;
  const rt = () => f.createIdentifier(rtName);
  const pendingName = `__st$p${script ? `_${suffix}` : ''}`;
  const classSet = new Set<TS.Node>(analysis.classes);
  // Only the paths from the root to a site or a class are visited: everything else is returned as it is.
  const relevant = new Set<TS.Node>();
  for (const start of [...analysis.sites.map((x) => x.node), ...analysis.classes]) {
    for (let n: TS.Node | undefined = start; n && !relevant.has(n); n = n.parent) relevant.add(n);
  }

  // Temporaries: hoisted into the innermost function, or collected by an initializer's own IIFE.
  let sink: TS.Identifier[] | undefined;
  const temp = (): TS.Identifier => {
    const id = fresh();
    if (sink) sink.push(id);
    else context.hoistVariableDeclaration(id);
    return id;
  };
  const withOwnScope = (expr: TS.Expression, visit: (e: TS.Expression) => TS.Expression): TS.Expression => {
    const saved = sink;
    const mine: TS.Identifier[] = [];
    sink = mine;
    let out: TS.Expression;
    try {
      out = visit(expr);
    } finally {
      sink = saved;
    }
    if (mine.length === 0) return out;
    const body = f.createBlock(
      [
        f.createVariableStatement(
          undefined,
          f.createVariableDeclarationList(mine.map((id) => f.createVariableDeclaration(id))),
        ),
        f.createReturnStatement(out),
      ],
      false,
    );
    const arrow = f.createArrowFunction(undefined, undefined, [], undefined, undefined, body);
    return f.createCallExpression(f.createParenthesizedExpression(arrow), undefined, []);
  };

  const comma = (list: readonly TS.Expression[]): TS.Expression => list.reduce((a, b) => f.createComma(a, b));
  const isPrologue = (s: TS.Statement) => ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression);
  const pending = () => f.createIdentifier(pendingName);
  const siteId = (i: number) => f.createAdd(f.createIdentifier(baseName), f.createNumericLiteral(i));
  const announce = (receiver: TS.Expression, i: number): TS.Expression[] => [
    f.createAssignment(f.createPropertyAccessExpression(pending(), 't'), receiver),
    f.createAssignment(f.createPropertyAccessExpression(pending(), 's'), siteId(i)),
  ];
  const seq = (list: TS.Expression[], original: TS.Node): TS.Expression => {
    const e = f.createParenthesizedExpression(comma(list));
    ts.setTextRange(e, original);
    ts.setOriginalNode(e, original);
    return e;
  };
  const mapTo = <T extends TS.Node>(node: T, original: TS.Node): T => {
    ts.setSourceMapRange(node, { pos: original.getStart(sf), end: original.end });
    return node;
  };
  const isPure = (e: TS.Expression): boolean => {
    const s = skipOuter(ts, e);
    return (
      ts.isNumericLiteral(s) ||
      ts.isStringLiteral(s) ||
      ts.isBigIntLiteral(s) ||
      ts.isNoSubstitutionTemplateLiteral(s) ||
      s.kind === ts.SyntaxKind.TrueKeyword ||
      s.kind === ts.SyntaxKind.FalseKeyword ||
      s.kind === ts.SyntaxKind.NullKeyword ||
      ts.isArrowFunction(s) ||
      ts.isFunctionExpression(s)
    );
  };
  /** `_v = rhs` would name an anonymous function "_v": `(0, rhs)` keeps it anonymous. */
  const unnamed = (original: TS.Expression, visited: TS.Expression): TS.Expression =>
    isAnonymousFunction(ts, original)
      ? f.createParenthesizedExpression(f.createComma(f.createNumericLiteral(0), visited))
      : visited;

  interface Target {
    setup: TS.Expression[];
    receiver: TS.Expression;
    ref(): TS.Expression;
  }
  /** Evaluates base and key of a member target once (in order) and gives fresh references to it. */
  const prepare = (
    m: TS.PropertyAccessExpression | TS.ElementAccessExpression,
    visit: (n: TS.Node) => TS.Node,
    mustCopyThis: boolean,
  ): Target => {
    const setup: TS.Expression[] = [];
    let baseRef: () => TS.Expression;
    let receiver: TS.Expression;
    const isSuper = isSuperMember(ts, m);
    if (isSuper) {
      const t = temp();
      setup.push(f.createAssignment(t, f.createThis()));
      receiver = t;
      baseRef = () => f.createSuper();
    } else if (m.expression.kind === ts.SyntaxKind.ThisKeyword && !mustCopyThis) {
      receiver = f.createThis();
      baseRef = () => f.createThis();
    } else {
      const t = temp();
      setup.push(f.createAssignment(t, visit(m.expression) as TS.Expression));
      receiver = t;
      baseRef = () => t;
    }
    if (ts.isPropertyAccessExpression(m)) {
      const name = m.name.text;
      return { setup, receiver, ref: () => f.createPropertyAccessExpression(baseRef(), name) };
    }
    const key = skipOuter(ts, m.argumentExpression);
    if (ts.isStringLiteral(key) || ts.isNumericLiteral(key)) {
      const text = key.text;
      const lit = ts.isStringLiteral(key)
        ? () => f.createStringLiteral(text)
        : () => f.createNumericLiteral(text);
      return { setup, receiver, ref: () => f.createElementAccessExpression(baseRef(), lit()) };
    }
    const k = temp();
    setup.push(f.createAssignment(k, visit(m.argumentExpression) as TS.Expression));
    return { setup, receiver, ref: () => f.createElementAccessExpression(baseRef(), k) };
  };

  const variableRefs = (id: TS.Identifier) => ({
    read: () => ts.setOriginalNode(f.createIdentifier(id.text), id),
    write: () => ts.setOriginalNode(f.createIdentifier(id.text), id),
  });
  const holder = (b: number) => f.createElementAccessExpression(f.createIdentifier(holdersName), b);
  const assignedCall = (site: Site, i: number, old: TS.Expression, value: TS.Expression) =>
    f.createCallExpression(f.createPropertyAccessExpression(rt(), 'assigned'), undefined, [
      holder(site.binding!),
      old,
      value,
      siteId(i),
    ]);

  // ---- expression sites ----
  const memberWrite = (site: Site, i: number, visit: (n: TS.Node) => TS.Node): TS.Expression => {
    const node = site.node;
    if (ts.isDeleteExpression(node)) {
      const m = memberTarget(ts, node.expression)!;
      const t = prepare(m, visit, false);
      return seq(
        [...t.setup, ...announce(t.receiver, i), mapTo(f.createDeleteExpression(t.ref()), node)],
        node,
      );
    }
    if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      const m = memberTarget(ts, node.operand)!;
      const t = prepare(m, visit, false);
      const old = temp();
      const write = mapTo(f.createAssignment(t.ref(), old), node);
      if (ts.isPrefixUnaryExpression(node)) {
        return seq(
          [
            ...t.setup,
            f.createAssignment(old, t.ref()),
            f.createPrefixUnaryExpression(node.operator, old),
            ...announce(t.receiver, i),
            write,
          ],
          node,
        );
      }
      const result = temp();
      return seq(
        [
          ...t.setup,
          f.createAssignment(old, t.ref()),
          f.createAssignment(result, f.createPostfixUnaryExpression(old, node.operator)),
          ...announce(t.receiver, i),
          write,
          result,
        ],
        node,
      );
    }
    const b = node as TS.BinaryExpression;
    const m = memberTarget(ts, b.left)!;
    const op = b.operatorToken.kind;
    const t = prepare(m, visit, false);
    const rhs = visit(b.right) as TS.Expression;
    if (op === ts.SyntaxKind.EqualsToken) {
      if (isPure(b.right))
        return seq([...t.setup, ...announce(t.receiver, i), mapTo(f.createAssignment(t.ref(), rhs), b)], b);
      const v = temp();
      return seq(
        [
          ...t.setup,
          f.createAssignment(v, unnamed(b.right, rhs)),
          ...announce(t.receiver, i),
          mapTo(f.createAssignment(t.ref(), v), b),
        ],
        b,
      );
    }
    if (isLogicalAssignment(ts, op)) {
      const tail: TS.Expression[] = [];
      let value: TS.Expression = rhs;
      if (!isPure(b.right)) {
        const v = temp();
        tail.push(f.createAssignment(v, unnamed(b.right, rhs)));
        value = v;
      }
      tail.push(...announce(t.receiver, i), mapTo(f.createAssignment(t.ref(), value), b));
      const head = f.createParenthesizedExpression(comma([...t.setup, t.ref()]));
      const e = f.createParenthesizedExpression(
        f.createBinaryExpression(
          head,
          compoundOperator(ts, op),
          f.createParenthesizedExpression(comma(tail)),
        ),
      );
      ts.setTextRange(e, b);
      return e;
    }
    const v = temp();
    return seq(
      [
        ...t.setup,
        f.createAssignment(v, f.createBinaryExpression(t.ref(), compoundOperator(ts, op), rhs)),
        ...announce(t.receiver, i),
        mapTo(f.createAssignment(t.ref(), v), b),
      ],
      b,
    );
  };

  const variableWrite = (site: Site, i: number, visit: (n: TS.Node) => TS.Node): TS.Expression => {
    const node = site.node;
    if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      const id = skipOuter(ts, node.operand) as TS.Identifier;
      const r = variableRefs(id);
      const old = temp();
      const result = temp();
      const upd = ts.isPrefixUnaryExpression(node)
        ? f.createPrefixUnaryExpression(node.operator, r.write())
        : f.createPostfixUnaryExpression(r.write(), node.operator);
      const now = ts.isPrefixUnaryExpression(node) ? result : r.read();
      return seq(
        [
          f.createAssignment(old, r.read()),
          f.createAssignment(result, upd),
          assignedCall(site, i, old, now),
          result,
        ],
        node,
      );
    }
    const b = node as TS.BinaryExpression;
    const id = skipOuter(ts, b.left) as TS.Identifier;
    const r = variableRefs(id);
    const op = b.operatorToken.kind;
    const rhs = visit(b.right) as TS.Expression;
    const old = temp();
    const v = temp();
    if (isLogicalAssignment(ts, op)) {
      // `x ||= fn` names fn "x", and so does the plain `x = fn` it becomes.
      const tail = comma([
        f.createAssignment(v, f.createParenthesizedExpression(f.createAssignment(r.write(), rhs))),
        assignedCall(site, i, old, v),
        v,
      ]);
      const e = f.createParenthesizedExpression(
        f.createBinaryExpression(
          f.createParenthesizedExpression(f.createAssignment(old, r.read())),
          compoundOperator(ts, op),
          f.createParenthesizedExpression(tail),
        ),
      );
      ts.setTextRange(e, b);
      return e;
    }
    if (op === ts.SyntaxKind.EqualsToken && !isAnonymousFunction(ts, b.right) && !isPure(b.right)) {
      // The right-hand side first: it may reassign the variable, and the old value is the one it overwrites.
      return seq(
        [
          f.createAssignment(v, rhs),
          f.createAssignment(old, r.read()),
          mapTo(f.createAssignment(r.write(), v), b),
          assignedCall(site, i, old, v),
          v,
        ],
        b,
      );
    }
    // `x = function () {}` keeps its name: the assignment to x itself stays as written.
    const write = f.createBinaryExpression(r.write(), b.operatorToken.kind as TS.BinaryOperator, rhs);
    return seq(
      [
        f.createAssignment(old, r.read()),
        f.createAssignment(v, f.createParenthesizedExpression(mapTo(write, b))),
        assignedCall(site, i, old, v),
        v,
      ],
      b,
    );
  };

  // ---- pattern targets: ({ set v(x) { ... } }).v ----
  const setterTarget = (
    statements: (param: TS.Identifier) => TS.Statement[],
    setup: TS.Expression[],
    original: TS.Node,
  ) => {
    const param = fresh();
    const setter = f.createSetAccessorDeclaration(
      undefined,
      'v',
      [f.createParameterDeclaration(undefined, undefined, param)],
      f.createBlock(statements(param), false),
    );
    const obj = f.createObjectLiteralExpression([setter], false);
    const base = setup.length ? comma([...setup, obj]) : obj;
    const e = f.createPropertyAccessExpression(f.createParenthesizedExpression(base), 'v');
    return mapTo(e, original);
  };
  const patternTarget = (target: TS.Expression, visit: (n: TS.Node) => TS.Node): TS.Expression => {
    const inner = skipOuter(ts, target);
    if (ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner))
      return rewritePattern(inner, visit);
    const i = analysis.byNode.get(inner);
    if (i === undefined) return visit(target) as TS.Expression;
    const site = analysis.sites[i]!;
    if (site.target === 'variable') return variableSetter(site, i, inner as TS.Identifier);
    const m = inner as TS.PropertyAccessExpression | TS.ElementAccessExpression;
    const t = prepare(m, visit, true);
    return setterTarget(
      (x) => [
        ...announce(t.receiver, i).map((e) => f.createExpressionStatement(e)),
        f.createExpressionStatement(mapTo(f.createAssignment(t.ref(), x), m)),
      ],
      t.setup,
      m,
    );
  };
  const variableSetter = (site: Site, i: number, id: TS.Identifier): TS.Expression => {
    const r = variableRefs(id);
    return setterTarget(
      (x) => {
        const old = fresh();
        return [
          f.createVariableStatement(
            undefined,
            f.createVariableDeclarationList([
              f.createVariableDeclaration(old, undefined, undefined, r.read()),
            ]),
          ),
          f.createExpressionStatement(mapTo(f.createAssignment(r.write(), x), id)),
          f.createExpressionStatement(assignedCall(site, i, old, x)),
        ];
      },
      [],
      id,
    );
  };
  const withDefault = (e: TS.Expression, visit: (n: TS.Node) => TS.Node): TS.Expression => {
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      return f.updateBinaryExpression(
        e,
        patternTarget(e.left, visit),
        e.operatorToken,
        visit(e.right) as TS.Expression,
      );
    }
    return patternTarget(e, visit);
  };
  const rewritePattern = (
    p: TS.ArrayLiteralExpression | TS.ObjectLiteralExpression,
    visit: (n: TS.Node) => TS.Node,
  ) => {
    if (ts.isArrayLiteralExpression(p)) {
      return f.updateArrayLiteralExpression(
        p,
        p.elements.map((el) => {
          if (ts.isOmittedExpression(el)) return el;
          if (ts.isSpreadElement(el)) return f.updateSpreadElement(el, patternTarget(el.expression, visit));
          return withDefault(el, visit);
        }),
      );
    }
    return f.updateObjectLiteralExpression(
      p,
      p.properties.map((prop) => {
        if (ts.isPropertyAssignment(prop)) {
          return f.updatePropertyAssignment(
            prop,
            visit(prop.name) as TS.PropertyName,
            withDefault(prop.initializer, visit),
          );
        }
        if (ts.isShorthandPropertyAssignment(prop)) {
          const i = analysis.byNode.get(prop);
          if (i === undefined) return visit(prop) as TS.ObjectLiteralElementLike;
          const target = variableSetter(analysis.sites[i]!, i, prop.name);
          const init = prop.objectAssignmentInitializer
            ? f.createAssignment(target, visit(prop.objectAssignmentInitializer) as TS.Expression)
            : target;
          return f.createPropertyAssignment(prop.name.text, init);
        }
        if (ts.isSpreadAssignment(prop))
          return f.updateSpreadAssignment(prop, patternTarget(prop.expression, visit));
        return visit(prop) as TS.ObjectLiteralElementLike;
      }),
    );
  };

  // ---- option classes: trackInstance(this, C, new.target) at every normal exit of C's constructor ----
  const trackInstanceCall = (name: string) =>
    f.createExpressionStatement(
      f.createCallExpression(f.createPropertyAccessExpression(rt(), 'trackInstance'), undefined, [
        f.createThis(),
        f.createIdentifier(name),
        f.createMetaProperty(ts.SyntaxKind.NewKeyword, f.createIdentifier('target')),
      ]),
    );
  /** `return;` and `return expr;` of the constructor itself (not of nested functions or classes). */
  const rewriteReturns = (node: TS.Node, name: string): TS.Node => {
    if (isFunctionLike(ts, node) || ts.isClassLike(node)) return node;
    if (ts.isReturnStatement(node)) {
      if (!node.expression) return f.createBlock([trackInstanceCall(name), node], false);
      // a constructor returning an object replaces the instance: nothing to finish then
      const r = fresh();
      const isObject = f.createLogicalOr(
        f.createLogicalAnd(
          f.createStrictEquality(f.createTypeOfExpression(r), f.createStringLiteral('object')),
          f.createStrictInequality(r, f.createNull()),
        ),
        f.createStrictEquality(f.createTypeOfExpression(r), f.createStringLiteral('function')),
      );
      return f.createBlock(
        [
          f.createVariableStatement(
            undefined,
            f.createVariableDeclarationList([
              f.createVariableDeclaration(r, undefined, undefined, node.expression),
            ]),
          ),
          f.createIfStatement(
            f.createLogicalNot(f.createParenthesizedExpression(isObject)),
            trackInstanceCall(name),
          ),
          f.createReturnStatement(r),
        ],
        false,
      );
    }
    return ts.visitEachChild(node, (c) => rewriteReturns(c, name), context);
  };
  /**
   * Members of a `classes` class with the constructor finishing the instance. Classes without a name
   * binding (anonymous class expressions) cannot name themselves inside their constructor: they get
   * trackClass only.
   */
  const withTrackInstance = (cls: TS.ClassDeclaration | TS.ClassExpression): TS.ClassElement[] => {
    const members = [...cls.members];
    const name = cls.name?.text;
    if (!name) return members;
    const index = members.findIndex((m) => ts.isConstructorDeclaration(m) && m.body);
    if (index >= 0) {
      const ctor = members[index] as TS.ConstructorDeclaration;
      const body = ctor.body!;
      const statements = body.statements.map((st) => rewriteReturns(st, name) as TS.Statement);
      members[index] = f.updateConstructorDeclaration(
        ctor,
        ctor.modifiers,
        ctor.parameters,
        f.updateBlock(body, [...statements, trackInstanceCall(name)]),
      );
      return members;
    }
    const derived = cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword) ?? false;
    const args = fresh();
    const synthesized = derived
      ? f.createConstructorDeclaration(
          undefined,
          [f.createParameterDeclaration(undefined, f.createToken(ts.SyntaxKind.DotDotDotToken), args)],
          f.createBlock(
            [
              f.createExpressionStatement(
                f.createCallExpression(f.createSuper(), undefined, [f.createSpreadElement(args)]),
              ),
              trackInstanceCall(name),
            ],
            true,
          ),
        )
      : f.createConstructorDeclaration(undefined, [], f.createBlock([trackInstanceCall(name)], true));
    // TS keeps an overload list before the implementation; a class without an implementation has none
    const at = members.findIndex(
      (m) =>
        !ts.isPropertyDeclaration(m) &&
        !ts.isClassStaticBlockDeclaration(m) &&
        !ts.isIndexSignatureDeclaration(m),
    );
    members.splice(at < 0 ? members.length : at, 0, synthesized);
    return members;
  };

  // ---- visitor ----
  let inParameters = 0;
  const visitor = (node: TS.Node): TS.Node => {
    if (!relevant.has(node)) return node;
    try {
      return visitNode(node);
    } catch (error) {
      const lc = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      input.onDiagnostic?.({
        file: input.siteFile,
        line: lc.line + 1,
        column: lc.character + 1,
        message: `statetrail: could not instrument this write, left as it was (${(error as Error).message})`,
      });
      return ts.visitEachChild(node, visitor, context);
    }
  };
  const visitNode = (node: TS.Node): TS.Node => {
    if (isFunctionLike(ts, node) || ts.isClassStaticBlockDeclaration(node)) {
      // a new function scope: its temporaries are hoisted into it by visitEachChild's lexical environment
      const saved = sink;
      const savedParams = inParameters;
      sink = undefined;
      inParameters = 0;
      try {
        return ts.visitEachChild(node, visitor, context);
      } finally {
        sink = saved;
        inParameters = savedParams;
      }
    }
    if (ts.isParameter(node)) {
      inParameters++;
      try {
        return f.updateParameterDeclaration(
          node,
          node.modifiers,
          node.dotDotDotToken,
          ts.visitNode(node.name, visitor) as TS.BindingName,
          node.questionToken,
          node.type,
          node.initializer &&
            withOwnScope(node.initializer, (e) => ts.visitNode(e, visitor) as TS.Expression),
        );
      } finally {
        inParameters--;
      }
    }
    if (inParameters > 0 && ts.isBindingElement(node) && node.initializer) {
      return f.updateBindingElement(
        node,
        node.dotDotDotToken,
        ts.visitNode(node.propertyName, visitor) as TS.PropertyName | undefined,
        ts.visitNode(node.name, visitor) as TS.BindingName,
        withOwnScope(node.initializer, (e) => ts.visitNode(e, visitor) as TS.Expression),
      );
    }
    if (inParameters > 0 && ts.isComputedPropertyName(node)) {
      return f.updateComputedPropertyName(
        node,
        withOwnScope(node.expression, (e) => ts.visitNode(e, visitor) as TS.Expression),
      );
    }
    if (ts.isPropertyDeclaration(node) && node.initializer) {
      return f.updatePropertyDeclaration(
        node,
        ts.visitNodes(node.modifiers, visitor) as TS.NodeArray<TS.ModifierLike> | undefined,
        ts.visitNode(node.name, visitor) as TS.PropertyName,
        node.questionToken ?? node.exclamationToken,
        node.type,
        withOwnScope(node.initializer, (e) => ts.visitNode(e, visitor) as TS.Expression),
      );
    }
    if (classSet.has(node) && (ts.isClassDeclaration(node) || ts.isClassExpression(node))) {
      const visited = ts.visitEachChild(node, visitor, context) as TS.ClassDeclaration | TS.ClassExpression;
      const block = f.createClassStaticBlockDeclaration(
        f.createBlock(
          [
            f.createExpressionStatement(
              f.createCallExpression(f.createPropertyAccessExpression(rt(), 'trackClass'), undefined, [
                f.createThis(),
              ]),
            ),
          ],
          false,
        ),
      );
      const members = [block, ...withTrackInstance(visited)];
      return ts.isClassDeclaration(visited)
        ? f.updateClassDeclaration(
            visited,
            visited.modifiers,
            visited.name,
            visited.typeParameters,
            visited.heritageClauses,
            members,
          )
        : f.updateClassExpression(
            visited,
            visited.modifiers,
            visited.name,
            visited.typeParameters,
            visited.heritageClauses,
            members,
          );
    }
    if (
      (ts.isForOfStatement(node) || ts.isForInStatement(node)) &&
      !ts.isVariableDeclarationList(node.initializer)
    ) {
      const init = node.initializer as TS.Expression;
      const inner = skipOuter(ts, init);
      const rewritten =
        ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner)
          ? rewritePattern(inner, visitor)
          : patternTarget(init, visitor);
      const expression = ts.visitNode(node.expression, visitor) as TS.Expression;
      const statement = ts.visitNode(node.statement, visitor) as TS.Statement;
      // the body is visited as an iteration body would be: block-scoped hoists are not used here
      return ts.isForOfStatement(node)
        ? f.updateForOfStatement(node, node.awaitModifier, rewritten, expression, statement)
        : f.updateForInStatement(node, rewritten, expression, statement);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipOuter(ts, node.left);
      if (ts.isArrayLiteralExpression(left) || ts.isObjectLiteralExpression(left)) {
        return f.updateBinaryExpression(
          node,
          rewritePattern(left, visitor),
          node.operatorToken,
          ts.visitNode(node.right, visitor) as TS.Expression,
        );
      }
    }
    const i = analysis.byNode.get(node);
    if (i !== undefined) {
      const site = analysis.sites[i]!;
      if (site.kind !== 'pattern' && site.kind !== 'for-head') {
        return site.target === 'variable' ? variableWrite(site, i, visitor) : memberWrite(site, i, visitor);
      }
    }
    return ts.visitEachChild(node, visitor, context);
  };

  const body = ts.visitLexicalEnvironment(sf.statements, visitor, context);

  // ---- header: runtime reference, site table, variable holders ----
  const header: TS.Statement[] = [];
  const declare = (name: string, init: TS.Expression) =>
    f.createVariableStatement(
      undefined,
      f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, init)]),
    );
  if (script) {
    // A script stays a script: no import. The runtime registers itself on globalThis when loaded.
    const global = f.createElementAccessExpression(
      f.createIdentifier('globalThis'),
      f.createCallExpression(
        f.createPropertyAccessExpression(f.createIdentifier('Symbol'), 'for'),
        undefined,
        [f.createStringLiteral(RUNTIME_GLOBAL)],
      ),
    );
    const noop = () =>
      f.createFunctionExpression(
        undefined,
        undefined,
        undefined,
        undefined,
        [],
        undefined,
        f.createBlock([]),
      );
    const fallback = f.createObjectLiteralExpression([
      f.createPropertyAssignment('pending', f.createObjectLiteralExpression()),
      f.createPropertyAssignment('sites', noop()),
      f.createPropertyAssignment(
        'variables',
        f.createFunctionExpression(
          undefined,
          undefined,
          undefined,
          undefined,
          [],
          undefined,
          f.createBlock([f.createReturnStatement(f.createArrayLiteralExpression())]),
        ),
      ),
      f.createPropertyAssignment('assigned', noop()),
      f.createPropertyAssignment('trackClass', noop()),
    ]);
    header.push(declare(rtName, f.createBinaryExpression(global, ts.SyntaxKind.BarBarToken, fallback)));
    header.push(declare(pendingName, f.createPropertyAccessExpression(rt(), 'pending')));
  } else {
    header.push(
      f.createImportDeclaration(
        undefined,
        f.createImportClause(undefined, undefined, f.createNamespaceImport(f.createIdentifier(rtName))),
        f.createStringLiteral(RUNTIME_MODULE),
      ),
    );
    if (input.commonjs) header.push(declare(pendingName, f.createPropertyAccessExpression(rt(), 'pending')));
    else {
      header.push(
        f.createImportDeclaration(
          undefined,
          f.createImportClause(
            undefined,
            undefined,
            f.createNamedImports([
              f.createImportSpecifier(false, f.createIdentifier('pending'), f.createIdentifier(pendingName)),
            ]),
          ),
          f.createStringLiteral(RUNTIME_MODULE),
        ),
      );
    }
  }
  if (analysis.sites.length > 0) {
    const table = f.createArrayLiteralExpression(
      analysis.sites.map((s) =>
        f.createArrayLiteralExpression([
          f.createNumericLiteral(s.line),
          f.createNumericLiteral(s.column),
          f.createStringLiteral(s.code),
        ]),
      ),
    );
    header.push(
      declare(
        baseName,
        f.createCallExpression(f.createPropertyAccessExpression(rt(), 'sites'), undefined, [
          f.createStringLiteral(input.siteFile),
          table,
        ]),
      ),
    );
  }
  if (analysis.bindings.length > 0) {
    header.push(
      declare(
        holdersName,
        f.createCallExpression(f.createPropertyAccessExpression(rt(), 'variables'), undefined, [
          f.createStringLiteral(input.siteFile),
          f.createArrayLiteralExpression(analysis.bindings.map((n) => f.createStringLiteral(n))),
        ]),
      ),
    );
  }
  let prologue = 0;
  while (prologue < body.length && isPrologue(body[prologue]!)) prologue++;
  const statements = [...body.slice(0, prologue), ...header, ...body.slice(prologue)];
  return f.updateSourceFile(sf, statements);
}
