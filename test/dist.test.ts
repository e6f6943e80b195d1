/**
 * Tests what ships: builds the package with tsup, then loads every subpath export from the
 * built ESM and CJS files through the package's own name (Node resolves a package's self-reference
 * through its "exports"), and records a change through each format.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const subpaths = Object.keys(pkg.exports).filter((p) => p !== './package.json');

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

beforeAll(() => {
  execFileSync(process.execPath, [`${root}node_modules/tsup/dist/cli-default.js`], {
    cwd: root,
    stdio: 'pipe',
  });
}, 300_000);

describe('the built package', () => {
  it('records a change through the ESM build', () => {
    const r = node([
      '--input-type=module',
      '-e',
      "import { track, lastChange } from 'statetrail'; const o = track({ n: 1 }); o.n = 2; console.log(JSON.stringify(lastChange(o).path), lastChange(o).value);",
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('["n"] 2');
  });

  it('records a change through the CJS build', () => {
    const r = node([
      '-e',
      "const { track, lastChange } = require('statetrail'); const o = track([1]); o.push(2); console.log(lastChange(o).op, lastChange(o).index);",
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('splice 1');
  });

  it('has no class field that the CommonJS conversion turned into a write to an export', () => {
    // tsup's CJS conversion rewrote `before = 0` (a ChangeLog field) as `this.before = exports.before = 0`,
    // overwriting the exported function of the same name in that chunk
    const offending = readdirSync(`${root}dist`)
      .filter((f) => f.endsWith('.cjs'))
      .flatMap((f) =>
        (readFileSync(`${root}dist/${f}`, 'utf8').match(/this\.[\w$]+ = exports\.[\w$]+ =/g) ?? []).map(
          (m) => `${f}: ${m}`,
        ),
      );
    expect(offending).toEqual([]);
  });

  it('shares one history between statetrail and statetrail/runtime in each format', () => {
    const code = (load: (m: string) => string) =>
      `${load('statetrail')} ${load('statetrail/runtime')}
       const [x] = rt.variables('a.ts', ['x']); rt.assigned(x, 1, 2, 0);
       console.log(core.lastChange(x)?.label, core.history.size);`;
    const esm = node([
      '--input-type=module',
      '-e',
      code((m) => `const ${m.includes('runtime') ? 'rt' : 'core'} = await import('${m}');`),
    ]);
    expect(esm.stdout.trim()).toBe('x 1');
    const cjs = node([
      '-e',
      code((m) => `const ${m.includes('runtime') ? 'rt' : 'core'} = require('${m}');`),
    ]);
    expect(cjs.stdout.trim()).toBe('x 1');
  });

  it('gives CommonJS configs the bundler plugins as functions, .default kept', () => {
    const names = subpaths.filter((p) => ['./vite', './esbuild', './rollup', './webpack'].includes(p));
    expect(names).toHaveLength(4);
    for (const p of names) {
      const r = node([
        '-e',
        `const m = require('statetrail/${p.slice(2)}'); console.log(typeof m, m.default === m)`,
      ]);
      expect(r.stdout.trim(), p).toBe('function true');
    }
  });

  it('resolves every subpath with moduleResolution node10 (typesVersions)', () => {
    const dir = join(root, '.tmp', 'node10');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    symlinkSync(root, join(dir, 'node_modules', 'statetrail'), 'dir');
    const imports = subpaths.map(
      (p, i) =>
        `import * as m${i} from '${p === '.' ? 'statetrail' : `statetrail/${p.slice(2)}`}';\nvoid m${i};`,
    );
    writeFileSync(join(dir, 'main.ts'), `${imports.join('\n')}\n`);
    const options = {
      module: 'commonjs',
      moduleResolution: 'node10',
      ignoreDeprecations: '6.0',
      types: [],
      skipLibCheck: true,
      noEmit: true,
      strict: true,
    };
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: options, files: ['main.ts'] }),
    );
    const r = node([join(root, 'node_modules/typescript/bin/tsc'), '-p', dir]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs the bin: --version without a compiler, collect without the collector package', () => {
    expect(node(['dist/cli.js', '--version']).stdout.trim()).toBe(pkg.version);
    // the bin alone, away from node_modules: what a user without @statetrail/collector has
    const dir = mkdtempSync(join(tmpdir(), 'st-dist-bin-'));
    cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
    cpSync(join(root, 'package.json'), join(dir, 'package.json'));
    const r = spawnSync(process.execPath, [join(dir, 'dist/cli.js'), 'collect', '--port', '0'], {
      encoding: 'utf8',
    });
    const help = spawnSync(process.execPath, [join(dir, 'dist/cli.js'), '--help'], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm i -D @statetrail/collector');
    expect(help.status).toBe(0); // no ts-morph reachable from there, and --help does not need it
  });

  it.each(subpaths)('loads %s in both formats, with types', (subpath) => {
    const name = subpath === '.' ? 'statetrail' : `statetrail/${subpath.slice(2)}`;
    // statetrail/register is loaded for its effect (it installs the hooks) and exports nothing
    const exports = String(subpath !== './register');
    const esm = node([
      '--input-type=module',
      '-e',
      `const m = await import('${name}'); console.log(Object.keys(m).length > 0);`,
    ]);
    expect(esm.stderr).toBe('');
    expect(esm.stdout.trim()).toBe(exports);
    const cjs = node(['-e', `console.log(Object.keys(require('${name}')).length > 0)`]);
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout.trim()).toBe(exports);
    // types sit next to each format's file (.d.ts / .d.cts), which TypeScript finds from import / require
    for (const file of [pkg.exports[subpath].import, pkg.exports[subpath].require])
      expect(
        readFileSync(`${root}${file.slice(2).replace(/\.(c?)js$/, '.d.$1ts')}`, 'utf8').length,
      ).toBeGreaterThan(0);
  });

  it.each(['esm', 'cjs'] as const)("points decorator errors at the user's class (%s build)", (format) => {
    // standard decorators, lowered by esbuild as a user's build would
    const source =
      "import { track } from 'statetrail/decorators';\nexport class Shop {\n  @track place() {}\n}\n";
    const { code } = transformSync(source, { loader: 'ts', format, target: 'es2022', sourcefile: 'shop.ts' });
    mkdirSync(`${root}.tmp/dist`, { recursive: true });
    const file = `${root}.tmp/dist/shop.${format === 'esm' ? 'mjs' : 'cjs'}`;
    writeFileSync(file, code);
    const r = node([file]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(
      /@track on member "place" of the class defined at \S*shop\.[mc]js:\d+:\d+: a method/,
    );
    const firstFrame = r.stderr.split('\n').find((l) => /^\s+at /.test(l));
    expect(firstFrame).toMatch(/shop\.[mc]js:\d+:\d+/);
  });
});
