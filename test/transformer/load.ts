/** Compiles TypeScript with the transformer and runs it against the real core (statetrail, statetrail/runtime). */
import * as core from 'statetrail';
import * as runtime from 'statetrail/runtime';
import { createTransformer, type TransformerOptions } from 'statetrail/transformer';
import { ts } from 'ts-morph';

export function compileCjs(source: string, fileName: string, options: TransformerOptions = {}): string {
  return ts.transpileModule(source, {
    fileName,
    reportDiagnostics: false,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, sourceMap: false },
    transformers: { before: [createTransformer({ root: '/proj', ...options }) as any] },
  }).outputText;
}

/** Runs compiled CJS code; `statetrail` and `statetrail/runtime` resolve to the real core. */
export function runCjs(js: string, extra: Record<string, unknown> = {}): Record<string, any> {
  const module = { exports: {} as Record<string, any> };
  const require = (id: string) => {
    if (id === 'statetrail') return core;
    if (id === 'statetrail/runtime') return runtime;
    if (id in extra) return extra[id];
    throw new Error(`unexpected require(${id})`);
  };
  new Function('require', 'module', 'exports', js)(require, module, module.exports);
  return module.exports;
}

export function load(source: string, fileName = '/proj/src/model.ts', options: TransformerOptions = {}) {
  return runCjs(compileCjs(source, fileName, options));
}
