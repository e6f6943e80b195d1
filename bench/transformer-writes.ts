/**
 * Cost of instrumentation at run time (issue #4 target: writes to untracked objects at most 1.3x).
 *
 *   node --import tsx bench/transformer-writes.ts
 *
 * The same TypeScript is compiled with TS 6 transpileModule (CommonJS, ES2022), plain and with the
 * transformer, and run against the real runtime (statetrail/runtime). Every measurement runs in a fresh
 * child process (V8 feedback of one variant never affects the other); variants alternate, 5 processes
 * each; each process reports the median of 15 rounds after a warm-up; the median of the 5 is printed.
 * Loops: `tight` is three bare writes per iteration (the worst case: a write is ~1-2 ns there);
 * `orders` updates order lines (reads, arithmetic and 3 writes per line); `orders-old` is the same after
 * the order was promoted to V8's old space by three full GCs, as long-lived application state is (the
 * old protocol's `pending.t = base` store took the write barrier's fast path); `tracked` writes through a track()
 * proxy (every write recorded).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as core from 'statetrail';
import * as runtime from 'statetrail/runtime';
import { createTransformer } from 'statetrail/transformer';
import { ts } from 'ts-morph';

const source = `
export function tight(n: number) {
  const o = { a: 0, b: 0, c: [0, 0, 0, 0] };
  for (let i = 0; i < n; i++) {
    o.a = i;
    o.b += i;
    o.c[i & 3] = i;
  }
  return o.a + o.b + o.c[0];
}
interface Line { sku: string; qty: number; price: number; total: number }
export function makeOrder() {
  const lines: Line[] = [];
  for (let i = 0; i < 1000; i++) lines.push({ sku: 's' + i, qty: 0, price: (i % 7) + 1, total: 0 });
  return { lines, sum: 0, count: 0 };
}
export function orders(order: { lines: Line[]; sum: number; count: number }, n: number) {
  for (let r = 0; r < n / 1000; r++) {
    order.sum = 0;
    for (const line of order.lines) {
      line.qty = (line.qty + 1) % 10;
      line.total = line.qty * line.price;
      order.sum += line.total;
    }
    order.count++;
  }
  return order.sum;
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

type Mod = Record<string, (...a: any[]) => any>;
function load(instrumented: boolean): Mod {
  const js = ts.transpileModule(source, {
    fileName: '/bench/loop.ts',
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    transformers: instrumented ? { before: [createTransformer({ root: '/bench' }) as any] } : undefined,
  }).outputText;
  const mod = { exports: {} as Mod };
  const req = (id: string) =>
    id === 'statetrail/runtime' ? runtime : id === 'statetrail' ? core : undefined;
  new Function('require', 'module', 'exports', js)(req, mod, mod.exports);
  return mod.exports;
}

function measure(fn: (n: number) => unknown, n: number, writesPerUnit: number): number {
  for (let i = 0; i < 5; i++) fn(n);
  const samples: number[] = [];
  for (let r = 0; r < 15; r++) {
    const t0 = process.hrtime.bigint();
    fn(n);
    samples.push(Number(process.hrtime.bigint() - t0) / (n * writesPerUnit));
  }
  samples.sort((a, b) => a - b);
  return samples[7]!;
}

const [, , scenario, variant] = process.argv;
if (scenario) {
  const m = load(variant === 'instrumented');
  core.configure({ historyLimit: 10_000 });
  let ns = 0;
  if (scenario === 'tight') ns = measure((n) => m.tight!(n), 2_000_000, 3);
  if (scenario === 'orders' || scenario === 'orders-old') {
    const order = m.makeOrder!();
    // long-lived state lives in V8's old space; with no allocation in the loop nothing is ever promoted
    if (scenario === 'orders-old') for (let i = 0; i < 3; i++) (globalThis as any).gc();
    ns = measure((n) => m.orders!(order, n), 1_000_000, 3);
  }
  if (scenario === 'tracked')
    ns = measure((n) => m.tracked!(core.track({ a: 0, b: 0, c: [0, 0, 0, 0] }), n), 100_000, 3);
  process.stdout.write(String(ns));
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (s: string, v: string) =>
    Number(
      execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, s, v], { encoding: 'utf8' }),
    );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  console.log('scenario | plain ns/write | instrumented ns/write | ratio');
  for (const s of ['tight', 'orders', 'orders-old', 'tracked']) {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 5; i++) {
      a.push(run(s, 'plain'));
      b.push(run(s, 'instrumented'));
    }
    console.log(
      `${s} | ${median(a).toFixed(2)} | ${median(b).toFixed(2)} | ${(median(b) / median(a)).toFixed(2)}x   (plain: ${a.map((x) => x.toFixed(1)).join(' ')}; instrumented: ${b.map((x) => x.toFixed(1)).join(' ')})`,
    );
  }
}
