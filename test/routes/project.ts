/**
 * A fresh user project in a temp folder with the packed statetrail "installed" into it.
 *
 * Why not `npm install <tarball>`: `npm ci` caches tarballs but not the registry's package documents,
 * so `npm install <tarball> --offline` fails with ENOTCACHED for statetrail's own dependencies, and the
 * tests must not reach the registry. So the tarball's contents are copied to `node_modules/statetrail`
 * (what npm would unpack there), its dependencies and the host tools a route needs (vite, webpack,
 * typescript, ts-patch, …) are symlinked from the repo's node_modules, and `node_modules/.bin` gets
 * the links npm would make — so `npx tspc`, `npx statetrail build` and the configs run as a user's.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Packed, repo } from './package';

export interface ProjectSpec {
  /** package.json `type` */
  type: 'module' | 'commonjs';
  /** relative path → contents */
  files: Record<string, string>;
  /** host packages from the repo's node_modules, e.g. `['vite', 'vitest']` */
  tools?: string[];
}

export interface Project {
  dir: string;
  /** runs a command in the project (no shell), resolving with its output whatever the exit code */
  run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  remove(): void;
}

function link(dir: string, name: string, target = join(repo, 'node_modules', name)): void {
  const at = join(dir, 'node_modules', name);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at);
}

function linkBins(dir: string, name: string, pkgDir: string): void {
  const { bin } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const bins: Record<string, string> =
    typeof bin === 'string' ? { [name.split('/').pop()!]: bin } : (bin ?? {});
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  for (const [cmd, file] of Object.entries(bins)) {
    chmodSync(join(pkgDir, file), 0o755);
    symlinkSync(join(pkgDir, file), join(dir, 'node_modules/.bin', cmd));
  }
}

// The child must not think it is inside this Vitest run (a nested Vitest reads these).
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST',
  ),
);
env.NODE_ENV = '';
env.NO_COLOR = '1';
// `npx tool` runs the linked bin; a missing one fails instead of being fetched from the registry
env.npm_config_yes = 'false';
env.npm_config_offline = 'true';

export function createProject(pkg: Packed, name: string, spec: ProjectSpec): Project {
  const dir = mkdtempSync(join(tmpdir(), `st-route-${name}-`));
  const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      private: true,
      type: spec.type,
      dependencies: { statetrail: `file:${pkg.tarball}` },
    }),
  );
  cpSync(pkg.dir, join(dir, 'node_modules/statetrail'), { recursive: true });
  linkBins(dir, 'statetrail', join(dir, 'node_modules/statetrail'));
  for (const dep of Object.keys(manifest.dependencies ?? {})) link(dir, dep);
  for (const tool of spec.tools ?? []) {
    link(dir, tool);
    linkBins(dir, tool, join(repo, 'node_modules', tool));
  }
  for (const [file, text] of Object.entries(spec.files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return {
    dir,
    run: (cmd, args) =>
      new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
