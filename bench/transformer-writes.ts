/**
 * Cost of instrumentation at run time: writes to untracked objects (target at most 1.3x plain), in the
 * default write form (at/done) and in the keyed form of option `classes` (atKey/doneKey), and recorded
 * writes to a `classes` instance (a plain object, no accessor).
 *
 *   node --expose-gc --import tsx bench/transformer-writes.ts
 *
 * The same TypeScript is compiled with TS 6 transpileModule (CommonJS, ES2022): plain, with the default
 * transformer, and with `classes` (keyed form), and run against the real runtime. Variants: `plain`,
 * `default`, `keyed-idle` (the classes option, but no instance of a `classes` class exists yet: one flag
 * check), `keyed` (one exists, so every write looks its target up). Every measurement runs in a fresh
 * child process (V8 feedback of one variant never affects another); variants alternate, 5 processes
 * each; each reports the median of 15 rounds after a warm-up; the median of the 5 is printed, with the
 * ratio to `plain`.
 * Scenarios: `tight` three bare writes per iteration to an untracked object (the worst case: a write is
 * ~1-2 ns there); `orders` order lines updated (reads, arithmetic, 3 writes per line) on untracked
 * objects; `orders-old` the same after the order was promoted to V8's old space by three full GCs, as
 * long-lived application state is; `instance` three writes per iteration to an instance of a class in
 * the glob (recorded under `keyed` and `keyed-idle`, which then has an instance too); its `default`
 * column writes through a track() proxy instead (every write recorded), the same-run reference for the
 * cost of a recorded write.
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
export class Counter { a = 0; b = 0; c = [0, 0, 0, 0]; }
export function instance(t: Counter, n: number) {
  for (let i = 0; i < n; i++) {
    t.a = i;
    t.b += 1;
    t.c[i & 3] = i;
  }
  return t.a;
}
`;

type Mod = Record<string, any>;
function load(variant: string): Mod {
  const options = variant.startsWith('keyed') ? { root: '/bench', classes: '**' } : { root: '/bench' };
  const js = ts.transpileModule(source, {
    fileName: '/bench/loop.ts',
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    transformers: variant === 'plain' ? undefined : { before: [createTransformer(options) as any] },
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
if (scenario && variant) {
  const m = load(variant);
  core.configure({ historyLimit: 10_000 });
  if (variant !== 'keyed-idle') new m.Counter(); // `keyed`: an instance exists, writes look targets up
  let ns = 0;
  if (scenario === 'tight') ns = measure((n) => m.tight(n), 2_000_000, 3);
  if (scenario === 'orders' || scenario === 'orders-old') {
    const order = m.makeOrder();
    // long-lived state lives in V8's old space; with no allocation in the loop nothing is ever promoted
    if (scenario === 'orders-old') for (let i = 0; i < 3; i++) (globalThis as any).gc();
    ns = measure((n) => m.orders(order, n), 1_000_000, 3);
  }
  if (scenario === 'instance') {
    const target = () =>
      variant === 'default' ? core.track({ a: 0, b: 0, c: [0, 0, 0, 0] }) : new m.Counter();
    ns = measure((n) => m.instance(target(), n), 100_000, 3);
  }
  process.stdout.write(String(ns));
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (s: string, v: string) =>
    Number(
      execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, s, v], { encoding: 'utf8' }),
    );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const variants = ['plain', 'default', 'keyed-idle', 'keyed'];
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  console.log(`scenario | ${variants.map((v) => `${v} ns/write`).join(' | ')} | ratios to plain`);
  for (const s of ['tight', 'orders', 'orders-old', 'instance']) {
    const samples: number[][] = variants.map(() => []);
    for (let i = 0; i < 5; i++) for (const [j, v] of variants.entries()) samples[j]!.push(run(s, v));
    const med = samples.map(median);
    console.log(
      `${s} | ${med.map((x) => x.toFixed(2)).join(' | ')} | ${med.map((x) => `${(x / med[0]!).toFixed(2)}x`).join(' ')}`,
    );
  }
}
