/**
 * Vite 8 compiles TypeScript with oxc, which leaves TC39 standard decorators in its output, and Node 20
 * cannot parse them: a `@tracked` class in a Vitest test fails with a bare `SyntaxError: Invalid or
 * unexpected token`. This Vite plugin lowers the decorators of every project file that has any with the
 * TypeScript 6 bundled with statetrail, in the flavour the file's nearest tsconfig.json selects
 * (`experimentalDecorators`, `emitDecoratorMetadata`, `useDefineForClassFields`), as tsc would, and hands
 * oxc JavaScript. Files without decorators are only scanned (no parse).
 */
import path from 'node:path';
import type * as TS from 'typescript';
import { ts6 as ts } from './ts6';

const SK = ts.SyntaxKind;

/** Tokens after which a `/` divides (anything else starts a regular expression literal). */
const ENDS_OPERAND = new Set([
  SK.Identifier,
  SK.NumericLiteral,
  SK.BigIntLiteral,
  SK.StringLiteral,
  SK.NoSubstitutionTemplateLiteral,
  SK.TemplateTail,
  SK.CloseParenToken,
  SK.CloseBracketToken,
  SK.CloseBraceToken,
  SK.ThisKeyword,
  SK.SuperKeyword,
  SK.TrueKeyword,
  SK.FalseKeyword,
  SK.NullKeyword,
  SK.PlusPlusToken,
  SK.MinusMinusToken,
]);

/**
 * Whether `code` has a decorator: an `@` token outside comments, strings, templates and regular
 * expressions (nothing else in TypeScript is spelled with `@`). A `@` in JSX text also counts, which
 * only costs a needless lowering.
 */
export function hasDecorators(code: string, fileName: string): boolean {
  if (!code.includes('@')) return false;
  const jsx = /\.[jt]sx$/.test(fileName) ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, jsx, code);
  const braces: number[] = []; // per open `${`: the `{` opened inside it
  let previous = SK.Unknown;
  for (let token = scanner.scan(); token !== SK.EndOfFileToken; token = scanner.scan()) {
    if (token === SK.AtToken) return true;
    if (token === SK.TemplateHead) braces.push(0);
    else if (token === SK.OpenBraceToken && braces.length > 0) braces[braces.length - 1]!++;
    else if (token === SK.CloseBraceToken && braces.length > 0) {
      if (braces[braces.length - 1] === 0) {
        token = scanner.reScanTemplateToken(false);
        if (token === SK.TemplateTail) braces.pop();
      } else braces[braces.length - 1]!--;
    } else if ((token === SK.SlashToken || token === SK.SlashEqualsToken) && !ENDS_OPERAND.has(previous))
      token = scanner.reScanSlashToken();
    previous = token;
  }
  return false;
}

const configs = new Map<string, TS.CompilerOptions>();

/** The compiler options of the nearest tsconfig.json above `file` (none: TypeScript's defaults). */
function compilerOptionsFor(file: string): TS.CompilerOptions {
  const config = ts.findConfigFile(path.dirname(file), ts.sys.fileExists);
  if (config === undefined) return {};
  let options = configs.get(config);
  if (options === undefined) {
    const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} };
    options = ts.getParsedCommandLineOfConfigFile(config, {}, host)?.options ?? {};
    configs.set(config, options);
  }
  return options;
}

/** Lowers the decorators (and the types) of one TypeScript file; imports and JSX stay for Vite. */
export function lowerDecorators(code: string, file: string): { code: string; map: string } {
  const options = compilerOptionsFor(file);
  // TypeScript keeps standard decorators only for target ESNext; a lower target the project chose stays
  const target = Math.min(options.target ?? ts.ScriptTarget.ES2022, ts.ScriptTarget.ES2022);
  const out = ts.transpileModule(code, {
    fileName: file,
    compilerOptions: {
      ...options,
      target,
      module: ts.ModuleKind.ESNext,
      jsx: ts.JsxEmit.Preserve,
      sourceMap: true,
      inlineSourceMap: false,
      inlineSources: false,
      declaration: false,
      emitDeclarationOnly: false,
      noEmit: false,
    },
  });
  return { code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: out.sourceMapText! };
}

/** The Vite plugin: after statetrail's own transform, before Vite's oxc. */
export function viteDecorators() {
  return {
    name: 'statetrail:decorators',
    enforce: 'pre' as const,
    transform: {
      filter: {
        id: { include: [/\.[cm]?tsx?(?:$|\?)/], exclude: [/^\0/, /[\\/]node_modules[\\/]/, /\.d\.[cm]?ts$/] },
      },
      handler(code: string, id: string) {
        const file = id.replace(/[?#].*$/, '');
        if (!hasDecorators(code, file)) return null;
        return lowerDecorators(code, file);
      },
    },
  };
}
