/**
 * Where things are, whether the suite runs from its sources (`node --import tsx bench/run.ts`) or from
 * the esbuild bundle that `npm run bench` builds first (bench/build.mjs → bench/.generated/dist/).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (
      existsSync(file) &&
      (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'statetrail'
    )
      return dir;
    if (path.dirname(dir) === dir) throw new Error('bench: cannot find the statetrail package root');
  }
}

const here = fileURLToPath(import.meta.url);
export const ROOT = findRoot(path.dirname(here));
export const DIST = path.join(ROOT, 'bench', '.generated', 'dist');
/** Running from the bundle (no tsx): every statetrail module must then come from the bundle too. */
export const BUILT = here.startsWith(DIST);

/** Public entry points of the package, by name: sources, and their place in the bundle. */
const ENTRIES: Record<string, string> = {
  statetrail: 'src/index',
  'statetrail/runtime': 'src/runtime',
  'statetrail/decorators': 'decorators/index',
  'statetrail/transformer': 'transformer/index',
};

/** The file of an entry point in the current mode, or undefined when it is not on this branch. */
export function entryFile(name: string): string | undefined {
  const base = ENTRIES[name];
  if (base === undefined) return undefined;
  const file = BUILT ? path.join(DIST, `${base}.js`) : path.join(ROOT, `${base}.ts`);
  return existsSync(file) ? file : undefined;
}

export function entryUrl(name: string): string | undefined {
  const file = entryFile(name);
  return file === undefined ? undefined : pathToFileURL(file).href;
}

/** How to start a script of bench/ in a child process, in the current mode. */
export function scriptArgs(script: string): string[] {
  return BUILT
    ? [path.join(DIST, 'bench', `${script}.js`)]
    : ['--import', 'tsx', path.join(ROOT, 'bench', `${script}.ts`)];
}
