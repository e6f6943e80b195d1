/**
 * The package as it ships, for child processes: tsup.config.ts's own build (no declarations) into
 * .tmp/register-pkg/dist with the real package.json, so `statetrail/register` resolves through its
 * `exports` exactly as in a user's project. Built once per test run, in its own folder (dist/ is
 * test/dist.test.ts's).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Options } from 'tsup';
import config from '../../tsup.config';

export const repo = fileURLToPath(new URL('../../', import.meta.url));

let built: Promise<string> | undefined;

export function builtPackage(): Promise<string> {
  built ??= (async () => {
    const dir = path.join(repo, '.tmp/register-pkg');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    await build({ ...(config as Options), outDir: path.join(dir, 'dist'), dts: false, silent: true });
    fs.copyFileSync(path.join(repo, 'package.json'), path.join(dir, 'package.json'));
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return dir;
  })();
  return built;
}

/**
 * A temporary project outside the repository (whose tsconfig.json would be the nearest one): `files`
 * written, statetrail linked into node_modules. Remove it with `rmSync`.
 */
export async function project(name: string, files: Record<string, string>): Promise<string> {
  const pkg = await builtPackage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `statetrail-register-${name}-`));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(pkg, path.join(dir, 'node_modules/statetrail'), 'dir');
  return dir;
}
