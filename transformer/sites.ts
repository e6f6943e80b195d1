/**
 * Site recognition: finds every write the transformer instruments in one source file, with its position
 * and source text. No code is generated here (see generate.ts); `statetrail explain` prints this list.
 *
 * Syntax only (works under transpileModule): `let`/`var` bindings are resolved by a small scope analysis
 * of the file itself; an identifier that is not declared in the file (a global) is never instrumented.
 */
import type * as TS from 'typescript';
import { hasDeclareModifier, lookup, type Scope, scopeOf } from './scope';

export type SiteKind =
  | 'assign' // x.y = v
  | 'compound' // x.y += v, **=, <<=, >>>=, ...
  | 'logical' // x.y &&= v, ||=, ??=
  | 'update' // ++x.y, x.y--
  | 'delete' // delete x.y
  | 'pattern' // a target inside a destructuring assignment
  | 'for-head' // for (x.y of ...), for (x.y in ...)
  | 'call' // x.y.push(v), map.set(k, v), set.add(v), x.y.pop(): a mutating method
  | 'merge'; // Object.assign(x.y, v): the properties of the sources written to the first argument

export interface Site {
  readonly kind: SiteKind;
  /** 'member': obj.k / obj[k]; 'super': super.k; 'variable': a let/var binding (option `variables`). */
  readonly target: 'member' | 'super' | 'variable';
  /** The node rewritten: the assignment / update / delete expression, or the target inside a pattern. */
  readonly node: TS.Node;
  readonly line: number; // 1-based
  readonly column: number; // 1-based
  readonly code: string;
  /** For variable sites: index of the binding in `FileSites.bindings`. */
  readonly binding?: number;
  /** Human-readable description of what is recorded (explain). */
  readonly records: string;
}

export interface FileSites {
  readonly fileName: string;
  readonly sites: readonly Site[];
  readonly byNode: ReadonlyMap<TS.Node, number>;
  /** Names of the instrumented let/var bindings, one holder each. */
  readonly bindings: readonly string[];
  /**
   * Declarations `let a;` / `let a: T;` (no initializer) of bindings a pattern or for-in/of head writes:
   * the write moves into a generated setter, where a type checker no longer sees it (generate.ts).
   */
  readonly captured: ReadonlySet<TS.VariableDeclaration>;
  /** Destructuring assignments and for-in/of statements whose targets hold sites: rewritten as a whole. */
  readonly containers: ReadonlyMap<TS.Node, 'pattern' | 'for-head'>;
  /** Classes that get `trackClass` (option `classes`). */
  readonly classes: readonly TS.ClassLikeDeclaration[];
  readonly isModule: boolean;
  /** A script that calls `require('statetrail')` or `require('statetrail/runtime')` itself (CommonJS). */
  readonly requiresStatetrail: boolean;
  /** Nodes whose recognition failed (a bug): left as written, reported as diagnostics. */
  readonly errors: readonly { node: TS.Node; message: string }[];
  /** The file was instrumented already (it mentions the generated names). */
  readonly alreadyInstrumented: boolean;
}

export interface FindOptions {
  members: boolean;
  variables: boolean;
  classes: boolean;
}

const MAX_CODE = 200;

/**
 * Methods of arrays, Maps and Sets that change their receiver, called with at least one argument: the
 * site is announced with the last argument (`push(a, at(site, b))`), right before the call runs.
 */
const MUTATORS = new Set(['push', 'unshift', 'splice', 'fill', 'copyWithin', 'sort', 'set', 'add', 'delete']);
/**
 * The ones that change it without arguments: announced with the receiver (`at(site, o.items).pop()`),
 * before the method lookup, which reads and writes nothing of the receiver's own.
 */
const MUTATORS_WITHOUT_ARGUMENTS = new Set(['pop', 'shift', 'reverse', 'sort', 'fill', 'clear']);

