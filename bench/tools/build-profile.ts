/**
 * Where the transformer's build overhead goes (not part of npm run bench):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof-build --import tsx bench/tools/build-profile.ts [files]
 *   node bench/tools/top-self.cjs /tmp/prof-build/<largest>.cpuprofile 30
 * Compiles the first `files` corpus files (default 80) with transpileModule + the statetrail
 * transformer, three passes, and prints the share of self time spent in transformer/ code.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ROOT } from '../lib/compile';
import { CORPUS_DIR, loadCorpus } from '../scenarios/build';

const count = Number(process.argv[2] ?? 80);
const files = loadCorpus({ quick: false, clock: 'wall', tmp: '' }).slice(0, count);
const { createTransformer } = await import(pathToFileURL(path.join(ROOT, 'transformer/index.ts')).href);
const before = [createTransformer({ root: CORPUS_DIR }, ts)];
const compilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  isolatedModules: true,
};
for (let pass = 0; pass < 3; pass++) {
  const t0 = performance.now();
  for (const f of files)
    ts.transpileModule(f.text, { fileName: f.fileName, compilerOptions, transformers: { before } });
  console.log(`pass ${pass + 1}: ${(performance.now() - t0).toFixed(0)} ms for ${files.length} files`);
}
