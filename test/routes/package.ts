/**
 * The package as npm ships it: `npm pack` of a tsup build, staged in a temp folder (package.json,
 * README.md, LICENSE, docs/ and dist/) so the repo's own dist/ is never written — test/dist.test.ts
 * rebuilds that one, possibly at the same time. A fresh repo dist/ (newer than every source) is copied
 * instead of rebuilt, and used only if it did not change while being copied.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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

/** `name → mtime` of every file under `dir`, or null when it has none. */
function listing(dir: string): string | null {
  try {
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    return files.length === 0 ? null : files.map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`).join('\n');
  } catch {
    return null;
  }
}

/** Copies the repo's dist/ to `to` when it is fresh and stayed the same during the copy. */
function copyFreshDist(to: string): boolean {
  const dist = join(repo, 'dist');
  const before = listing(dist);
  if (
    before === null ||
    !SOURCES.every((s) => newest(join(repo, s)) < statSync(join(dist, 'index.js')).mtimeMs)
  )
    return false;
  cpSync(dist, to, { recursive: true });
  return listing(dist) === before && listing(to)?.split('\n').length === before.split('\n').length;
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
  const out = mkdtempSync(join(tmpdir(), 'st-routes-pack-'));
  const stage = join(out, 'stage');
  mkdirSync(stage);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'docs'])
    cpSync(join(repo, f), join(stage, f), { recursive: true });
  if (!copyFreshDist(join(stage, 'dist'))) {
    rmSync(join(stage, 'dist'), { recursive: true, force: true });
    execFileSync(
      process.execPath,
      [join(repo, 'node_modules/tsup/dist/cli-default.js'), '--out-dir', join(stage, 'dist')],
      {
        cwd: repo,
        stdio: 'pipe',
      },
    );
  }
  // --ignore-scripts: `prepare` builds the collector, which the library's tarball does not contain
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', out], {
    cwd: stage,
    encoding: 'utf8',
  }).trim();
  const tarball = join(out, name);
  execFileSync('tar', ['-xzf', tarball, '-C', out]);
  return { tarball, dir: join(out, 'package'), remove: () => rmSync(out, { recursive: true, force: true }) };
}
