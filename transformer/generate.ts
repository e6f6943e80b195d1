/**
 * Code generation: turns the sites found by sites.ts into instrumented code (ts.factory nodes), one
 * writer per write kind (generate/members.ts, variables.ts, patterns.ts, classes.ts, header.ts) over
 * one typed per-file state (generate/state.ts). This file routes: every site kind sites.ts recognises
 * has its entry in `ROUTES`; the visitor only adds the scopes temporaries live in.
 *
 * Write protocol (src/runtime.ts, src/runtime-contract.ts): a member assignment keeps its form with the
 * right-hand side wrapped, `done(obj[key] = at(site, rhs))`; updates and `delete` evaluate base and key
 * once into per-function temporaries, then `pending.s = site`, the user's own operation, `pending.s = 0`.
 *
 * Temporaries are `var`s of the innermost function (TS lexical environments), so recursion and
 * re-entrancy are safe; class field and parameter initializers get their own arrow IIFE for the same
 * reason. Any error while generating a node becomes a diagnostic on it, and
 * the node is left as written.
 */
import type * as TS from 'typescript';
import { aliasesIn, declareAliases } from './generate/aliases';
import { trackedClass } from './generate/classes';
import { header } from './generate/header';
import { assignMember, callMember, deleteMember, mergeMember, updateMember } from './generate/members';
import { destructuring, forHead } from './generate/patterns';
import {
  type Aliased,
  type FileState,
  type GenerateDiagnostic,
  type GenerateInput,
  namesFor,
  withOwnScope,
} from './generate/state';
import { assignVariable, capturedDeclaration, updateVariable } from './generate/variables';
import { isFunctionLike } from './scope';
import type { Site, SiteKind } from './sites';

export type { GenerateDiagnostic, GenerateInput };

type Route = (s: FileState, node: TS.Node, site: Site | undefined, index: number) => TS.Node;

/** One writer per site kind; `pattern` and `for-head` rewrite the container of their sites. */
const ROUTES: Record<SiteKind, Route> = {
  assign: (s, _n, site, i) => (site!.target === 'variable' ? assignVariable : assignMember)(s, site!, i),
  compound: (s, _n, site, i) => (site!.target === 'variable' ? assignVariable : assignMember)(s, site!, i),
  logical: (s, _n, site, i) => (site!.target === 'variable' ? assignVariable : assignMember)(s, site!, i),
  update: (s, _n, site, i) => (site!.target === 'variable' ? updateVariable : updateMember)(s, site!, i),
  delete: (s, _n, site, i) => deleteMember(s, site!, i),
  call: (s, _n, site, i) => callMember(s, site!, i),
  merge: (s, _n, site, i) => mergeMember(s, site!, i),
  pattern: (s, node) => destructuring(s, node as TS.BinaryExpression),
  'for-head': (s, node) => forHead(s, node as TS.ForOfStatement | TS.ForInStatement),
};

/** Where this node is in the source, as a diagnostic position. */
export function diagnosticAt(
  sf: TS.SourceFile,
  file: string,
  node: TS.Node,
  message: string,
): GenerateDiagnostic {
  const lc = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { file, line: lc.line + 1, column: lc.character + 1, message };
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
  const classSet = new Set<TS.Node>(analysis.classes);
  // Only the paths from the root to a site or a class are visited: everything else is returned as it is.
  const relevant = new Set<TS.Node>();
  for (const start of [...analysis.sites.map((x) => x.node), ...analysis.classes, ...analysis.captured]) {
    for (let n: TS.Node | undefined = start; n && !relevant.has(n); n = n.parent) relevant.add(n);
  }
  const s: FileState = {
    ts,
    f: context.factory,
    context,
    sf,
    input,
    analysis,
    names: namesFor(input.siteFile, !analysis.isModule),
    counter: 0,
    sink: undefined,
    inParameters: 0,
    aliases: undefined,
    aliasedBody: undefined,
    visit: (node) => {
      if (!relevant.has(node)) return node;
      try {
        return visitNode(s, node, classSet);
      } catch (error) {
        const message = `statetrail: could not instrument this write, left as it was (${(error as Error).message})`;
        input.onDiagnostic?.(diagnosticAt(sf, input.siteFile, node, message));
        return ts.visitEachChild(node, s.visit, context);
      }
    },
  };
  const body = ts.visitLexicalEnvironment(sf.statements, s.visit, context);
  const isPrologue = (st: TS.Statement) => ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression);
  let prologue = 0;
  while (prologue < body.length && isPrologue(body[prologue]!)) prologue++;
  return context.factory.updateSourceFile(sf, [
    ...body.slice(0, prologue),
    ...header(s),
    ...body.slice(prologue),
  ]);
}

