/**
 * Cost of instrumentation at run time (issue #4 target: writes to untracked objects at most 1.3x).
 *
 *   node --import tsx bench/transformer-writes.ts
 *
 * The same TypeScript is compiled twice with TS 6 transpileModule (CommonJS, ES2022): plain, and with the
 * transformer; both run in this process against the real runtime (statetrail/runtime). Each scenario runs
 * 15 rounds of N writes after a warm-up; the median ns per write is reported.
 */
import * as core from 'statetrail';
import * as runtime from 'statetrail/runtime';
import { createTransformer } from 'statetrail/transformer';
import { ts } from 'ts-morph';

const source = `
export function untracked(n: number) {
  const o = { a: 0, b: 0, c: [0, 0, 0, 0] };
  for (let i = 0; i < n; i++) {
    o.a = i;
    o.b += i;
    o.c[i & 3] = i;
  }
  return o.a + o.b + o.c[0];
}
export function tracked(t: { a: number; b: number; c: number[] }, n: number) {
  for (let i = 0; i < n; i++) {
    t.a = i;
    t.b += 1;
    t.c[i & 3] = i;
  }
  return t.a;
}
`;

function load(instrumented: boolean) {
  const js = ts.transpileModule(source, {
    fileName: '/bench/loop.ts',
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    transformers: instrumented ? { before: [createTransformer({ root: '/bench' }) as any] } : undefined,
  }).outputText;
  const mod = { exports: {} as Record<string, any> };
  const req = (id: string) =>
    id === 'statetrail/runtime' ? runtime : id === 'statetrail' ? core : undefined;
  new Function('require', 'module', 'exports', js)(req, mod, mod.exports);
  return mod.exports as { untracked(n: number): number; tracked(t: object, n: number): number };
}

function measure(fn: (n: number) => unknown, n: number, writesPerIteration: number): number {
  for (let i = 0; i < 5; i++) fn(n);
  const samples: number[] = [];
  for (let r = 0; r < 15; r++) {
    const t0 = process.hrtime.bigint();
    fn(n);
    samples.push(Number(process.hrtime.bigint() - t0) / (n * writesPerIteration));
  }
  samples.sort((a, b) => a - b);
  return samples[7]!;
}

const plain = load(false);
const instr = load(true);
const N = 2_000_000;
const rows: [string, number, number][] = [];
const u0 = measure((n) => plain.untracked(n), N, 3);
const u1 = measure((n) => instr.untracked(n), N, 3);
rows.push(['untracked object, 3 writes/iteration', u0, u1]);

core.configure({ historyLimit: 10_000 });
const M = 200_000;
const t0 = measure((n) => plain.tracked(core.track({ a: 0, b: 0, c: [0, 0, 0, 0] }), n), M, 3);
const t1 = measure((n) => instr.tracked(core.track({ a: 0, b: 0, c: [0, 0, 0, 0] }), n), M, 3);
rows.push(['track() proxy (recorded), 3 writes/iteration', t0, t1]);

console.log(`node ${process.version}, ${new Date().toISOString()}`);
console.log('scenario | plain ns/write | instrumented ns/write | ratio');
for (const [name, a, b] of rows)
  console.log(`${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b / a).toFixed(2)}x`);
