/**
 * What the Vite plugin's decorator lowering costs per file, next to statetrail's own `instrument()`:
 *
 *   node --import tsx bench/tools/vite-decorators.ts
 *
 * A file without decorators is only scanned (hasDecorators); a decorated one is also lowered with
 * TypeScript 6 transpileModule. Mean of 200 calls after 20 warm-up calls, same run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instrument } from '../../transformer/instrument';
import { hasDecorators, lowerDecorators } from '../../transformer/vite-decorators';

const file = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const plain = file('src/tracking/record.ts');
const decorated = file('examples/decorators/audit.ts');
const [p, d] = [readFileSync(plain, 'utf8'), readFileSync(decorated, 'utf8')];

function time(name: string, fn: () => unknown, n = 200): number {
  for (let i = 0; i < 20; i++) fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  const ms = (performance.now() - start) / n;
  console.log(`${name.padEnd(44)} ${ms.toFixed(3)} ms`);
  return ms;
}

const scan = time('hasDecorators(src/tracking/record.ts)', () => hasDecorators(p, plain));
const instrumentPlain = time('instrument(src/tracking/record.ts)', () => instrument(p, plain, {}));
time('hasDecorators(examples/decorators/audit.ts)', () => hasDecorators(d, decorated));
const lower = time('lowerDecorators(examples/decorators/audit.ts)', () => lowerDecorators(d, decorated));
const instrumentDecorated = time('instrument(examples/decorators/audit.ts)', () =>
  instrument(d, decorated, {}),
);
console.log(`scan / instrument, undecorated file: ${(scan / instrumentPlain).toFixed(3)}`);
console.log(`lowering / instrument, decorated file: ${(lower / instrumentDecorated).toFixed(2)}`);
