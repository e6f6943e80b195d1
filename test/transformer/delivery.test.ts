/**
 * tsc routes: ts-patch (`tspc -p .` with the plugin in tsconfig), the CLI (`statetrail build`, `explain`),
 * and a fixture with typescript@7 installed, which still gets results through the CLI and a bundler.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { expectTscOutput, prepareFixture, repo, runNode, typescript7 } from './fixture';

const tspc = path.join(repo, 'node_modules/ts-patch/bin/tspc.js');

function cli(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(dir, 'node_modules/statetrail/dist/cli.cjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tsc routes', { timeout: 120_000 }, () => {
  it('ts-patch: tspc -p . with { "transform": "statetrail/transformer", "variables": true }', async () => {
    const dir = await prepareFixture('tsc', 'fx-tspatch');
    execFileSync(process.execPath, [tspc, '-p', '.'], { cwd: dir, encoding: 'utf8' });
    expect(fs.readFileSync(path.join(dir, 'dist/account.js'), 'utf8')).toMatch(/__st\$a\$?\(/);
    expectTscOutput(runNode('dist/main.js', dir));
  });

  it('ts-patch: an unknown option is an error listing the valid ones', async () => {
    const dir = await prepareFixture('tsc', 'fx-tspatch-bad');
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
    config.compilerOptions.plugins = [{ transform: 'statetrail/transformer', variable: true }];
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    const r = spawnSync(process.execPath, [tspc, '-p', '.'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(
      /unknown option "variable"\. Valid options: include .*variables/,
    );
  });

  it('statetrail build -p tsconfig.json', async () => {
    const dir = await prepareFixture('tsc', 'fx-cli-build');
    const r = cli(dir, ['build', '-p', 'tsconfig.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectTscOutput(runNode('dist/main.js', dir));
  });

  it('statetrail build reports type errors like tsc and exits 1', async () => {
    const dir = await prepareFixture('tsc', 'fx-cli-build-err');
    fs.appendFileSync(path.join(dir, 'src/account.ts'), '\nexport const wrong: number = "x";\n');
    const r = cli(dir, ['build', '-p', '.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/src\/account\.ts.*18.*TS2322|TS2322/);
  });

  it('statetrail explain lists every site and what it records', async () => {
    const dir = await prepareFixture('tsc', 'fx-cli-explain');
    const r = cli(dir, ['explain', 'src/account.ts', '--variables']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'src/account.ts:7:3  assign/variable  fee = amount > 50 ? 1 : 0\n    records: set variable fee',
    );
    expect(r.stdout).toContain('src/account.ts:8:3  compound/member  account.balance += amount - fee');
    expect(r.stdout).toContain('records: set "balance" on account (when tracked)');
    expect(r.stdout).toContain('src/account.ts:9:3  logical/member');
    expect(r.stdout).toContain('4 site(s) in 1 file(s)');
    const json = JSON.parse(cli(dir, ['explain', 'src/account.ts', '--json']).stdout);
    expect(json.map((s: { line: number }) => s.line)).toEqual([8, 9, 15]);
  });

  it('statetrail explain: a syntax error is a diagnostic with file:line:column, not a crash', async () => {
    const dir = await prepareFixture('tsc', 'fx-cli-syntax');
    fs.writeFileSync(path.join(dir, 'src/broken.ts'), 'const a = {;\nexport {};\n');
    const r = cli(dir, ['explain', 'src/broken.ts']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^src\/broken\.ts:1:12: syntax error: /m);
  });

  it('statetrail: unknown command and help', async () => {
    const dir = await prepareFixture('tsc', 'fx-cli-help');
    expect(cli(dir, ['nope']).stderr).toMatch(/unknown command "nope"[\s\S]*build[\s\S]*explain/);
    expect(cli(dir, ['--help']).stdout).toMatch(/commands:/);
  });
});

describe('a project with typescript@7 installed', { timeout: 180_000 }, () => {
  it('gets the same results through the CLI and the esbuild plugin (TS 6 from statetrail, not the user typescript)', async () => {
    const dir = await prepareFixture('tsc', 'fx-ts7');
    fs.symlinkSync(typescript7(), path.join(dir, 'node_modules/typescript'), 'dir');
    const user = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/typescript/package.json'), 'utf8'));
    expect(user.version).toMatch(/^7\./);
    // the user's typescript has no transformer API
    const probe = spawnSync(
      process.execPath,
      ['-e', 'const ts = require("typescript"); console.log(typeof ts.transpileModule)'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(probe.stdout.trim()).not.toBe('function');

    const r = cli(dir, ['build', '-p', '.']);
    expect(r.stderr).toBe('');
    expectTscOutput(runNode('dist/main.js', dir));

    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const mod = await import(path.join(dir, 'node_modules/statetrail/dist/esbuild.cjs'));
    const plugin = mod.default.default ?? mod.default;
    await esbuild({
      absWorkingDir: dir,
      entryPoints: ['src/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      sourcemap: true,
      outfile: 'dist/main.js',
      plugins: [plugin({ root: dir, variables: true })],
      logLevel: 'silent',
    });
    expectTscOutput(runNode('dist/main.js', dir));
  });
});
