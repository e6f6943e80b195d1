/**
 * File arguments as a shell with globstar would expand them, whatever the shell: `src/**\/*.ts`,
 * folders (their TypeScript files), plain files. Nothing outside `root` is read, symlinks included
 * (a link is resolved and must land inside the project).
 */
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

const SOURCE = /\.(?:[cm]?tsx?)$/;
const DECLARATION = /\.d\.[cm]?tsx?$/;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface Expanded {
  files: string[];
  /** Arguments (or files under them) that were not read, each with the reason. */
  problems: string[];
}

export function expandFiles(args: readonly string[], cwd: string, root: string): Expanded {
  const realRoot = fs.realpathSync(root);
  const files = new Set<string>();
  const problems: string[] = [];
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot + path.sep);
  // The real path of `p` when it lies in the project, else why not.
  const resolveInside = (p: string): string | Error => {
    let real: string;
    try {
      real = fs.realpathSync(p);
    } catch (e) {
      return e as Error;
    }
    return inside(real) ? real : new Error(`outside the project (${real}); not read`);
  };
  const walk = (dir: string, take: (file: string) => boolean): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isSymbolicLink()) {
        const real = resolveInside(p);
        if (real instanceof Error) {
          problems.push(`${path.relative(cwd, p)}: ${real.message}`);
          continue;
        }
        if (fs.statSync(real).isDirectory()) continue; // a linked folder inside the project is walked where it is
        if (take(p)) files.add(real);
      } else if (d.isDirectory()) {
        if (!SKIP_DIRS.has(d.name)) walk(p, take);
      } else if (d.isFile() && take(p)) files.add(p);
    }
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    const scan = picomatch.scan(arg);
    if (scan.isGlob) {
      const base = path.resolve(cwd, scan.base || '.');
      const match = picomatch(abs.split(path.sep).join('/'), { dot: false });
      const before = files.size;
      if (fs.existsSync(base) && fs.statSync(base).isDirectory())
        walk(base, (f) => match(f.split(path.sep).join('/')));
      if (files.size === before) problems.push(`${arg}: no file matches`);
      continue;
    }
    const real = resolveInside(abs);
    if (real instanceof Error) {
      const code = (real as NodeJS.ErrnoException).code;
      problems.push(`${arg}: ${code === 'ENOENT' ? 'file not found' : real.message}`);
    } else if (fs.statSync(real).isDirectory()) {
      const before = files.size;
      walk(real, (f) => SOURCE.test(f) && !DECLARATION.test(f));
      if (files.size === before) problems.push(`${arg}: no TypeScript file in this folder`);
    } else files.add(real);
  }
  return { files: [...files].sort(), problems };
}
