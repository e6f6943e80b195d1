/**
 * Real builds of the app fixture with every delivery, then the output is run: the recorded changes carry
 * their sites in src/cart.ts, and a stack trace thrown from instrumented code points at the original line.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build as esbuild, transform as esbuildTransform } from 'esbuild';
import statetrailEsbuild from 'statetrail/esbuild';
import statetrailRollup from 'statetrail/rollup';
import statetrailVite from 'statetrail/vite';
import statetrailWebpack from 'statetrail/webpack';
import { describe, expect, it, vi } from 'vitest';
import { expectAppOutput, prepareFixture, repo, runNode } from './fixture';

describe('bundler plugins build and run the app fixture', { timeout: 120_000 }, () => {
  it('esbuild', async () => {
    const dir = await prepareFixture('app', 'fx-esbuild');
    await esbuild({
      entryPoints: [path.join(dir, 'src/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      sourcemap: true,
      outfile: path.join(dir, 'out/main.mjs'),
      plugins: [statetrailEsbuild({ root: dir })],
      logLevel: 'silent',
    });
    expectAppOutput(runNode('out/main.mjs', dir));
  });

  it('an include that matches no file warns once (globs are relative to root)', async () => {
    const dir = await prepareFixture('app', 'fx-esbuild-include');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const plugin = statetrailEsbuild({ root: dir, include: 'source/**' });
      for (let i = 0; i < 2; i++) {
        await esbuild({
          entryPoints: [path.join(dir, 'src/main.ts')],
          bundle: true,
          platform: 'node',
          format: 'esm',
          outfile: path.join(dir, `out/main${i}.mjs`),
          plugins: [plugin],
          logLevel: 'silent',
        });
      }
      const mine = warn.mock.calls
        .map((c) => String(c[0]))
        .filter((m) => m.startsWith('statetrail: include'));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatch(
        /"source\/\*\*".*matched none of the \d+ source files.*nothing was instrumented/,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('vite (ssr build)', async () => {
    const dir = await prepareFixture('app', 'fx-vite');
    const { build } = await import('vite');
    await build({
      root: dir,
      logLevel: 'silent',
      configFile: false,
      plugins: [statetrailVite({ root: dir })],
      build: {
        ssr: path.join(dir, 'src/main.ts'),
        outDir: path.join(dir, 'out'),
        sourcemap: true,
        minify: false,
      },
      ssr: { noExternal: true },
    });
    const out = fs.readdirSync(path.join(dir, 'out')).find((f) => /^main\.m?js$/.test(f))!;
    expectAppOutput(runNode(`out/${out}`, dir));
  });

  it('rollup (before a TypeScript-stripping plugin)', async () => {
    const dir = await prepareFixture('app', 'fx-rollup');
    const { rollup } = await import('rollup');
    const strip = {
      name: 'strip-types',
      async transform(code: string, id: string) {
        if (!id.endsWith('.ts')) return null;
        const r = await esbuildTransform(code, { loader: 'ts', sourcemap: true, sourcefile: id });
        return { code: r.code, map: r.map };
      },
      resolveId(source: string, importer?: string) {
        if (importer && source.startsWith('.')) return path.resolve(path.dirname(importer), `${source}.ts`);
        return null;
      },
    };
    const bundle = await rollup({
      input: path.join(dir, 'src/main.ts'),
      plugins: [statetrailRollup({ root: dir }), strip],
      external: [/^statetrail/],
      logLevel: 'silent',
    });
    await bundle.write({ file: path.join(dir, 'out/main.mjs'), format: 'esm', sourcemap: true });
    expectAppOutput(runNode('out/main.mjs', dir));
  });

  it('webpack (before a TypeScript loader)', async () => {
    const dir = await prepareFixture('app', 'fx-webpack');
    fs.writeFileSync(
      path.join(dir, 'strip-loader.cjs'),
      `const { transformSync } = require(${JSON.stringify(path.join(repo, 'node_modules/esbuild'))});
const remapping = require(${JSON.stringify(path.join(repo, 'node_modules/@jridgewell/remapping'))});
// like ts-loader / swc-loader: compiles TypeScript and chains the incoming source map
module.exports = function (code, map) {
  const r = transformSync(code, { loader: 'ts', sourcemap: true, sourcefile: this.resourcePath });
  const out = map ? remapping([JSON.parse(r.map), typeof map === 'string' ? JSON.parse(map) : map], () => null) : JSON.parse(r.map);
  this.callback(null, r.code, out);
};`,
    );
    const webpack = (await import('webpack')).default;
    const stats = await new Promise<any>((resolve, reject) =>
      webpack(
        {
          mode: 'none',
          target: 'node',
          context: dir,
          entry: path.join(dir, 'src/main.ts'),
          devtool: 'source-map',
          output: { path: path.join(dir, 'out'), filename: 'main.cjs' },
          resolve: { extensions: ['.ts', '.js'] },
          module: { rules: [{ test: /\.ts$/, use: path.join(dir, 'strip-loader.cjs') }] },
          plugins: [statetrailWebpack({ root: dir })],
        },
        (err, s) => (err ? reject(err) : resolve(s)),
      ),
    );
    expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false);
    expectAppOutput(runNode('out/main.cjs', dir));
  });

  it('jest (transformer)', async () => {
    const dir = await prepareFixture('app', 'fx-jest');
    fs.writeFileSync(
      path.join(dir, 'cart.test.ts'),
      `import { history } from 'statetrail';
import { Cart } from './src/cart';
test('records with sites', () => {
  const cart = new Cart();
  cart.add('pear', 1);
  cart.add('pear', 1);
  const sites = history.changes().map((c) => c.site && c.site.file + ':' + c.site.line + ':' + c.site.column);
  expect(sites).toEqual(['src/cart.ts:14:10', 'src/cart.ts:15:5', 'src/cart.ts:13:15', 'src/cart.ts:15:5']);
});
`,
    );
    fs.writeFileSync(
      path.join(dir, 'jest.config.cjs'),
      `module.exports = { rootDir: __dirname, testEnvironment: 'node', transform: { '\\\\.ts$': ['statetrail/jest', {}] }, moduleFileExtensions: ['ts', 'js', 'json'] };`,
    );
    const out = execFileSync(
      process.execPath,
      [
        // --no-cache: Jest's transform cache is keyed by statetrail's version, which work on main does not bump
        path.join(repo, 'node_modules/jest/bin/jest.js'),
        '--ci',
        '--no-watchman',
        '--no-cache',
        '-c',
        'jest.config.cjs',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(out).toBeDefined();
  });
});
