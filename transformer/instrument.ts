/**
 * `instrument(code, fileName, options)`: source in, instrumented source out, with a source map.
 * Used by the bundler plugins and Jest. The output keeps the TypeScript syntax (types, decorators, enums)
 * as written, so the host tool compiles it with its own settings; only the writes are rewritten.
 */
import path from 'node:path';
import type * as TS from 'typescript';
import { typescript6 } from './compiler';
import type { GenerateDiagnostic } from './generate';
import { type ResolvedOptions, resolveOptions, type TransformerOptions } from './options';
import { isInstrumentedText } from './sites';
import { statetrailFactory } from './transform';

export interface SourceMapV3 {
  version: number;
  file?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

export interface InstrumentResult {
  code: string;
  /** null when the file was left unchanged. */
  map: SourceMapV3 | null;
  /** Syntax errors and writes that could not be instrumented, with file:line:column. */
  diagnostics: Diagnostic[];
  changed: boolean;
}

export type Diagnostic = GenerateDiagnostic;

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

function scriptKind(ts: typeof TS, fileName: string): TS.ScriptKind {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.tsx') return ts.ScriptKind.TSX;
  if (ext === '.jsx') return ts.ScriptKind.JSX;
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

const cache = new WeakMap<object, ResolvedOptions>();
function resolved(options: TransformerOptions | ResolvedOptions | undefined): ResolvedOptions {
  if (options && 'instruments' in options && typeof options.instruments === 'function') return options;
  const key = options ?? cache;
  let r = cache.get(key);
  if (!r) {
    r = resolveOptions(options);
    cache.set(key, r);
  }
  return r;
}

/** Instruments one file. Never throws on bad input: syntax errors come back as diagnostics, code unchanged. */
export function instrument(
  code: string,
  fileName: string,
  options?: TransformerOptions | ResolvedOptions,
): InstrumentResult {
  const ts = typescript6();
  const opts = resolved(options);
  const unchanged = (diagnostics: Diagnostic[] = []): InstrumentResult => ({
    code,
    map: null,
    diagnostics,
    changed: false,
  });
  if (isInstrumentedText(code)) return unchanged();
  if (!opts.instruments(fileName) && !opts.tracksClasses(fileName)) return unchanged();
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, scriptKind(ts, fileName));
  const parseDiagnostics: readonly TS.DiagnosticWithLocation[] = (sf as any).parseDiagnostics ?? [];
  const rel = opts.relative(fileName);
  if (parseDiagnostics.length > 0) {
    return unchanged(
      parseDiagnostics.map((d) => {
        const lc = sf.getLineAndCharacterOfPosition(d.start);
        const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        return {
          file: rel,
          line: lc.line + 1,
          column: lc.character + 1,
          message: `syntax error, file left uninstrumented: ${message}, in \`${statementAt(ts, sf, d.start)}\` (TypeScript 6's parser rejects some valid JavaScript, e.g. \`'x' in {}\` inside a for-head pattern default)`,
        };
      }),
    );
  }
  const diagnostics: Diagnostic[] = [];
  const result = ts.transform(
    sf,
    [statetrailFactory(ts, opts, { onDiagnostic: (d) => diagnostics.push(d) })],
    {
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
    },
  );
  try {
    const out = result.transformed[0]!;
    if (out === sf) return unchanged(diagnostics);
    const printed = print(ts, out, fileName, code);
    return { ...printed, diagnostics, changed: true };
  } finally {
    result.dispose();
  }
}

/** The source text of the innermost statement around `pos`, cut: names the construct the parser rejected. */
function statementAt(ts: typeof TS, sf: TS.SourceFile, pos: number): string {
  let text = sf.text.slice(Math.max(0, pos - 40), pos + 40);
  const visit = (n: TS.Node): void => {
    if (n.pos > pos || n.end < pos) return;
    if (n.kind >= ts.SyntaxKind.FirstStatement && n.kind <= ts.SyntaxKind.LastStatement) text = n.getText(sf);
    n.forEachChild(visit);
  };
  sf.forEachChild(visit);
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** Prints with a source map (the emitter's own generator; it is on the `ts` object, not in its typings). */
function print(
  ts: typeof TS,
  sf: TS.SourceFile,
  fileName: string,
  original: string,
): { code: string; map: SourceMapV3 } {
  const internal = ts as any;
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
  const writer = internal.createTextWriter('\n');
  const dir = path.dirname(fileName);
  const host = {
    getCurrentDirectory: () => dir,
    getCanonicalFileName: (f: string) => f,
    useCaseSensitiveFileNames: () => true,
  };
  const generator = internal.createSourceMapGenerator(host, path.basename(fileName), '', dir, {});
  (printer as any).writeFile(sf, writer, generator);
  const map = generator.toJSON() as SourceMapV3;
  map.sources = [fileName];
  map.sourcesContent = [original];
  return { code: writer.getText(), map };
}
