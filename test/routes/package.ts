/**
 * The package as npm ships it: `npm pack` of a fresh tsup build (reused when newer than every source),
 * unpacked once per test run into a temp folder that the route projects copy from.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repo = new URL('../../', import.meta.url).pathname;

const SOURCES = ['src', 'decorators', 'transformer', 'cli', 'entries.ts', 'package.json', 'tsup.config.ts'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const f of readdirSync(path, { recursive: true, encoding: 'utf8' }))
    max = Math.max(max, statSync(join(path, f)).mtimeMs);
  return max;
}

function distIsFresh(): boolean {
  try {
    const built = statSync(join(repo, 'dist/index.js')).mtimeMs;
    return SOURCES.every((s) => newest(join(repo, s)) < built);
  } catch {
    return false;
  }
}

export interface Packed {
  /** the `.tgz` that `npm pack` wrote */
  tarball: string;
  /** its contents, unpacked (`package/` in the tarball) */
  dir: string;
  /** removes both */
  remove(): void;
}

export function pack(): Packed {
  if (!distIsFresh())
    execFileSync(process.execPath, [join(repo, 'node_modules/tsup/dist/cli-default.js')], {
      cwd: repo,
      stdio: 'pipe',
    });
  const out = mkdtempSync(join(tmpdir(), 'st-routes-pack-'));
  // --ignore-scripts: `prepare` builds the collector, which the library's tarball does not contain
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', out], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
  const tarball = join(out, name);
  execFileSync('tar', ['-xzf', tarball, '-C', out]);
  return { tarball, dir: join(out, 'package'), remove: () => rmSync(out, { recursive: true, force: true }) };
}
