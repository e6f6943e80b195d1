/**
 * Site recognition: finds every write the transformer instruments in one source file, with its position
 * and source text. No code is generated here (see generate.ts); `statetrail explain` prints this list.
 *
 * Syntax only (works under transpileModule): `let`/`var` bindings are resolved by a small scope analysis
 * of the file itself; an identifier that is not declared in the file (a global) is never instrumented.
 */
import type * as TS from 'typescript';

export type SiteKind =
  | 'assign' // x.y = v
  | 'compound' // x.y += v, **=, <<=, >>>=, ...
  | 'logical' // x.y &&= v, ||=, ??=
  | 'update' // ++x.y, x.y--
  | 'delete' // delete x.y
  | 'pattern' // a target inside a destructuring assignment
  | 'for-head'; // for (x.y of ...), for (x.y in ...)

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
  /** Classes that get `trackClass` (option `classes`). */
  readonly classes: readonly TS.ClassLikeDeclaration[];
  readonly isModule: boolean;
  /** The file was instrumented already (it mentions the generated names). */
  readonly alreadyInstrumented: boolean;
}

export interface FindOptions {
  members: boolean;
  variables: boolean;
  classes: boolean;
}

const MAX_CODE = 200;

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

// ---- scope analysis (variables) ----

type BindingKind = 'var' | 'let' | 'other';
interface Scope {
  parent: Scope | undefined;
  names: Map<string, { kind: BindingKind; index: number }>;
  isFunction: boolean;
}

function declareName(scope: Scope, name: string, kind: BindingKind): void {
  const prev = scope.names.get(name);
  if (prev && prev.kind === 'var' && kind === 'var') return;
  scope.names.set(name, { kind, index: -1 });
}

function bindingNames(ts: typeof TS, name: TS.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) out.push(name.text);
  else
    for (const el of name.elements) {
      if (ts.isBindingElement(el)) bindingNames(ts, el.name, out);
    }
}

export function isFunctionLike(ts: typeof TS, node: TS.Node): node is TS.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

function hasDeclareModifier(ts: typeof TS, node: TS.Node): boolean {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !!mods?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}

/** Collects `var` declarations (and nested function declarations' names are block-level) below `node`, not crossing functions. */
function collectVars(ts: typeof TS, node: TS.Node, scope: Scope): void {
  const visit = (n: TS.Node): void => {
    if (isFunctionLike(ts, n) || ts.isClassLike(n)) return;
    if (ts.isVariableDeclarationList(n) && !(n.flags & ts.NodeFlags.BlockScoped)) {
      if (n.parent && ts.isVariableStatement(n.parent) && hasDeclareModifier(ts, n.parent)) return;
      const names: string[] = [];
      for (const d of n.declarations) bindingNames(ts, d.name, names);
      for (const name of names) declareName(scope, name, 'var');
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
}

/** Declares the block-scoped names of a statement list (let/const/class/function/import/enum). */
function collectBlock(ts: typeof TS, statements: readonly TS.Node[], scope: Scope): void {
  for (const s of statements) {
    if (ts.isVariableStatement(s)) {
      if (hasDeclareModifier(ts, s)) continue;
      const list = s.declarationList;
      if (list.flags & ts.NodeFlags.BlockScoped) {
        const kind: BindingKind = list.flags & ts.NodeFlags.Let ? 'let' : 'other';
        const names: string[] = [];
        for (const d of list.declarations) bindingNames(ts, d.name, names);
        for (const n of names) declareName(scope, n, kind);
      }
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) {
      declareName(scope, s.name.text, 'other');
    } else if ((ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && ts.isIdentifier(s.name)) {
      declareName(scope, s.name.text, 'other');
    } else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) declareName(scope, c.name.text, 'other');
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) declareName(scope, nb.name.text, 'other');
      if (nb && ts.isNamedImports(nb)) for (const e of nb.elements) declareName(scope, e.name.text, 'other');
    } else if (ts.isImportEqualsDeclaration(s)) {
      declareName(scope, s.name.text, 'other');
    }
  }
}

function lookup(scope: Scope | undefined, name: string): { kind: BindingKind; index: number } | undefined {
  for (let s = scope; s; s = s.parent) {
    const b = s.names.get(name);
    if (b) return b;
  }
  return undefined;
}

// ---- recognition ----

