/**
 * statetrail/transformer — rewrites writes to members (and, with `variables`, to let/var bindings) so
 * that changes to tracked objects carry their source site. Map of this folder:
 *
 *   options.ts     option validation and glob matchers (compiled once)
 *   sites.ts       site recognition: what gets instrumented, where (also used by `statetrail explain`)
 *   scope.ts       the syntax-only scope analysis behind option `variables`
 *   generate.ts    code generation with ts.factory, routed by site kind to generate/ (one file per write
 *                  kind over one typed per-file state; the protocol is src/runtime-contract.ts)
 *   transform.ts   the TransformerFactory tying the two together, for any TypeScript 6 `ts` object
 *   instrument.ts  source -> instrumented source + source map, with the TS 6 bundled in ts-morph
 *   compiler.ts    that TS 6, loaded on first use (importing this module does not load a compiler)
 *   plugin.ts      unplugin factory; vite.ts esbuild.ts rollup.ts webpack.ts are thin adapters
 *   jest.ts        Jest transformer (the `statetrail` bin is in cli/)
 */
import path from 'node:path';
import type * as TS from 'typescript';
import { typescript6 } from './compiler';
import {
  OptionsError,
  resolveOptions,
  type TransformerOptions,
  TS_PATCH_KEYS,
  validateOptions,
} from './options';
import { statetrailFactory } from './transform';

export type { Diagnostic, InstrumentResult, SourceMapV3 } from './instrument';
export { formatDiagnostic, instrument } from './instrument';
export type { TransformerOptions } from './options';
export { OptionsError, validateOptions } from './options';
export type { FileSites, Site, SiteKind } from './sites';
export { findSites } from './sites';

/**
 * A syntax-only TransformerFactory: works in `transpileModule`, isolatedModules and any custom emit.
 * `ts` defaults to the TypeScript 6 bundled with statetrail (ts-morph), not the user's `typescript`.
 */
export function createTransformer(
  options?: TransformerOptions,
  ts: typeof TS = typescript6(),
): TS.TransformerFactory<TS.SourceFile> {
  return statetrailFactory(ts, resolveOptions(options));
}

interface TsPatchExtras {
  ts: typeof TS;
  addDiagnostic?: (d: TS.Diagnostic) => number;
}

/**
 * ts-patch program transformer: `"plugins": [{ "transform": "statetrail/transformer", ...options }]` in
 * tsconfig.json, then `tspc -p .`. Writes it could not instrument become compiler diagnostics (warnings).
 */
export default function statetrailProgramTransformer(
  program: TS.Program,
  config: Record<string, unknown> = {},
  extras?: TsPatchExtras,
): TS.TransformerFactory<TS.SourceFile> {
  const ts = extras?.ts ?? typescript6();
  let user: TransformerOptions;
  try {
    if (Number.parseInt(ts.versionMajorMinor, 10) >= 7)
      throw new OptionsError(TS7_UNDER_TS_PATCH(ts.version));
    user = validateOptions(config, TS_PATCH_KEYS);
  } catch (e) {
    // Under tspc a thrown error is an uncaught exception with an evalmachine stack: a diagnostic reads as tsc's own.
    if (!(e instanceof OptionsError) || extras?.addDiagnostic === undefined) throw e;
    extras.addDiagnostic({
      category: ts.DiagnosticCategory.Error,
      code: 990002,
      file: undefined,
      start: undefined,
      length: undefined,
      messageText: e.message,
    });
    return () => (sf) => sf;
  }
  const configFile = program.getCompilerOptions().configFilePath;
  const root = typeof configFile === 'string' ? path.dirname(configFile) : program.getCurrentDirectory();
  return statetrailFactory(ts, resolveOptions(user, { root }), {
    onDiagnostic: (d, sf) => {
      const start = sf.getPositionOfLineAndCharacter(d.line - 1, d.column - 1);
      extras?.addDiagnostic?.({
        category: ts.DiagnosticCategory.Warning,
        code: 990001,
        file: sf,
        start,
        length: 1,
        messageText: d.message,
      });
    },
  });
}

const TS7_UNDER_TS_PATCH = (version: string) =>
  `statetrail: ts-patch is running TypeScript ${version}, which has no transformer API. ` +
  'Either pin TypeScript 6 for tspc (npm i -D typescript@6 ts-patch), or keep TypeScript 7 and build with ' +
  '`statetrail build -p tsconfig.json` (it uses the TypeScript 6 bundled with statetrail).';
