/**
 * Compiles the fixture classes of test/fixtures/decorators in every way TypeScript code gets
 * compiled, writes the output under .tmp/decorators/<mode>/ and imports it (through Vitest, so
 * `statetrail` resolves to the sources and every mode shares one runtime).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'decorators');
const out = join(root, '.tmp', 'decorators');

export interface Mode {
  readonly name: string;
  readonly legacy: boolean;
  /** Fields defined on the instance (useDefineForClassFields true). */
  readonly define: boolean;
  readonly compile: (source: string, file: string) => Promise<string>;
}

const tsMode = (name: string, options: ts.CompilerOptions, legacy: boolean, define: boolean): Mode => ({
  name,
  legacy,
  define,
  compile: async (source, file) => {
    const r = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, ...options },
    });
    return options.emitDecoratorMetadata ? `import 'reflect-metadata';\n${r.outputText}` : r.outputText;
  },
});

const esbuildMode = (
  name: string,
  experimentalDecorators: boolean,
  useDefineForClassFields = true,
): Mode => ({
  name,
  legacy: experimentalDecorators,
  define: useDefineForClassFields,
  compile: async (source, file) =>
    (
      await transform(source, {
        loader: 'ts',
        format: 'esm',
        target: 'es2022',
        sourcefile: file,
        tsconfigRaw: { compilerOptions: { experimentalDecorators, useDefineForClassFields } },
      })
    ).code,
});

export const MODES: readonly Mode[] = [
  tsMode('ts-standard', {}, false, true),
  tsMode('ts-standard-set', { useDefineForClassFields: false }, false, false),
  tsMode('ts-legacy-define', { experimentalDecorators: true, useDefineForClassFields: true }, true, true),
  tsMode('ts-legacy-set', { experimentalDecorators: true, useDefineForClassFields: false }, true, false),
  tsMode('ts-legacy-metadata', { experimentalDecorators: true, emitDecoratorMetadata: true }, true, true),
  esbuildMode('esbuild-standard', false),
  esbuildMode('esbuild-legacy', true),
  esbuildMode('esbuild-legacy-set', true, false),
];

const NOOP = pathToFileURL(join(fixtures, 'noop-decorators.ts')).href;

/**
 * Compiles fixture `name` (without .ts) in `mode` and imports it. `plain`: the undecorated twin,
 * compiled the same way with decorators that change nothing.
 */
export async function load<T = Record<string, any>>(mode: Mode, name: string, plain = false): Promise<T> {
  const file = join(fixtures, `${name}.ts`);
  let code = await mode.compile(readFileSync(file, 'utf8'), file);
  if (plain) code = code.replace(/(["'])statetrail\/decorators\1/g, JSON.stringify(NOOP));
  const dir = join(out, mode.name);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${name}${plain ? '.plain' : ''}.mjs`);
  writeFileSync(target, code);
  return (await import(/* @vite-ignore */ pathToFileURL(target).href)) as T;
}

/** Compiles a file of the repository (path from the root) in `mode` and imports it. */
export async function loadFile(mode: Mode, path: string): Promise<Record<string, any>> {
  const file = join(root, path);
  return loadSnippet(mode, path.replace(/[\\/.]/g, '_'), readFileSync(file, 'utf8'));
}

/** Compiles a snippet (written to .tmp) and imports it; for error cases. */
export async function loadSnippet(mode: Mode, id: string, source: string): Promise<Record<string, any>> {
  const dir = join(out, mode.name);
  mkdirSync(dir, { recursive: true });
  const code = await mode.compile(source, `${id}.ts`);
  const target = join(dir, `${id}.mjs`);
  writeFileSync(target, code);
  return (await import(/* @vite-ignore */ pathToFileURL(target).href)) as Record<string, any>;
}
