/**
 * Build-time overhead of instrumentation (issue #4 target: at most 10% over plain transpileModule on
 * >= 300 real .ts files).
 *
 *   node --import tsx bench/transformer-build.ts
 *
 * Corpus: the 332 .ts files (sources and tests) that zod@4.6.7 ships in its npm package, installed at run
 * time into .tmp/zod (npm, cached; nothing of zod is committed). Each pass transpiles every file with
 * TS 6 transpileModule (ESNext, ES2022) three ways, interleaved per file in rotating order: plain, with a
 * no-op transformer in `before` (shows the noise floor), and with createTransformer(); 12 passes after a
 * warm-up (STATETRAIL_BUILD_PASSES), each printed with its ratios so the spread can be compared with the
 * 10% margin; times are CPU time of the process. Then timed apart (2 passes): the bundler route, `instrument()` (parse + rewrite + print
 * with source map).
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
const noop = (() => (sf: any) => sf) as any;
let sink = 0;
/** CPU time of this thread (ms): load from other processes on the shared machine inflates wall time. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const once = (f: { name: string; code: string }, t?: any) => {
  const s = cpu();
  sink += ts.transpileModule(f.code, {
    fileName: f.name,
    compilerOptions,
    transformers: t ? { before: [t] } : undefined,
  }).outputText.length;
  return cpu() - s;
};
const pct = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(1)}%`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Paired and interleaved: every file is transpiled plain, with a no-op transformer and with statetrail, in
// rotating order, so that load from other processes on the machine hits all three alike.
for (const f of files) {
  once(f);
  once(f, transformer);
}
const passes: { plain: number; noop: number; statetrail: number }[] = [];
const count = Number(process.env.STATETRAIL_BUILD_PASSES ?? 12);
for (let pass = 0; pass < count; pass++) {
  const t = { plain: 0, noop: 0, statetrail: 0 };
  files.forEach((f, i) => {
    const order = [0, 1, 2].map((k) => (k + i + pass) % 3);
    for (const k of order) {
      if (k === 0) t.plain += once(f);
      else if (k === 1) t.noop += once(f, noop);
      else t.statetrail += once(f, transformer);
    }
  });
  passes.push(t);
  console.error(`pass ${pass + 1}: ${pct(t.statetrail, t.plain)} (no-op ${pct(t.noop, t.plain)})`);
}
const instrumentMs: number[] = [];
for (let pass = 0; pass < 2; pass++) {
  const s = performance.now();
  for (const f of files) sink += instrument(f.code, f.name, { root }).code.length;
  instrumentMs.push(performance.now() - s);
}
const sites = files.reduce(
  (n, f) =>
    n +
    (instrument(f.code, f.name, { root }).code.match(/__st\$a\$?\(|__st\$p\$?\.s = __st\$s/g)?.length ?? 0),
  0,
);
console.log(
  `node ${process.version}, ${new Date().toISOString()}, ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB, ${sites} member-write sites (${sink > 0 ? 'ok' : ''})`,
);
console.log('pass | plain ms | no-op transformer ms | statetrail ms | statetrail vs plain | no-op vs plain');
for (const [i, t] of passes.entries()) {
  console.log(
    `${i + 1} | ${t.plain.toFixed(0)} | ${t.noop.toFixed(0)} | ${t.statetrail.toFixed(0)} | ${pct(t.statetrail, t.plain)} | ${pct(t.noop, t.plain)}`,
  );
}
const ratios = passes.map((t) => t.statetrail / t.plain).sort((a, b) => a - b);
const floor = passes.map((t) => t.noop / t.plain).sort((a, b) => a - b);
const quartiles = (xs: number[]) =>
  `${pct(xs[Math.floor(xs.length / 4)]!, 1)} .. ${pct(xs[Math.floor((3 * xs.length) / 4)]!, 1)}`;
console.log(
  `median overhead of statetrail over plain transpileModule: ${pct(median(ratios), 1)} (interquartile ${quartiles(ratios)}; no-op transformer: ${pct(median(floor), 1)}, interquartile ${quartiles(floor)})`,
);
console.log(`instrument() for all files: ${instrumentMs.map((x) => x.toFixed(0)).join(', ')} ms`);
