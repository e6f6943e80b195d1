/**
 * Compiles a small TypeScript fixture the way a user's build would (TypeScript 6 transpileModule,
 * optionally after the statetrail transformer's `instrument`) and imports it. Each call writes its own
 * module, so every scenario gets its own copy of the loops: V8 feedback is per function literal, and a
 * loop shared between scenarios would turn polymorphic and distort them all.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { entryUrl, ROOT } from './paths';

export { ROOT };

const OUT = path.join(ROOT, 'bench', '.generated');

export interface CompileOptions {
  /** `experimentalDecorators` (legacy decorators) instead of TC39 standard decorators. */
  legacyDecorators?: boolean;
  /** Run the statetrail transformer (`instrument`) with these options first. */
  instrument?: Record<string, unknown>;
}

type InstrumentFn = (
  code: string,
  fileName: string,
  options?: Record<string, unknown>,
) => { code: string; diagnostics: unknown[] };

let instrumentFn: InstrumentFn | undefined;

/** `instrument` from statetrail/transformer (sources or bundle), or undefined when it cannot be resolved. */
export async function loadInstrument(): Promise<InstrumentFn | undefined> {
  if (instrumentFn !== undefined) return instrumentFn;
  const url = entryUrl('statetrail/transformer');
  if (url === undefined) return undefined;
  instrumentFn = ((await import(url)) as { instrument?: InstrumentFn }).instrument;
  return instrumentFn;
}

/** Compiles `source` as bench/.generated/<name>.ts and imports the result. */
export async function compileAndImport(
  name: string,
  source: string,
  options: CompileOptions = {},
): Promise<any> {
  mkdirSync(OUT, { recursive: true });
  const fileName = path.join(OUT, `${name}.ts`);
  let code = source;
  if (options.instrument !== undefined) {
    const instrument = await loadInstrument();
    if (instrument === undefined) throw new Error('statetrail/transformer is not available');
    const result = instrument(code, fileName, { root: ROOT, ...options.instrument });
    if (result.diagnostics.length > 0) throw new Error(`instrument: ${JSON.stringify(result.diagnostics)}`);
    code = result.code;
  }
  const js = ts.transpileModule(code, {
    fileName,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      experimentalDecorators: options.legacyDecorators === true,
      useDefineForClassFields: true,
    },
  }).outputText;
  // Public names point at this checkout (sources under tsx, else the bundle), as the vitest aliases do.
  const linked = js.replace(/from\s+(['"])(statetrail(?:\/[a-z]+)?)\1/g, (whole, _q: string, id: string) => {
    const url = entryUrl(id);
    return url === undefined ? whole : `from '${url}'`;
  });
  const out = path.join(OUT, `${name}.mjs`);
  writeFileSync(out, linked);
  return import(pathToFileURL(out).href);
}
