/**
 * Build-time overhead of instrumentation (issue #4 target: at most 10% over plain transpileModule on
 * >= 300 real .ts files).
 *
 *   node --import tsx bench/transformer-build.ts
 *
 * Corpus: the 332 .ts files (sources and tests) that zod@4.6.7 ships in its npm package, installed at run
 * time into .tmp/zod (npm, cached; nothing of zod is committed). Each round transpiles every file with
 * TS 6 transpileModule (ESNext, ES2022), once plain and once with createTransformer() in `before`
 * (alternating which goes first); 5 rounds after a warm-up, medians reported. Also timed: the bundler
 * route, `instrument()` (parse + rewrite + print with source map; no type stripping).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createTransformer, instrument } from 'statetrail/transformer';
import { ts } from 'ts-morph';
import { installZod } from '../test/transformer/thirdparty';

const root = path.join(installZod(), 'src');
const files: { name: string; code: string }[] = [];
const walk = (d: string) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts'))
      files.push({ name: p, code: fs.readFileSync(p, 'utf8') });
  }
};
walk(root);
const bytes = files.reduce((n, f) => n + f.code.length, 0);

const compilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext };
const transformer = createTransformer({ root }) as any;
let sink = 0;
const plain = () => {
  for (const f of files)
    sink += ts.transpileModule(f.code, { fileName: f.name, compilerOptions }).outputText.length;
};
const instrumented = () => {
  for (const f of files)
    sink += ts.transpileModule(f.code, {
      fileName: f.name,
      compilerOptions,
      transformers: { before: [transformer] },
    }).outputText.length;
};
const bundlerRoute = () => {
  for (const f of files) sink += instrument(f.code, f.name, { root }).code.length;
};
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

plain();
instrumented();
const a: number[] = [];
const b: number[] = [];
const c: number[] = [];
for (let r = 0; r < 5; r++) {
  if (r % 2 === 0) {
    a.push(time(plain));
    b.push(time(instrumented));
  } else {
    b.push(time(instrumented));
    a.push(time(plain));
  }
  c.push(time(bundlerRoute));
}
const sites = files.reduce(
  (n, f) => n + (instrument(f.code, f.name, { root }).code.match(/__st\$p\.s = /g)?.length ?? 0),
  0,
);
console.log(
  `node ${process.version}, ${new Date().toISOString()}, ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB, ${sites} sites (${sink > 0 ? 'ok' : ''})`,
);
console.log(
  `transpileModule plain:            ${median(a).toFixed(0)} ms  (rounds: ${a.map((x) => x.toFixed(0)).join(' ')})`,
);
console.log(
  `transpileModule + statetrail:     ${median(b).toFixed(0)} ms  (rounds: ${b.map((x) => x.toFixed(0)).join(' ')})`,
);
console.log(`overhead:                         ${((median(b) / median(a) - 1) * 100).toFixed(1)}%`);
console.log(`instrument() (bundler route):     ${median(c).toFixed(0)} ms`);