export function findSites(ts: typeof TS, sf: TS.SourceFile, opts: FindOptions): FileSites {
  const sites: Site[] = [];
  const byNode = new Map<TS.Node, number>();
  const bindings: string[] = [];
  const classes: TS.ClassLikeDeclaration[] = [];
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

  const patternDefaults = new Set<TS.Node>();
  const patternTargets = (pattern: TS.Expression, scope: Scope | undefined, kind: SiteKind): void => {
    const target = (t: TS.Expression): void => {
      const inner = skipOuter(ts, t);
      if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) {
        patternTargets(inner, scope, kind);
        return;
      }
      const m = memberTarget(ts, inner);
      if (m && opts.members && !isSuperMember(ts, m)) add(m, kind, 'member', describe(m, 'set'));
      else if (ts.isIdentifier(inner)) {
        const b = variableOf(inner, scope);
        if (b !== undefined) add(inner, kind, 'variable', `set variable ${inner.text}`, b);
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
          const b = variableOf(p.name, scope);
          if (b !== undefined) add(p, kind, 'variable', `set variable ${p.name.text}`, b);
        } else if (ts.isSpreadAssignment(p)) target(p.expression);
      }
    } else target(pattern);
  };

  const visit = (node: TS.Node, scope: Scope | undefined): void => {
    if (opts.classes && ts.isClassLike(node) && !hasDeclareModifier(ts, node)) classes.push(node);
    // scopes (only needed to resolve variables; skipped otherwise, it is most of the cost of this walk)
    if (opts.variables) {
      if (ts.isSourceFile(node) || ts.isModuleBlock(node)) {
        const s: Scope = { parent: scope, names: new Map(), isFunction: true };
        collectVars(ts, node, s);
        collectBlock(ts, node.statements, s);
        ts.forEachChild(node, (c) => visit(c, s));
        return;
      }
      if (isFunctionLike(ts, node)) {
        let outer = scope;
        if (ts.isFunctionExpression(node) && node.name) {
          outer = { parent: scope, names: new Map(), isFunction: false };
          declareName(outer, node.name.text, 'other');
        }
        const s: Scope = { parent: outer, names: new Map(), isFunction: true };
        for (const p of node.parameters) {
          const names: string[] = [];
          bindingNames(ts, p.name, names);
          for (const n of names) declareName(s, n, 'other');
        }
        if (node.body) {
          collectVars(ts, node.body, s);
          if (ts.isBlock(node.body)) collectBlock(ts, node.body.statements, s);
        }
        if (node.body && ts.isBlock(node.body)) {
          for (const p of node.parameters) visit(p, s);
          ts.forEachChild(node.body, (c) => visit(c, s));
        } else ts.forEachChild(node, (c) => visit(c, s));
        return;
      }
      if (ts.isClassStaticBlockDeclaration(node)) {
        const s: Scope = { parent: scope, names: new Map(), isFunction: true };
        collectVars(ts, node.body, s);
        collectBlock(ts, node.body.statements, s);
        ts.forEachChild(node.body, (c) => visit(c, s));
        return;
      }
      if (ts.isClassLike(node)) {
        if (ts.isClassExpression(node) && node.name) {
          const s: Scope = { parent: scope, names: new Map(), isFunction: false };
          declareName(s, node.name.text, 'other');
          ts.forEachChild(node, (c) => visit(c, s));
          return;
        }
      }
      if (ts.isBlock(node) || ts.isCaseBlock(node)) {
        const s: Scope = { parent: scope, names: new Map(), isFunction: false };
        const statements = ts.isBlock(node)
          ? node.statements
          : node.clauses.flatMap((c) => [...c.statements]);
        collectBlock(ts, statements, s);
        ts.forEachChild(node, (c) => visit(c, s));
        return;
      }
      if (
        (ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) &&
        node.initializer &&
        ts.isVariableDeclarationList(node.initializer) &&
        node.initializer.flags & ts.NodeFlags.BlockScoped
      ) {
        const s: Scope = { parent: scope, names: new Map(), isFunction: false };
        const kind: BindingKind = node.initializer.flags & ts.NodeFlags.Let ? 'let' : 'other';
        const names: string[] = [];
        for (const d of node.initializer.declarations) bindingNames(ts, d.name, names);
        for (const n of names) declareName(s, n, kind);
        ts.forEachChild(node, (c) => visit(c, s));
        return;
      }
      if (ts.isCatchClause(node)) {
        const s: Scope = { parent: scope, names: new Map(), isFunction: false };
        if (node.variableDeclaration) {
          const names: string[] = [];
          bindingNames(ts, node.variableDeclaration.name, names);
          for (const n of names) declareName(s, n, 'other');
        }
        ts.forEachChild(node, (c) => visit(c, s));
        return;
      }
    }
    // ambient / type-only code has no runtime writes
    const K = ts.SyntaxKind;
    const kind = node.kind;
    if (
      (kind >= K.FirstTypeNode && kind <= K.LastTypeNode) ||
      kind === K.InterfaceDeclaration ||
      kind === K.TypeAliasDeclaration ||
      kind === K.TypeParameter ||
      (kind === K.ModuleDeclaration && hasDeclareModifier(ts, node))
    ) {
      return;
    }
    if (
      kind !== K.BinaryExpression &&
      kind !== K.PrefixUnaryExpression &&
      kind !== K.PostfixUnaryExpression &&
      kind !== K.DeleteExpression &&
      kind !== K.ForOfStatement &&
      kind !== K.ForInStatement
    ) {
      ts.forEachChild(node, (c) => visit(c, scope));
      return;
    }

    // sites
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
        patternTargets(left, scope, 'pattern');
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
      !ts.isVariableDeclarationList(node.initializer)
    ) {
      patternTargets(node.initializer, scope, 'for-head');
    }
    ts.forEachChild(node, (c) => visit(c, scope));
  };

  if (!isInstrumentedText(text)) visit(sf, undefined);
  sites.sort((a, b) => a.node.getStart(sf) - b.node.getStart(sf) || a.node.end - b.node.end);
  byNode.clear();
  sites.forEach((s, i) => {
    byNode.set(s.node, i);
  });
  return {
    fileName: sf.fileName,
    sites,
    byNode,
    bindings,
    classes,
    isModule: ts.isExternalModule(sf),
    alreadyInstrumented: isInstrumentedText(text),
  };
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
