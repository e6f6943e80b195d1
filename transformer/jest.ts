/**
 * `statetrail/jest` — Jest transformer: `transform: { '\\.[cm]?tsx?$': ['statetrail/jest', { ...options }] }`.
 * Compiles TypeScript with the TypeScript 6 bundled in statetrail (transpileModule, the transformer in
 * `before`), to CommonJS or, when Jest runs ESM, to ES modules; inline source maps for stack traces.
 */
import { createHash } from 'node:crypto';
import type * as TS from 'typescript';
import { resolveOptions, type TransformerOptions } from './options';
import { statetrailFactory } from './transform';
import { ts6 } from './ts6';

interface JestTransformOptions {
  supportsStaticESM?: boolean;
  config?: { rootDir?: string };
}

export interface JestTransformer {
  canInstrument: boolean;
  process(
    source: string,
    path: string,
    options?: JestTransformOptions,
  ): { code: string; map?: string | null };
  getCacheKey(source: string, path: string, options?: JestTransformOptions): string;
}

const VERSION = 'statetrail-jest-1';

export function createTransformer(options?: TransformerOptions): JestTransformer {
  const ts = ts6;
  let resolved: ReturnType<typeof resolveOptions> | undefined;
  const optionsKey = JSON.stringify(options ?? {});
  return {
    canInstrument: false,
    getCacheKey(source, path, jestOptions) {
      return createHash('sha1')
        .update(VERSION)
        .update(ts.version)
        .update(optionsKey)
        .update(path)
        .update(String(jestOptions?.supportsStaticESM))
        .update(source)
        .digest('hex');
    },
    process(source, path, jestOptions) {
      resolved ??= resolveOptions(options, { root: jestOptions?.config?.rootDir });
      const out = ts.transpileModule(source, {
        fileName: path,
        reportDiagnostics: false,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: jestOptions?.supportsStaticESM ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
          esModuleInterop: true,
          sourceMap: true,
          inlineSources: true,
          jsx: ts.JsxEmit.ReactJSX,
        } as TS.CompilerOptions,
        transformers: { before: [statetrailFactory(ts, resolved)] },
      });
      return {
        code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''),
        map: out.sourceMapText ?? null,
      };
    },
  };
}

const defaultTransformer: JestTransformer & { createTransformer: typeof createTransformer } = {
  ...createTransformer(),
  createTransformer,
};
export default defaultTransformer;
