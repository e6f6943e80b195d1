/**
 * Decorated instances: reads, recorded writes and construction against plain class instances,
 * and MobX 7 observe() collecting the same write events, in one process.
 *
 *   NODE_ENV=production node --import tsx bench/decorators-fields.ts
 *
 * tsx lowers the standard decorators with esbuild. Each figure is the median of 15 rounds.
 */
process.env.NODE_ENV ??= 'production';
const { tracked } = await import('statetrail/decorators');
const { track } = await import('statetrail');
const { makeObservable, observable, observe } = await import('mobx');

class Plain {
  qty = 0;
  price = 1;
  sku = 'a';
}

@tracked
class Tracked {
  qty = 0;
  price = 1;
  sku = 'a';
}

class Mobx {
  qty = 0;
  price = 1;
  sku = 'a';
  constructor() {
    makeObservable(this, { qty: observable, price: observable, sku: observable });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** ns per operation of `body(n)`, which performs n operations. */
function measure(body: (n: number) => unknown, n: number, rounds = 15): number {
  body(n); // warm up
  body(n);
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    body(n);
    out.push(Number(process.hrtime.bigint() - t) / n);
  }
  return median(out);
}

let sink = 0;
const N = 1000;
const plains = Array.from({ length: N }, () => new Plain());
const trackeds = Array.from({ length: N }, () => new Tracked());

const readPlain = measure((n) => {
  let s = 0;
  for (let k = 0; k < n; k += N) for (let i = 0; i < N; i++) s += plains[i]!.qty;
  sink += s;
}, 2_000_000);
const readTracked = measure((n) => {
  let s = 0;
  for (let k = 0; k < n; k += N) for (let i = 0; i < N; i++) s += trackeds[i]!.qty;
  sink += s;
}, 2_000_000);

const p = new Plain();
const t = new Tracked();
const writePlain = measure((n) => {
  for (let i = 0; i < n; i++) p.qty = i;
}, 1_000_000);
const writeTracked = measure((n) => {
  for (let i = 0; i < n; i++) t.qty = i;
}, 1_000_000);

const tp = track({ qty: 0, price: 1, sku: 'a' });
const writeTrack = measure((n) => {
  for (let i = 0; i < n; i++) tp.qty = i;
}, 1_000_000);

const mx = new Mobx();
const events: unknown[] = [];
observe(mx, (e) => {
  events.push(e);
  if (events.length > 10_000) events.length = 0;
});
const writeMobx = measure((n) => {
  for (let i = 0; i < n; i++) mx.qty = i;
}, 200_000);

const keep: object[] = new Array(N);
const newPlain = measure((n) => {
  for (let i = 0; i < n; i++) keep[i % N] = new Plain();
}, 200_000);
const newTracked = measure((n) => {
  for (let i = 0; i < n; i++) keep[i % N] = new Tracked();
}, 50_000);
const newMobx = measure((n) => {
  for (let i = 0; i < n; i++) keep[i % N] = new Mobx();
}, 50_000);

const row = (name: string, ns: number, base?: number) =>
  `| ${name} | ${ns.toFixed(1)} | ${base === undefined ? '' : `${(ns / base).toFixed(2)}x`} |`;
console.log('| operation | ns/op | vs plain |');
console.log('|---|---|---|');
console.log(row('read a field: plain instance', readPlain));
console.log(row('read a field: @tracked instance', readTracked, readPlain));
console.log(row('write a field: plain instance', writePlain));
console.log(row('write a field: @tracked, recorded (history only)', writeTracked, writePlain));
console.log(row('write a field: track() proxy, recorded (same core path)', writeTrack, writePlain));
console.log(row('write a field: MobX 7 observable + observe() collecting', writeMobx, writePlain));
console.log(row('construct: plain (3 fields)', newPlain));
console.log(row('construct: @tracked (3 fields)', newTracked, newPlain));
console.log(row('construct: MobX 7 makeObservable (3 fields)', newMobx, newPlain));
if (sink === 42) console.log('');

export {};
