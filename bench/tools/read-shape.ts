/**
 * Whether tracked instances keep fast properties, and wall time per read, per route (not part of
 * npm run bench): node bench/build.mjs bench/tools/read-shape.ts &&
 *   node --allow-natives-syntax bench/.generated/dist/bench/tools/read-shape.js
 */
import { compileAndImport } from '../lib/compile';

const SOURCE = `
import { tracked } from 'statetrail/decorators';
@tracked
export class Account { x = 0; y = 'a'; }
export function reads(a: Account, n: number): number { let s = 0; for (let i = 0; i < n; i++) s += a.x; return s; }
`;
const N = 1_000_000;
const fast = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
for (const legacy of [false, true]) {
  const mod = await compileAndImport(`read-shape-${legacy}`, SOURCE, { legacyDecorators: legacy });
  const a = new mod.Account();
  const times: number[] = [];
  for (let r = 0; r < 9; r++) {
    const t0 = process.hrtime.bigint();
    mod.reads(a, N);
    times.push(Number(process.hrtime.bigint() - t0) / N);
  }
  times.sort((x, y) => x - y);
  console.log(
    `${legacy ? 'legacy  ' : 'standard'} fast properties: ${fast(a)}, ${times[4]!.toFixed(2)} ns per read`,
  );
}
