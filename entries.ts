/**
 * The package's entry points, read from package.json `exports` (the one list): each subpath names
 * its source under the `statetrail-source` condition. tsup builds one entry per subpath, vitest
 * aliases the public names to the sources (or, with STATETRAIL_DIST, to the built files), and
 * tsconfig's `customConditions` lets TypeScript resolve the same names by self-reference.
 */
import { readFileSync } from 'node:fs';

export const SOURCE_CONDITION = 'statetrail-source';

export interface Entry {
  /** The import specifier: `statetrail`, `statetrail/vite`. */
  specifier: string;
  /** The tsup entry name, from the built file's name: `index`, `vite`. */
  name: string;
  source: string;
  import: string;
  require: string;
}

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export const entries: readonly Entry[] = Object.entries(pkg.exports as Record<string, unknown>).flatMap(
  ([subpath, target]) => {
    if (typeof target !== 'object' || target === null || !(SOURCE_CONDITION in target)) return [];
    const t = target as Record<string, string>;
    return [
      {
        specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
        name: t.import!.replace(/^\.\/dist\//, '').replace(/\.js$/, ''),
        source: t[SOURCE_CONDITION]!,
        import: t.import!,
        require: t.require!,
      },
    ];
  },
);
