/**
 * The file header: the runtime reference, the site table and the variable holders, after the prologue
 * directives. Modules import statetrail/runtime; scripts read it from the global (they cannot import)
 * and fall back to a do-nothing runtime derived from the contract, so that an instrumented script runs
 * unchanged when the runtime is not loaded.
 */
import type * as TS from 'typescript';
import { RUNTIME_EXPORTS, RUNTIME_GLOBAL, RUNTIME_MODULE } from '../../src/runtime-contract';
import { type FileState, runtimeMember } from './state';

function declare(s: FileState, name: string, init: TS.Expression): TS.Statement {
  const { f } = s;
  return f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, init)]),
  );
}

/** `{ pending: {}, sites: function () { return 0; }, ... }`: every member of `Runtime`, doing nothing. */
function fallback(s: FileState): TS.Expression {
  const { f } = s;
  const fn = (result: TS.Expression | undefined, params: string[] = []) =>
    f.createFunctionExpression(
      undefined,
      undefined,
      undefined,
      undefined,
      params.map((p) => f.createParameterDeclaration(undefined, undefined, p)),
      undefined,
      f.createBlock(result ? [f.createReturnStatement(result)] : []),
    );
  const value = {
    object: () => f.createObjectLiteralExpression(),
    zero: () => fn(f.createNumericLiteral(0)),
    array: () => fn(f.createArrayLiteralExpression()),
    nothing: () => fn(undefined),
    first: () => fn(f.createIdentifier('v'), ['v']),
    second: () => fn(f.createIdentifier('v'), ['s', 'v']),
    third: () => fn(f.createIdentifier('v'), ['s', 't', 'v']),
    fourth: () => fn(f.createIdentifier('v'), ['s', 't', 'k', 'v']),
  };
  return f.createObjectLiteralExpression(
    Object.entries(RUNTIME_EXPORTS).map(([name, kind]) => f.createPropertyAssignment(name, value[kind]())),
  );
}

/**
 * A script's runtime: the loaded one, else (a CommonJS file that requires statetrail itself, so the
 * module resolves) `require('statetrail/runtime')` — its own require would run only after this header —
 * else the fallback.
 */
function scriptRuntime(s: FileState): TS.Expression {
  const { ts, f } = s;
  const global = f.createElementAccessExpression(
    f.createIdentifier('globalThis'),
    f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier('Symbol'), 'for'), undefined, [
      f.createStringLiteral(RUNTIME_GLOBAL),
    ]),
  );
  const or = (a: TS.Expression, b: TS.Expression) =>
    f.createBinaryExpression(a, ts.SyntaxKind.BarBarToken, b);
  if (!s.analysis.requiresStatetrail) return or(global, fallback(s));
  const required = f.createCallExpression(f.createIdentifier('require'), undefined, [
    f.createStringLiteral(RUNTIME_MODULE),
  ]);
  return or(global, required);
}

export function header(s: FileState): TS.Statement[] {
  const { f, analysis, names } = s;
  const out: TS.Statement[] = [];
  // the members instrumented writes call, as local bindings: a call through the namespace object (a
  // getter per member under CommonJS interop, `__importStar`) measured 130 ns per write
  const direct: [string, string][] = [
    ['pending', names.pending],
    ['at', names.at],
    ['done', names.done],
  ];
  if (s.input.keyed)
    direct.push(
      ['atKey', names.atKey],
      ['key', names.key],
      ['doneKey', names.doneKey],
      ['atCall', names.atCall],
      ['doneCall', names.doneCall],
      ['atAssign', names.atAssign],
      ['doneAssign', names.doneAssign],
    );
  if (!analysis.isModule) out.push(declare(s, names.runtime, scriptRuntime(s)));
  else {
    out.push(
      f.createImportDeclaration(
        undefined,
        f.createImportClause(
          undefined,
          undefined,
          f.createNamespaceImport(f.createIdentifier(names.runtime)),
        ),
        f.createStringLiteral(RUNTIME_MODULE),
      ),
    );
  }
  if (!analysis.isModule || s.input.commonjs) {
    for (const [member, local] of direct) out.push(declare(s, local, runtimeMember(s, member)));
  } else {
    const specifiers = direct.map(([member, local]) =>
      f.createImportSpecifier(false, f.createIdentifier(member), f.createIdentifier(local)),
    );
    out.push(
      f.createImportDeclaration(
        undefined,
        f.createImportClause(undefined, undefined, f.createNamedImports(specifiers)),
        f.createStringLiteral(RUNTIME_MODULE),
      ),
    );
  }
  if (analysis.sites.length > 0) {
    const table = f.createArrayLiteralExpression(
      analysis.sites.map((site) =>
        f.createArrayLiteralExpression([
          f.createNumericLiteral(site.line),
          f.createNumericLiteral(site.column),
          f.createStringLiteral(site.code),
        ]),
      ),
    );
    out.push(
      declare(
        s,
        names.siteBase,
        f.createCallExpression(runtimeMember(s, 'sites'), undefined, [
          f.createStringLiteral(s.input.siteFile),
          table,
        ]),
      ),
    );
  }
  if (analysis.bindings.length > 0) {
    out.push(
      declare(
        s,
        names.holders,
        f.createCallExpression(runtimeMember(s, 'variables'), undefined, [
          f.createStringLiteral(s.input.siteFile),
          f.createArrayLiteralExpression(analysis.bindings.map((n) => f.createStringLiteral(n))),
        ]),
      ),
    );
  }
  return out;
}
