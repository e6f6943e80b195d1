/**
 * The TransformerFactory shared by every delivery: decides per file what to do (options), finds the
 * sites (sites.ts) and generates code (generate.ts). Works with any TypeScript 6 compiler API object
 * handed in (`ts` of ts-patch, the user's own in transpileModule, or the one bundled in ts-morph).
 */
import type * as TS from 'typescript';
import { type GenerateDiagnostic, generate } from './generate';
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
    const analysis = findSites(ts, sf, { members, variables: members && options.variables, classes });
    const moduleKind = context.getCompilerOptions().module;
    return generate(ts, context, sf, {
      siteFile: options.relative(sf.fileName),
      analysis,
      commonjs: moduleKind === ts.ModuleKind.CommonJS,
      onDiagnostic: hooks.onDiagnostic && ((d) => hooks.onDiagnostic!(d, sf)),
    });
  };
}