/** Parentheses, `as`, `satisfies`, `!` and `<T>x` do not change what is written to. */
export function skipOuter(ts: typeof TS, node: TS.Expression): TS.Expression {
  for (;;) {
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isTypeAssertionExpression(node)
    ) {
      node = node.expression;
    } else return node;
  }
}

export function isAssignmentOperator(ts: typeof TS, kind: TS.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

export function isLogicalAssignment(ts: typeof TS, kind: TS.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken
  );
}

/** A member write target the transformer instruments: not `#private`, not an optional chain. */
export function memberTarget(
  ts: typeof TS,
  node: TS.Expression,
): TS.PropertyAccessExpression | TS.ElementAccessExpression | undefined {
  const t = skipOuter(ts, node);
  if (ts.isPropertyAccessExpression(t)) {
    if (ts.isPrivateIdentifier(t.name) || t.questionDotToken) return undefined;
    if (t.flags & ts.NodeFlags.OptionalChain) return undefined;
    return t;
  }
  if (ts.isElementAccessExpression(t)) {
    if (t.questionDotToken || t.flags & ts.NodeFlags.OptionalChain) return undefined;
    return t;
  }
  return undefined;
}

export function isSuperMember(
  ts: typeof TS,
  t: TS.PropertyAccessExpression | TS.ElementAccessExpression,
): boolean {
  return t.expression.kind === ts.SyntaxKind.SuperKeyword;
}

/** The file mentions the names that generated code uses: it was instrumented before. */
export function isInstrumentedText(text: string): boolean {
  return text.includes('_st$') || text.includes('__st$');
}

// ---- recognition ----

