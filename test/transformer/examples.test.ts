/** examples/tsc, examples/vite, examples/tsup: each is copied, built with its own tool and run. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packStatetrail, repo, runNode, tmp } from './fixture';

async function prepareExample(name: string): Promise<string> {
  const pkg = await packStatetrail();
  const dir = path.join(tmp, `example-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(repo, 'examples', name), dir, {
    recursive: true,
    filter: (f) => !/[\\/](node_modules|dist)$/.test(f),
  });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(pkg, path.join(dir, 'node_modules/statetrail'), 'dir');
  return dir;
}

const expected = [
  'items.apple 3 -> 1  at src/inventory.ts:7:3  inventory.items[item] -= qty',
  'updatedBy "" -> "till-1"  at src/inventory.ts:8:3  inventory.updatedBy = who',
  'items.pear 0 -> 5  at src/inventory.ts:13:3  inventory.items[item] += qty',
  'items.kiwi undefined -> 0  at src/inventory.ts:12:3  inventory.items[item] ??= 0',
  'items.kiwi 0 -> 1  at src/inventory.ts:13:3  inventory.items[item] += qty',
];
const lines = (s: string) => s.trim().split('\n');

describe('examples', { timeout: 180_000 }, () => {
  it('examples/tsc: statetrail build -p tsconfig.json, and tspc', async () => {
    const dir = await prepareExample('tsc');
    fs.writeFileSync(
      path.join(dir, 'src/statetrail.d.ts'),
      "declare module 'statetrail' { export function track<T extends object>(v: T): T; export const history: { changes(): any[] }; }\n",
    );
    execFileSync(
      process.execPath,
      [path.join(dir, 'node_modules/statetrail/dist/cli.cjs'), 'build', '-p', 'tsconfig.json'],
      { cwd: dir },
    );
    expect(lines(runNode('dist/main.js', dir))).toEqual(expected);
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    execFileSync(
      process.execPath,
      [path.join(repo, 'node_modules/ts-patch/bin/tspc.js'), '-p', 'tsconfig.json'],
      { cwd: dir },
    );
    expect(lines(runNode('dist/main.js', dir))).toEqual(expected);
  });

  it('examples/vite: vite build with statetrail/vite from vite.config.ts', async () => {
    const dir = await prepareExample('vite');
    execFileSync(
      process.execPath,
      [path.join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'silent'],
      {
        cwd: dir,
        env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      },
    );
    expect(lines(runNode('dist/main.js', dir))).toEqual(expected);
    // and Vitest, reading the same vite.config.ts
    const out = execFileSync(process.execPath, [path.join(repo, 'node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', CI: 'true' },
    });
    expect(out).toMatch(/1 passed/);
  });

  it('examples/tsup: tsup with statetrail/esbuild in esbuildPlugins', async () => {
    const dir = await prepareExample('tsup');
    execFileSync(process.execPath, [path.join(repo, 'node_modules/tsup/dist/cli-default.js')], {
      cwd: dir,
      stdio: 'ignore',
    });
    expect(lines(runNode('dist/main.js', dir))).toEqual(expected);
  });
});
