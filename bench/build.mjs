// Bundles the benchmark suite with esbuild, as tsup bundles dist/: one ESM bundle with shared chunks,
// so the suite, the fixtures it compiles at run time and the memory child all load one copy of each
// statetrail module. Why not tsx: it compiles with keepNames, which wraps every closure created at
// run time in a __name() call (Object.defineProperty); that doubled the cost of the observer path.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'bench', '.generated', 'dist');
const entries = [
  'bench/run.ts',
  'bench/memory-child.ts',
  'bench/group-child.ts',
  'src/index.ts',
  'src/runtime.ts',
  'decorators/index.ts',
  'transformer/index.ts',
  ...process.argv.slice(2), // extra entries, e.g. bench/tools/class-hotpath.ts for profiling
].filter((f) => existsSync(path.join(root, f)));

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(entries.map((f) => [f.replace(/\.ts$/, ''), f])),
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'error',
});
