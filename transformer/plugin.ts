/**
 * The bundler-neutral plugin (unplugin): one factory, thin adapters in vite.ts, esbuild.ts, rollup.ts,
 * webpack.ts. Runs before the host's own TypeScript handling (`enforce: 'pre'`) and returns TypeScript
 * with the writes rewritten plus a source map, so the host compiles it with its own settings.
 * Uses the TypeScript 6 bundled with statetrail (never the user's `typescript`, which may be 7).
 */
import { createUnplugin, type UnpluginFactory } from 'unplugin';
import { formatDiagnostic, instrument } from './instrument';
import { resolveOptions, type TransformerOptions } from './options';

/** Files that can contain writes; the finer include/exclude globs are applied in `instrument`. */
const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;

export const unpluginFactory: UnpluginFactory<TransformerOptions | undefined> = (options) => {
  const resolved = resolveOptions(options); // validated and compiled once per plugin instance
  // An `include` (or `classes`) that matches none of the sources the host hands over is a mistake
  // (globs are relative to `root`): said once per plugin instance, at the end of the first build.
  let seen = 0;
  let matched = false;
  let warned = options?.include === undefined && options?.classes === undefined;
  return {
    name: 'statetrail',
    enforce: 'pre',
    buildEnd() {
      if (warned || seen === 0 || matched) return;
      warned = true;
      // unplugin's build context has no warn(); console.warn reaches every host's terminal
      console.warn(
        `statetrail: include ${JSON.stringify(options?.include ?? null)} / classes ${JSON.stringify(options?.classes ?? null)} matched none of the ${seen} source files of this build (globs are relative to root ${resolved.root}): nothing was instrumented`,
      );
    },
    transform: {
      filter: {
        id: { include: [SOURCE], exclude: [/^\0/, /^virtual:/, /[\\/]node_modules[\\/]/, /\.d\.[cm]?ts$/] },
      },
      handler(code, id) {
        const file = id.replace(/[?#].*$/, '');
        seen++;
        if (!matched && (resolved.instruments(file) || resolved.tracksClasses(file))) matched = true;
        const result = instrument(code, file, resolved);
        for (const d of result.diagnostics) this.warn(formatDiagnostic(d));
        if (!result.changed) return null;
        return { code: result.code, map: result.map as any };
      },
    },
  };
};

export const unplugin = /* @__PURE__ */ createUnplugin(unpluginFactory);
export type { TransformerOptions };
