/**
 * The TransformerFactory shared by every delivery: decides per file what to do (options), finds the
 * sites (sites.ts) and generates code (generate.ts). Works with any TypeScript 6 compiler API object
 * handed in (`ts` of ts-patch, the user's own in transpileModule, or the one bundled in ts-morph).
 */
import type * as TS from 'typescript';
import { diagnosticAt, type GenerateDiagnostic, generate } from './generate';
import type { ResolvedOptions } from './options';
import { findSites } from './sites';

export interface FactoryHooks {
  onDiagnostic?: (d: GenerateDiagnostic, sf: TS.SourceFile) => void;
}

export function statetrailFactory(
  ts: typeof TS,
  options: ResolvedOptions,
  hooks: FactoryHooks = {},
): TS.TransformerFactory<TS.SourceFile> {
  return (context) => (sf) => {
    if (sf.isDeclarationFile) return sf;
    const members = options.instruments(sf.fileName);
    const classes = options.tracksClasses(sf.fileName);
    if (!members && !classes) return sf;
    const siteFile = options.relative(sf.fileName);
    const onDiagnostic = hooks.onDiagnostic && ((d: GenerateDiagnostic) => hooks.onDiagnostic!(d, sf));
    let analysis: ReturnType<typeof findSites>;
    try {
      analysis = findSites(ts, sf, { members, variables: members && options.variables, classes });
    } catch (error) {
      const message = `statetrail: could not analyse this file, left as it was (${(error as Error).message})`;
      onDiagnostic?.(diagnosticAt(sf, siteFile, sf, message));
      return sf;
    }
    for (const e of analysis.errors) {
      const message = `statetrail: could not recognise this write, left as it was (${e.message})`;
      onDiagnostic?.(diagnosticAt(sf, siteFile, e.node, message));
    }
    return generate(ts, context, sf, {
      siteFile,
      analysis,
      commonjs: rewritesImports(ts, context.getCompilerOptions(), sf),
      keyed: options.keyed,
      onDiagnostic,
    });
  };
}

/** Whether the emit turns ES imports into another module system for this file. */
function rewritesImports(ts: typeof TS, options: TS.CompilerOptions, sf: TS.SourceFile): boolean {
  const M = ts.ModuleKind;
  const kind = options.module;
  if (kind === undefined || kind === M.None) return false;
  if (kind === M.CommonJS || kind === M.AMD || kind === M.UMD || kind === M.System) return true;
  if (kind >= M.Node16 && kind <= M.NodeNext) return sf.impliedNodeFormat === M.CommonJS;
  return false; // ES2015 / ES2020 / ES2022 / ESNext / Preserve
}