export function findSites(ts: typeof TS, sf: TS.SourceFile, opts: FindOptions): FileSites {
  const sites: Site[] = [];
  const byNode = new Map<TS.Node, number>();
  const containers = new Map<TS.Node, 'pattern' | 'for-head'>();
  const bindings: string[] = [];
  const captured = new Set<TS.VariableDeclaration>();
  const classes: TS.ClassLikeDeclaration[] = [];
  const errors: { node: TS.Node; message: string }[] = [];
  let requiresStatetrail = false;
  const text = sf.text;

  const position = (node: TS.Node) => {
    const start = node.getStart(sf);
    const lc = sf.getLineAndCharacterOfPosition(start);
    let code = text.slice(start, node.end).replace(/\s*\n\s*/g, ' ');
    if (code.length > MAX_CODE) code = `${code.slice(0, MAX_CODE - 1)}…`;
    return { line: lc.line + 1, column: lc.character + 1, code };
  };

  const add = (node: TS.Node, kind: SiteKind, target: Site['target'], records: string, binding?: number) => {
    if (byNode.has(node)) return;
    byNode.set(node, sites.length);
    sites.push({ kind, target, node, records, binding, ...position(node) });
  };

  const describe = (t: TS.PropertyAccessExpression | TS.ElementAccessExpression, op: string) => {
    const key = ts.isPropertyAccessExpression(t)
      ? `"${t.name.text}"`
      : `[${t.argumentExpression.getText(sf)}]`;
    return `${op} ${key} on ${t.expression.getText(sf)} (when tracked)`;
  };

  /** Variable binding of an identifier written to, or undefined when not instrumented. */
  const variableOf = (id: TS.Identifier, scope: Scope | undefined): number | undefined => {
    if (!opts.variables) return undefined;
    const b = lookup(scope, id.text);
    if (!b || (b.kind !== 'let' && b.kind !== 'var')) return undefined;
    if (b.index < 0) {
      b.index = bindings.length;
      bindings.push(id.text);
    }
    return b.index;
  };

  /**
   * A variable as a pattern target (`node`: the identifier or the shorthand property): its site, and
   * its declarations a type annotation can go on. Whether it became a site.
   */
  const patternVariable = (node: TS.Node, id: TS.Identifier, scope: Scope | undefined, kind: SiteKind) => {
    const b = variableOf(id, scope);
    if (b === undefined) return false;
    add(node, kind, 'variable', `set variable ${id.text}`, b);
    for (const d of lookup(scope, id.text)!.declarations)
      if (!d.initializer && !d.exclamationToken && ts.isVariableStatement(d.parent.parent)) captured.add(d);
    return true;
  };

  const patternDefaults = new Set<TS.Node>();
  /** Pattern targets; returns whether any became a site (the container is then rewritten). */
  const patternTargets = (pattern: TS.Expression, scope: Scope | undefined, kind: SiteKind): boolean => {
    let found = false;
    const target = (t: TS.Expression): void => {
      const inner = skipOuter(ts, t);
      if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) {
        if (patternTargets(inner, scope, kind)) found = true;
        return;
      }
      const m = memberTarget(ts, inner);
      if (m && opts.members && !isSuperMember(ts, m)) {
        add(m, kind, 'member', describe(m, 'set'));
        found = true;
      } else if (ts.isIdentifier(inner) && inner.text !== 'arguments') {
        // (`arguments` would be the generated setter's own binding)
        if (patternVariable(inner, inner, scope, kind)) found = true;
      }
    };
    const withDefault = (e: TS.Expression): void => {
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        patternDefaults.add(e);
        // `[x = () => {}] = a` names the function "x": an identifier target with an anonymous function default
        // is left alone (the setter used for pattern targets would lose the name).
        const inner = skipOuter(ts, e.left);
        if (ts.isIdentifier(inner) && isAnonymousFunction(ts, e.right)) return;
        target(e.left);
      } else target(e);
    };
    if (ts.isArrayLiteralExpression(pattern)) {
      for (const el of pattern.elements) {
        if (ts.isOmittedExpression(el)) continue;
        if (ts.isSpreadElement(el)) target(el.expression);
        else withDefault(el);
      }
    } else if (ts.isObjectLiteralExpression(pattern)) {
      for (const p of pattern.properties) {
        if (ts.isPropertyAssignment(p)) withDefault(p.initializer);
        else if (ts.isShorthandPropertyAssignment(p)) {
          if (p.objectAssignmentInitializer && isAnonymousFunction(ts, p.objectAssignmentInitializer))
            continue;
          if (p.name.text === 'arguments') continue;
          if (patternVariable(p, p.name, scope, kind)) found = true;
        } else if (ts.isSpreadAssignment(p)) target(p.expression);
      }
    } else target(pattern);
    return found;
  };

  /** One node's sites. */
  const recognise = (node: TS.Node, scope: Scope | undefined): void => {
    if (
      ts.isBinaryExpression(node) &&
      isAssignmentOperator(ts, node.operatorToken.kind) &&
      !patternDefaults.has(node)
    ) {
      const op = node.operatorToken.kind;
      const left = skipOuter(ts, node.left);
      if (
        op === ts.SyntaxKind.EqualsToken &&
        (ts.isObjectLiteralExpression(left) || ts.isArrayLiteralExpression(left))
      ) {
        if (isRebuildable(ts, left) && patternTargets(left, scope, 'pattern'))
          containers.set(node, 'pattern');
      } else {
        const kind: SiteKind =
          op === ts.SyntaxKind.EqualsToken ? 'assign' : isLogicalAssignment(ts, op) ? 'logical' : 'compound';
        const m = memberTarget(ts, left);
        if (m && opts.members) {
          add(node, kind, isSuperMember(ts, m) ? 'super' : 'member', describe(m, 'set'));
        } else if (ts.isIdentifier(left)) {
          const b = variableOf(left, scope);
          if (b !== undefined) add(node, kind, 'variable', `set variable ${left.text}`, b);
        }
      }
    } else if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      const operand = skipOuter(ts, node.operand);
      const m = memberTarget(ts, operand);
      if (m && opts.members)
        add(node, 'update', isSuperMember(ts, m) ? 'super' : 'member', describe(m, 'set'));
      else if (ts.isIdentifier(operand)) {
        const b = variableOf(operand, scope);
        if (b !== undefined) add(node, 'update', 'variable', `set variable ${operand.text}`, b);
      }
    } else if (ts.isDeleteExpression(node) && opts.members) {
      const m = memberTarget(ts, node.expression);
      if (m && !isSuperMember(ts, m) && !hasOptionalChain(ts, m))
        add(node, 'delete', 'member', describe(m, 'delete'));
    } else if (
      (ts.isForOfStatement(node) || ts.isForInStatement(node)) &&
      !ts.isVariableDeclarationList(node.initializer) &&
      !isAsyncOfHead(ts, node)
    ) {
      const init = skipOuter(ts, node.initializer);
      const rebuildable =
        !(ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init)) || isRebuildable(ts, init);
      if (rebuildable && patternTargets(node.initializer, scope, 'for-head'))
        containers.set(node, 'for-head');
    }
  };

  /** `o.items.push(x)`: not in an optional chain (the wrapped call would end the chain early). */
  const mutatorCall = (node: TS.CallExpression): void => {
    if (node.questionDotToken || node.flags & ts.NodeFlags.OptionalChain) return;
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || ts.isPrivateIdentifier(callee.name)) return;
    if (isObjectAssign(callee)) {
      const last = node.arguments.at(-1);
      if (node.arguments.length < 2 || ts.isSpreadElement(node.arguments[0]!) || ts.isSpreadElement(last!))
        return;
      const target = skipOuter(ts, node.arguments[0]!);
      // a literal target is a new object: nothing tracks it yet
      if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) return;
      add(node, 'merge', 'member', `Object.assign to ${node.arguments[0]!.getText(sf)} (when tracked)`);
      return;
    }
    if (callee.expression.kind === ts.SyntaxKind.SuperKeyword) return;
    const last = node.arguments.at(-1);
    if (
      last === undefined ? !MUTATORS_WITHOUT_ARGUMENTS.has(callee.name.text) : !MUTATORS.has(callee.name.text)
    )
      return;
    if (last !== undefined && ts.isSpreadElement(last)) return;
    add(
      node,
      'call',
      'member',
      `call ${callee.name.text} on ${callee.expression.getText(sf)} (when tracked)`,
    );
  };

  /** `Object.assign` as written (a local binding named `Object` would still only be wrapped, not changed). */
  const isObjectAssign = (callee: TS.PropertyAccessExpression): boolean =>
    callee.name.text === 'assign' &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Object';

  const K = ts.SyntaxKind;
  const visit = (node: TS.Node, scope: Scope | undefined): void => {
    const kind = node.kind;
    // ambient / type-only code has no runtime writes
    if (
      (kind >= K.FirstTypeNode && kind <= K.LastTypeNode) ||
      kind === K.InterfaceDeclaration ||
      kind === K.TypeAliasDeclaration ||
      kind === K.TypeParameter ||
      (kind === K.ModuleDeclaration && hasDeclareModifier(ts, node))
    ) {
      return;
    }
    // Inside `with (scope) { ... }` every generated name would be looked up through the scope object.
    if (kind === K.WithStatement) {
      visit((node as TS.WithStatement).expression, scope);
      return;
    }
    if (opts.classes && ts.isClassLike(node) && !hasDeclareModifier(ts, node)) classes.push(node);
    if (kind === K.CallExpression) {
      if (!requiresStatetrail && requiresStatetrailCall(ts, node as TS.CallExpression))
        requiresStatetrail = true;
      if (opts.members) {
        try {
          mutatorCall(node as TS.CallExpression);
        } catch (error) {
          errors.push({ node, message: (error as Error).message });
        }
      }
    } else if (
      kind === K.BinaryExpression ||
      kind === K.PrefixUnaryExpression ||
      kind === K.PostfixUnaryExpression ||
      kind === K.DeleteExpression ||
      kind === K.ForOfStatement ||
      kind === K.ForInStatement
    ) {
      try {
        recognise(node, scope);
      } catch (error) {
        errors.push({ node, message: (error as Error).message });
      }
    }
    // scopes are only needed to resolve variables (and they are most of the cost of this walk)
    const inner = opts.variables ? (scopeOf(ts, node, scope) ?? scope) : scope;
    ts.forEachChild(node, (c) => visit(c, inner));
  };

  const alreadyInstrumented = isInstrumentedText(text);
  if (!alreadyInstrumented) visit(sf, undefined);
  sites.sort((a, b) => a.node.getStart(sf) - b.node.getStart(sf) || a.node.end - b.node.end);
  byNode.clear();
  sites.forEach((s, i) => {
    byNode.set(s.node, i);
  });
  return {
    fileName: sf.fileName,
    sites,
    byNode,
    containers,
    bindings,
    captured,
    classes,
    isModule: ts.isExternalModule(sf),
    requiresStatetrail,
    errors,
    alreadyInstrumented,
  };
}

