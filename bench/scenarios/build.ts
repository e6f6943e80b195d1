/**
 * Build: TypeScript 6 `transpileModule` over a corpus of real TypeScript files (the sources shipped in
 * the `effect` package), plain and with the statetrail transformer (`createTransformer`, default
 * options: every member write instrumented) in `before`. One run = the whole corpus.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { entryUrl, ROOT } from '../lib/paths';
import type { Bench, Ctx, Scenario } from '../lib/types';

export const CORPUS_DIR = path.join(ROOT, 'node_modules', 'effect', 'src');

interface Source {
  readonly fileName: string;
  readonly text: string;
}

let corpus: Source[] | undefined;

/**
 * Files of at most this size. effect 4.1.0 ships 572 .ts sources (21.6 MB, one of 3.2 MB; a full pass
 * of transpileModule took ~60 s on 2 busy shared cores); the 328 up to 16 KB (2.0 MB, files with code
 * and doc comments like the rest) keep a pass to seconds and are still over 300 files.
 */
export const MAX_FILE_BYTES = 16_000;

/** The corpus (.ts, not .d.ts, ≤ MAX_FILE_BYTES) in a stable order; `--quick` takes the first 30. */
export function loadCorpus(ctx: Ctx): Source[] {
  if (corpus === undefined) {
    const files = readdirSync(CORPUS_DIR, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .sort();
    corpus = files
      .map((f) => {
        const fileName = path.join(CORPUS_DIR, f);
        return { fileName, text: readFileSync(fileName, 'utf8') };
      })
      .filter((s) => Buffer.byteLength(s.text) <= MAX_FILE_BYTES);
  }
  return ctx.quick ? corpus.slice(0, 30) : corpus;
}

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  isolatedModules: true,
};

export const plain: Scenario = {
  id: 'build-plain',
  group: 'build',
  name: 'transpileModule',
  role: 'baseline',
  async setup(ctx): Promise<Bench> {
    const files = loadCorpus(ctx);
    let bytes = 0;
    return {
      ops: files.length,
      run() {
        bytes = 0;
        for (const f of files)
          bytes += ts.transpileModule(f.text, { fileName: f.fileName, compilerOptions }).outputText.length;
        return bytes;
      },
      check: () => (bytes > 0 ? undefined : 'nothing emitted'),
    };
  },
};

type CreateTransformer = (
  options?: Record<string, unknown>,
  tsApi?: typeof ts,
) => ts.TransformerFactory<ts.SourceFile>;

export const instrumented: Scenario = {
  id: 'build-transformer',
  group: 'build',
  name: 'transpileModule + statetrail transformer',
  role: 'statetrail',
  async setup(ctx): Promise<Bench | string> {
    const url = entryUrl('statetrail/transformer');
    if (url === undefined) throw new Error('statetrail/transformer could not be resolved');
    const createTransformer = (await import(url)).createTransformer as CreateTransformer;
    const files = loadCorpus(ctx);
    // The same `ts` for both runs: only the transformer differs.
    const before = [createTransformer({ root: CORPUS_DIR }, ts)];
    let instrumentedFiles = 0;
    return {
      ops: files.length,
      run() {
        instrumentedFiles = 0;
        for (const f of files) {
          const out = ts.transpileModule(f.text, {
            fileName: f.fileName,
            compilerOptions,
            transformers: { before },
          }).outputText;
          if (out.includes('statetrail/runtime')) instrumentedFiles++;
        }
        return instrumentedFiles;
      },
      check: () => (instrumentedFiles > 0 ? undefined : 'the transformer instrumented no file'),
    };
  },
};

export default [plain, instrumented];
