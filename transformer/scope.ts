/**
 * Syntax-only scope analysis for option `variables` (works under transpileModule): which `let`/`var`
 * bindings an identifier written to refers to. An identifier not declared in the file (a global) is
 * never instrumented; `const`, functions, classes, imports, parameters and catch bindings are not
 * reassignable state the option records, so they shadow but are never instrumented.
 */
import type * as TS from 'typescript';

export type BindingKind = 'var' | 'let' | 'other';

export interface Binding {
  kind: BindingKind;
  /** Index in the file's holder table once a write to it was found, else -1. */
  index: number;
  /** Its `let`/`var` declarations that name it alone (`let a: T;`, not `let [a] = …`). */
  declarations: TS.VariableDeclaration[];
}

export interface Scope {
  parent: Scope | undefined;
  names: Map<string, Binding>;
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

export function hasDeclareModifier(ts: typeof TS, node: TS.Node): boolean {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !!mods?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}

export function lookup(scope: Scope | undefined, name: string): Binding | undefined {
  for (let s = scope; s; s = s.parent) {
    const b = s.names.get(name);
    if (b) return b;
  }
  return undefined;
}

function declare(scope: Scope, name: string, kind: BindingKind, declaration?: TS.VariableDeclaration): void {
  const prev = scope.names.get(name);
  if (prev && prev.kind === 'var' && kind === 'var') {
    if (declaration) prev.declarations.push(declaration);
    return;
  }
  scope.names.set(name, { kind, index: -1, declarations: declaration ? [declaration] : [] });
}

function declareAll(ts: typeof TS, scope: Scope, name: TS.BindingName, kind: BindingKind): void {
  if (ts.isIdentifier(name)) declare(scope, name.text, kind);
  else for (const el of name.elements) if (ts.isBindingElement(el)) declareAll(ts, scope, el.name, kind);
}

function declareVariable(ts: typeof TS, scope: Scope, d: TS.VariableDeclaration, kind: BindingKind): void {
  if (ts.isIdentifier(d.name)) declare(scope, d.name.text, kind, d);
  else declareAll(ts, scope, d.name, kind);
}

/** `var` declarations below `node`, not crossing functions or classes. */
function collectVars(ts: typeof TS, node: TS.Node, scope: Scope): void {
  const visit = (n: TS.Node): void => {
    if (isFunctionLike(ts, n) || ts.isClassLike(n)) return;
    if (ts.isVariableDeclarationList(n) && !(n.flags & ts.NodeFlags.BlockScoped)) {
      if (n.parent && ts.isVariableStatement(n.parent) && hasDeclareModifier(ts, n.parent)) return;
      for (const d of n.declarations) declareVariable(ts, scope, d, 'var');
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
}

/** The block-scoped names of a statement list (let/const/class/function/import/enum/namespace). */
function collectBlock(ts: typeof TS, statements: readonly TS.Node[], scope: Scope): void {
  for (const s of statements) {
    if (ts.isVariableStatement(s)) {
      if (hasDeclareModifier(ts, s)) continue;
      const list = s.declarationList;
      if (list.flags & ts.NodeFlags.BlockScoped) {
        const kind: BindingKind = list.flags & ts.NodeFlags.Let ? 'let' : 'other';
        for (const d of list.declarations) declareVariable(ts, scope, d, kind);
      }
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) {
      declare(scope, s.name.text, 'other');
    } else if ((ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && ts.isIdentifier(s.name)) {
      declare(scope, s.name.text, 'other');
    } else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) declare(scope, c.name.text, 'other');
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) declare(scope, nb.name.text, 'other');
      if (nb && ts.isNamedImports(nb)) for (const e of nb.elements) declare(scope, e.name.text, 'other');
    } else if (ts.isImportEqualsDeclaration(s)) {
      declare(scope, s.name.text, 'other');
    }
  }
}

/** The scope `node` opens for its children (with its declarations), or undefined when it opens none. */
export function scopeOf(ts: typeof TS, node: TS.Node, parent: Scope | undefined): Scope | undefined {
  const open = (outer: Scope | undefined): Scope => ({ parent: outer, names: new Map() });
  if (ts.isSourceFile(node) || ts.isModuleBlock(node)) {
    const s = open(parent);
    collectVars(ts, node, s);
    collectBlock(ts, node.statements, s);
    return s;
  }
  if (isFunctionLike(ts, node)) {
    let outer = parent;
    if (ts.isFunctionExpression(node) && node.name) {
      outer = open(parent);
      declare(outer, node.name.text, 'other');
    }
    const s = open(outer);
    for (const p of node.parameters) declareAll(ts, s, p.name, 'other');
    if (node.body) {
      collectVars(ts, node.body, s);
      if (ts.isBlock(node.body)) collectBlock(ts, node.body.statements, s);
    }
    return s;
  }
  if (ts.isClassStaticBlockDeclaration(node)) {
    const s = open(parent);
    collectVars(ts, node.body, s);
    collectBlock(ts, node.body.statements, s);
    return s;
  }
  if (ts.isClassExpression(node) && node.name) {
    const s = open(parent);
    declare(s, node.name.text, 'other');
    return s;
  }
  if (ts.isBlock(node) || ts.isCaseBlock(node)) {
    const s = open(parent);
    collectBlock(ts, ts.isBlock(node) ? node.statements : node.clauses.flatMap((c) => [...c.statements]), s);
    return s;
  }
  if (
    (ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) &&
    node.initializer &&
    ts.isVariableDeclarationList(node.initializer) &&
    node.initializer.flags & ts.NodeFlags.BlockScoped
  ) {
    const s = open(parent);
    const kind: BindingKind = node.initializer.flags & ts.NodeFlags.Let ? 'let' : 'other';
    for (const d of node.initializer.declarations) declareAll(ts, s, d.name, kind);
    return s;
  }
  if (ts.isCatchClause(node)) {
    const s = open(parent);
    if (node.variableDeclaration) declareAll(ts, s, node.variableDeclaration.name, 'other');
    return s;
  }
  return undefined;
}