/** `require('statetrail')` / `require('statetrail/runtime')`. */
function requiresStatetrailCall(ts: typeof TS, node: TS.CallExpression): boolean {
  const [arg] = node.arguments;
  return (
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    arg !== undefined &&
    ts.isStringLiteral(arg) &&
    (arg.text === 'statetrail' || arg.text === 'statetrail/runtime')
  );
}

/**
 * A pattern the generator can rebuild without changing what the program means. Not: a rest element that
 * is not last or is followed by a comma (`[...r,] = []` is a SyntaxError the rebuilt pattern would lose).
 */
function isRebuildable(ts: typeof TS, p: TS.ArrayLiteralExpression | TS.ObjectLiteralExpression): boolean {
  const list: readonly TS.Node[] = ts.isArrayLiteralExpression(p) ? p.elements : p.properties;
  const trailing = ts.isArrayLiteralExpression(p)
    ? p.elements.hasTrailingComma
    : p.properties.hasTrailingComma;
  const rest = list.findIndex((n) => ts.isSpreadElement(n) || ts.isSpreadAssignment(n));
  if (rest >= 0 && (rest !== list.length - 1 || trailing)) return false;
  return list.every((n) => {
    let value: TS.Node | undefined =
      ts.isSpreadElement(n) || ts.isSpreadAssignment(n)
        ? n.expression
        : ts.isPropertyAssignment(n)
          ? n.initializer
          : ts.isShorthandPropertyAssignment(n)
            ? undefined
            : n;
    if (value && ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken)
      value = value.left;
    if (value === undefined || !ts.isExpression(value as TS.Expression)) return true;
    const inner = skipOuter(ts, value as TS.Expression);
    return (
      !(ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner)) || isRebuildable(ts, inner)
    );
  });
}

/** `for (async of …)` is a SyntaxError; a rewritten head would not be. */
function isAsyncOfHead(ts: typeof TS, node: TS.ForOfStatement | TS.ForInStatement): boolean {
  return (
    ts.isForOfStatement(node) &&
    !node.awaitModifier &&
    ts.isIdentifier(node.initializer) &&
    node.initializer.text === 'async'
  );
}

function hasOptionalChain(ts: typeof TS, node: TS.Expression): boolean {
  for (let n: TS.Expression = node; ; ) {
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) || ts.isCallExpression(n)) {
      if (n.questionDotToken) return true;
      n = n.expression;
    } else if (ts.isNonNullExpression(n) || ts.isParenthesizedExpression(n)) {
      if (ts.isParenthesizedExpression(n)) return false;
      n = n.expression;
    } else return false;
  }
}

/** An anonymous function or class definition: assigning it to an identifier gives it that name. */
export function isAnonymousFunction(ts: typeof TS, node: TS.Expression): boolean {
  const e = skipOuter(ts, node);
  return ts.isArrowFunction(e) || ((ts.isFunctionExpression(e) || ts.isClassExpression(e)) && !e.name);
}