function visitNode(s: FileState, node: TS.Node, classSet: ReadonlySet<TS.Node>): TS.VisitResult<TS.Node> {
  const { ts, f, analysis } = s;
  if (isFunctionLike(ts, node) || ts.isClassStaticBlockDeclaration(node)) {
    // a new function scope: its temporaries are hoisted into it by visitEachChild's lexical environment
    const saved = s.sink;
    const savedParams = s.inParameters;
    const savedAliases = s.aliases;
    const savedBody = s.aliasedBody;
    // its name, decorators and parameters refer to the file's bindings; its body (below) to its aliases
    const aliases = aliasesIn(ts, node) ? new Set<Aliased>() : undefined;
    s.sink = undefined;
    s.inParameters = 0;
    s.aliases = undefined;
    s.aliasedBody = aliases && { body: (node as TS.FunctionLikeDeclaration).body!, aliases };
    try {
      return ts.visitEachChild(node, s.visit, s.context);
    } finally {
      s.sink = saved;
      s.inParameters = savedParams;
      s.aliases = savedAliases;
      s.aliasedBody = savedBody;
    }
  }
  if (node === s.aliasedBody?.body) {
    const aliases = s.aliasedBody.aliases;
    s.aliases = aliases; // until the function is left (the body is its last child)
    const body = ts.visitEachChild(node, s.visit, s.context) as TS.Block;
    // the function's hoisted temporaries are merged into the body after this, before the aliases
    return aliases.size > 0 ? declareAliases(s, body, aliases) : body;
  }
  if (ts.isParameter(node)) {
    s.inParameters++;
    try {
      return f.updateParameterDeclaration(
        node,
        node.modifiers,
        node.dotDotDotToken,
        ts.visitNode(node.name, s.visit) as TS.BindingName,
        node.questionToken,
        node.type,
        node.initializer && withOwnScope(s, node.initializer),
      );
    } finally {
      s.inParameters--;
    }
  }
  if (s.inParameters > 0 && ts.isBindingElement(node) && node.initializer) {
    return f.updateBindingElement(
      node,
      node.dotDotDotToken,
      ts.visitNode(node.propertyName, s.visit) as TS.PropertyName | undefined,
      ts.visitNode(node.name, s.visit) as TS.BindingName,
      withOwnScope(s, node.initializer),
    );
  }
  if (s.inParameters > 0 && ts.isComputedPropertyName(node))
    return f.updateComputedPropertyName(node, withOwnScope(s, node.expression));
  if (ts.isPropertyDeclaration(node) && node.initializer) {
    const savedAliases = s.aliases;
    s.aliases = undefined; // runs at construction, in a scope of its own
    try {
      return f.updatePropertyDeclaration(
        node,
        ts.visitNodes(node.modifiers, s.visit) as TS.NodeArray<TS.ModifierLike> | undefined,
        ts.visitNode(node.name, s.visit) as TS.PropertyName,
        node.questionToken ?? node.exclamationToken,
        node.type,
        withOwnScope(s, node.initializer),
      );
    } finally {
      s.aliases = savedAliases;
    }
  }
  if (ts.isVariableDeclaration(node) && analysis.captured.has(node)) return capturedDeclaration(s, node);
  if (classSet.has(node) && (ts.isClassDeclaration(node) || ts.isClassExpression(node)))
    return trackedClass(s, node);
  const container = analysis.containers.get(node);
  if (container !== undefined) return ROUTES[container](s, node, undefined, -1);
  const i = analysis.byNode.get(node);
  if (i !== undefined) {
    const site = analysis.sites[i]!;
    // pattern and for-head sites are targets: their container rewrote them already
    if (site.kind !== 'pattern' && site.kind !== 'for-head') return ROUTES[site.kind](s, node, site, i);
  }
  return ts.visitEachChild(node, s.visit, s.context);
}
