/**
 * Source maps through statetrail/esbuild point at the real source file (issue 14 item 9): esbuild 0.17
 * (tsup 6) joined an absolute `sources` entry to the file's directory, so stack traces named
 * `src/core/work/…/src/core/box.ts`. Built with the installed esbuild, and with esbuild 0.17 when it
 * is installed as `esbuild-0.17` (`"esbuild-0.17": "npm:esbuild@0.17.19"`) or its main file is given
 * in STATETRAIL_ESBUILD_017.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import statetrail from 'statetrail/esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_CONDITION } from '../../entries';
import { tmp } from './fixture';

const require = createRequire(import.meta.url);

function esbuild017(): string | undefined {
  if (process.env.STATETRAIL_ESBUILD_017) return process.env.STATETRAIL_ESBUILD_017;
  try {
    return require.resolve('esbuild-0.17');
  } catch {
    return undefined;
  }
}

const builds: [string, string | undefined][] = [
  ['installed esbuild', require.resolve('esbuild')],
  ['esbuild 0.17', esbuild017()],
];

const source = `export function fail(o: { k?: number }) {
  o.k = 1;
  throw new Error('boom');
}
fail({});
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('esbuild source maps name the source file', () => {
  for (const [name, main] of builds) {
    it.skipIf(main === undefined)(name, async () => {
      const esbuild = await import(main!);
      const dir = path.join(tmp, `sourcemap-${esbuild.version}`);
      dirs.push(dir);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(path.join(dir, 'src/core'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src/core/box.ts'), source);
      await esbuild.build({
        absWorkingDir: dir,
        entryPoints: ['src/core/box.ts'],
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: 'out/box.mjs',
        sourcemap: true,
        conditions: [SOURCE_CONDITION],
        logLevel: 'silent',
        plugins: [statetrail({ root: dir })],
      });
      const map = JSON.parse(fs.readFileSync(path.join(dir, 'out/box.mjs.map'), 'utf8'));
      const box = map.sources.find((s: string) => s.endsWith('box.ts'));
      expect(path.resolve(dir, 'out', box)).toBe(path.join(dir, 'src/core/box.ts'));
      const run = spawnSync(process.execPath, ['--enable-source-maps', 'out/box.mjs'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(run.stderr).toContain(`${path.join(dir, 'src/core/box.ts')}:3:`);
    });
  }
});
