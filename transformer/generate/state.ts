/**
 * The per-file state every writer of generate/ shares, and the small node builders they all use.
 * One object per instrumented file, passed explicitly (no closures over shared mutable state).
 */
import type * as TS from 'typescript';
import { type FileSites, skipOuter } from '../sites';

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
  /**
   * The transformer has `classes` on: member writes and mutating calls pass their target to the runtime
   * (`atKey`/`doneKey`, `atCall`/`doneCall`), which records them when it is a `classes` instance or owned
   * by one. Every instrumented file of that transformer, not only the files in the glob.
   */
  keyed?: boolean;
  onDiagnostic?: (d: GenerateDiagnostic) => void;
}

/** Generated names; in scripts (one global scope shared by all scripts) they carry a per-file hash. */
export interface Names {
  /** Prefix of temporaries: `_st$0`, `_st$1`, ... */
  temp: string;
  /** The runtime namespace (`import * as`, or the global in scripts). */
  runtime: string;
  /** `pending`, `at` and `done` of the runtime, bound locally. */
  pending: string;
  at: string;
  done: string;
  /** `atKey`, `key`, `doneKey`, `atCall`, `doneCall` of the runtime, bound locally (option `classes`). */
  atKey: string;
  key: string;
  doneKey: string;
  atCall: string;
  atAssign: string;
  doneAssign: string;
  doneCall: string;
  /** Id of the file's first site. */
  siteBase: string;
  /** The file's variable holders. */
  holders: string;
}

/** The generated names instrumented code refers to; inside a function body, through local aliases. */
export type Aliased =
  | 'pending'
  | 'at'
  | 'done'
  | 'atKey'
  | 'key'
  | 'doneKey'
  | 'atCall'
  | 'doneCall'
  | 'atAssign'
  | 'doneAssign'
  | 'siteBase'
  | 'holders';

