/**
 * Fixture projects for delivery tests: copies a fixture into .tmp/, gives it a node_modules/statetrail
 * built from the sources (one bundle for core + runtime, so both share state), and checks outputs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect } from 'vitest';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const tmp = path.join(repo, '.tmp');

let packed: Promise<string> | undefined;

/** A `statetrail` package (core + runtime in one bundle, ESM and CJS; the jest transformer as CJS). */
export function packStatetrail(): Promise<string> {
  packed ??= (async () => {
    const dir = path.join(tmp, 'statetrail-pkg');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const entry = path.join(dir, 'entry.ts');
    fs.writeFileSync(
      entry,
      `export * from ${JSON.stringify(path.join(repo, 'src/index.ts'))};\nexport { assigned, at, done, pending, sites, trackClass, trackInstance, variables } from ${JSON.stringify(path.join(repo, 'src/runtime.ts'))};\n`,
    );
    const common = {
      entryPoints: [entry],
      bundle: true,
      ignoreAnnotations: true,
      platform: 'node' as const,
      target: 'node20',
      logLevel: 'silent' as const,
    };
    await build({ ...common, format: 'esm', outfile: path.join(dir, 'all.mjs') });
    await build({ ...common, format: 'cjs', outfile: path.join(dir, 'all.cjs') });
    const entries = ['index', 'vite', 'esbuild', 'rollup', 'webpack', 'jest', 'cli'].map((e) =>
      path.join(repo, `transformer/${e}.ts`),
    );
    const external = ['ts-morph', 'picomatch', 'unplugin', 'typescript'];
    const tool = {
      entryPoints: entries,
      bundle: true,
      platform: 'node' as const,
      target: 'node20',
      outdir: path.join(dir, 'dist'),
      external,
      logLevel: 'silent' as const,
    };
    await build({ ...tool, format: 'cjs', outExtension: { '.js': '.cjs' } });
    await build({ ...tool, format: 'esm', outExtension: { '.js': '.mjs' } });
    const both = { import: './all.mjs', require: './all.cjs' };
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'statetrail',
        version: '0.0.0-test',
        exports: {
          '.': both,
          './runtime': both,
          ...Object.fromEntries(
            [['transformer', 'index'], ['vite'], ['esbuild'], ['rollup'], ['webpack'], ['jest'], ['cli']].map(
              ([sub, file]) => [
                `./${sub}`,
                { import: `./dist/${file ?? sub}.mjs`, require: `./dist/${file ?? sub}.cjs` },
              ],
            ),
          ),
        },
        bin: { statetrail: './dist/cli.cjs' },
      }),
    );
    // dependencies of the bundled transformer entries resolve from the repo's node_modules
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return dir;
  })();
  return packed;
}

/** Copies fixture `name` to .tmp/<as>/ with node_modules/statetrail linked in. */
export async function prepareFixture(name: string, as: string): Promise<string> {
  const pkg = await packStatetrail();
  const dir = path.join(tmp, as);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(repo, 'test/fixtures/transformer', name), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(pkg, path.join(dir, 'node_modules/statetrail'), 'dir');
  return dir;
}

export function runNode(file: string, cwd: string, args: string[] = []): string {
  return execFileSync(process.execPath, ['--enable-source-maps', ...args, file], { cwd, encoding: 'utf8' });
}

/** The app fixture's output: changes with sites in src/cart.ts, and a stack pointing at the original line. */
export function expectAppOutput(stdout: string): void {
  const out = JSON.parse(stdout.trim().split('\n').pop()!);
  const rows = out.changes.map((c: any) => [
    c.path.join('.'),
    c.op,
    c.site ? `${c.site.file}:${c.site.line}:${c.site.column} ${c.site.code}` : null,
  ]);
  expect(rows).toEqual([
    ['lines', 'splice', null], // Array.prototype.push: a call, not an instrumented write
    ['total', 'set', 'src/cart.ts:15:5 this.state.total += qty'],
    ['lines.0.qty', 'set', 'src/cart.ts:13:15 line.qty += qty'],
    ['total', 'set', 'src/cart.ts:15:5 this.state.total += qty'],
    ['coupon', 'set', 'src/cart.ts:19:5 this.state.coupon ??= code'],
  ]);
  expect(out.stack).toMatch(/TypeError: Cannot assign to read only property 'x'/);
  expect(out.stack).toMatch(/src[\\/]cart\.ts:25:\d+/);
}

/** typescript@7 (no transformer API), installed once into .tmp/ts7 with npm and reused. */
export function typescript7(): string {
  const dir = path.join(tmp, 'ts7');
  const pkg = path.join(dir, 'node_modules/typescript/package.json');
  if (!fs.existsSync(pkg)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"ts7-cache","private":true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', 'typescript@7.0.2'], {
      cwd: dir,
      stdio: 'ignore',
    });
  }
  return path.join(dir, 'node_modules/typescript');
}

/** The tsc fixture's output (changes of account with sites, stack mapped to src/account.ts:15). */
export function expectTscOutput(stdout: string): void {
  const out = JSON.parse(stdout.trim().split('\n').pop()!);
  expect(out.changes).toEqual([
    ['fee', '', 1, 'src/account.ts:7:3 fee = amount > 50 ? 1 : 0'],
    [expect.any(String), 'balance', 159, 'src/account.ts:8:3 account.balance += amount - fee'],
    [expect.any(String), 'tags.vip', true, 'src/account.ts:9:3 account.tags.vip ||= account.balance > 120'],
  ]);
  expect(out.stack).toMatch(/TypeError: Cannot assign to read only property 'x'/);
  expect(out.stack).toMatch(/src[\\/]account\.ts:15:\d+/);
}