export interface FileState {
  readonly ts: typeof TS;
  readonly f: TS.NodeFactory;
  readonly context: TS.TransformationContext;
  readonly sf: TS.SourceFile;
  readonly input: GenerateInput;
  readonly analysis: FileSites;
  readonly names: Names;
  /** Temporaries counter (names are never reused within a file). */
  counter: number;
  /** Temporaries of the initializer being visited (its own arrow IIFE), or undefined: hoisted into the function. */
  sink: TS.Identifier[] | undefined;
  /** Depth of parameter lists being visited (their defaults get their own scope). */
  inParameters: number;
  /**
   * The names the function body being visited refers to through its own aliases (generate/aliases.ts),
   * or undefined where generated code refers to the file's bindings (top level, a function's name,
   * decorators and parameters, class field initializers, concise arrows, constructors).
   */
  aliases: Set<Aliased> | undefined;
  /** The body of the function being visited, if it gets aliases: from there on, `aliases` are its. */
  aliasedBody: { body: TS.Node; aliases: Set<Aliased> } | undefined;
  /** The file's visitor (generate.ts); writers call it on the sub-expressions they keep. */
  visit: (node: TS.Node) => TS.VisitResult<TS.Node>;
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

export function namesFor(siteFile: string, script: boolean): Names {
  const tag = script ? `_${hash(siteFile)}_` : '';
  return {
    temp: `_st$${script ? `${hash(siteFile)}_` : ''}`,
    runtime: `__st$rt${tag}`,
    pending: `__st$p${tag}`,
    at: `__st$a${tag}`,
    done: `__st$d${tag}`,
    atKey: `__st$ak${tag}`,
    key: `__st$k${tag}`,
    doneKey: `__st$dk${tag}`,
    atCall: `__st$ac${tag}`,
    atAssign: `__st$aa${tag}`,
    doneAssign: `__st$da${tag}`,
    doneCall: `__st$dc${tag}`,
    siteBase: `__st$s${tag}`,
    holders: `__st$h${tag}`,
  };
}

/**
 * The file is TypeScript: generated code may carry type annotations for hosts that type-check it
 * (never in JavaScript, where they are syntax errors; the emit drops them).
 */
export function isTypeScript(s: FileState): boolean {
  return !/\.[cm]?jsx?$/i.test(s.sf.fileName);
}

/** A fresh generated identifier (not declared anywhere). */
export function fresh(s: FileState): TS.Identifier {
  return s.f.createIdentifier(`${s.names.temp}${s.counter++}`);
}

/** A fresh temporary, declared in the innermost function or in the current initializer's IIFE. */
export function temp(s: FileState): TS.Identifier {
  const id = fresh(s);
  if (s.sink) s.sink.push(id);
  else s.context.hoistVariableDeclaration(id);
  return id;
}

/** Visits an initializer with its own temporaries, in an arrow IIFE when it needs any (re-entrancy). */
export function withOwnScope(s: FileState, expr: TS.Expression): TS.Expression {
  const { f } = s;
  const saved = s.sink;
  const mine: TS.Identifier[] = [];
  s.sink = mine;
  let out: TS.Expression;
  try {
    out = s.ts.visitNode(expr, s.visit) as TS.Expression;
  } finally {
    s.sink = saved;
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
}

export function comma(s: FileState, list: readonly TS.Expression[]): TS.Expression {
  return list.reduce((a, b) => s.f.createComma(a, b));
}

/** `(a, b, c)` standing for `original` (text range and original node kept for source maps and hosts). */
export function seq(s: FileState, list: TS.Expression[], original: TS.Node): TS.Expression {
  const e = s.f.createParenthesizedExpression(comma(s, list));
  s.ts.setTextRange(e, original);
  s.ts.setOriginalNode(e, original);
  return e;
}

/** Maps a generated node to the original's source range. */
export function mapTo<T extends TS.Node>(s: FileState, node: T, original: TS.Node): T {
  s.ts.setSourceMapRange(node, { pos: original.getStart(s.sf), end: original.end });
  return node;
}

/**
 * A generated binding as the code being generated refers to it: the file's binding, or inside a
 * function body that aliases them its local copy, `const __st$a$ = __st$a` (generate/aliases.ts).
 */
export function generated(s: FileState, name: Aliased): TS.Identifier {
  if (s.aliases === undefined) return s.f.createIdentifier(s.names[name]);
  s.aliases.add(name);
  return s.f.createIdentifier(aliasOf(s.names[name]));
}

/** The local alias of a file-level generated binding. */
export function aliasOf(name: string): string {
  return `${name}$`;
}

export function runtimeMember(s: FileState, name: string): TS.Expression {
  return s.f.createPropertyAccessExpression(s.f.createIdentifier(s.names.runtime), name);
}

export function siteId(s: FileState, i: number): TS.Expression {
  return s.f.createAdd(generated(s, 'siteBase'), s.f.createNumericLiteral(i));
}

/**
 * `pending.s = site` right before the write, `pending.s = 0` right after it (src/runtime-contract.ts):
 * two small-integer stores, no pointer (so no write barrier for writes to untracked objects), and a
 * write that records nothing (untracked, same value, not yet tracked) leaves no stale site behind.
 */
export function announce(s: FileState, i: number): TS.Expression {
  return s.f.createAssignment(pendingSite(s), siteId(s, i));
}

export function clear(s: FileState): TS.Expression {
  return s.f.createAssignment(pendingSite(s), s.f.createNumericLiteral(0));
}

function pendingSite(s: FileState): TS.Expression {
  return s.f.createPropertyAccessExpression(generated(s, 'pending'), 's');
}

/** Literals and function expressions cannot run code when evaluated: they may stay in place. */
export function isPure(s: FileState, e: TS.Expression): boolean {
  const { ts } = s;
  const x = skipOuter(ts, e);
  return (
    ts.isNumericLiteral(x) ||
    ts.isStringLiteral(x) ||
    ts.isBigIntLiteral(x) ||
    ts.isNoSubstitutionTemplateLiteral(x) ||
    x.kind === ts.SyntaxKind.TrueKeyword ||
    x.kind === ts.SyntaxKind.FalseKeyword ||
    x.kind === ts.SyntaxKind.NullKeyword ||
    ts.isArrowFunction(x) ||
    ts.isFunctionExpression(x)
  );
}

const COMPOUND = new Map<TS.SyntaxKind, TS.BinaryOperator>();
/** The binary operator of a compound or logical assignment operator (`+=` → `+`). */
export function compoundOperator(ts: typeof TS, kind: TS.SyntaxKind): TS.BinaryOperator {
  if (COMPOUND.size === 0) {
    const K = ts.SyntaxKind;
    const pairs: [TS.SyntaxKind, TS.BinaryOperator][] = [
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
    for (const [a, b] of pairs) COMPOUND.set(a, b);
  }
  const op = COMPOUND.get(kind);
  if (op === undefined) throw new Error(`unsupported assignment operator ${ts.SyntaxKind[kind]}`);
  return op;
}
