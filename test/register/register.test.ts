/**
 * `node --import statetrail/register <entry>` in real child processes, against the built package:
 * ES modules in TypeScript and JavaScript, CommonJS through the hooks and through Node's own
 * `require`, `@tracked`, stack traces mapped to the .ts lines, and where the options come from.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPackage, project, repo } from './package';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
beforeAll(() => builtPackage(), 300_000);

async function app(name: string, files: Record<string, string>): Promise<string> {
  const dir = await project(name, files);
  dirs.push(dir);
  return dir;
}

function run(dir: string, entry: string, env: Record<string, string> = {}, flag = '--import') {
  const r = spawnSync(process.execPath, [flag, 'statetrail/register', entry], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Prints `file:line path` per change of the history it is given, as JSON. */
const PRINT = `(h) => console.log(JSON.stringify(h.changes().map((c) => (c.site ? c.site.file + ':' + c.site.line : '-') + ' ' + c.path.join('.'))))`;
const printed = (stdout: string): string[] => JSON.parse(stdout.trim().split('\n').pop()!);

describe('node --import statetrail/register', { timeout: 60_000 }, () => {
  it('runs examples/register: TypeScript ES modules, @tracked, a stack naming the .ts line', async () => {
    const files: Record<string, string> = { 'package.json': '{ "type": "module" }' };
    for (const f of ['src/cart.ts', 'src/main.ts'])
      files[f] = fs.readFileSync(path.join(repo, 'examples/register', f), 'utf8');
    const dir = await app('example', files);
    const r = run(dir, 'src/main.ts');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // --require loads the CommonJS build of the hook, with the same result
    expect(run(dir, 'src/main.ts', {}, '--require').stdout).toBe(r.stdout);
    expect(r.stdout.trim().split('\n')).toEqual([
      'src/cart.ts:15  cart.lines: cart.lines.push({ sku, qty })',
      'src/cart.ts:16  cart.total: cart.total += qty',
      "src/cart.ts:23  Checkout#1.step: this.step = 'paid'",
      'src/cart.ts:29  cart.coupon: cart.coupon ??= code',
      `at applyCoupon (${path.join(dir, 'src/cart.ts')}:28:26)`,
    ]);
  });

  it("the README's quick start runs as pasted and prints what it says", async () => {
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Node without a build step'));
    const code = /```ts\n\/\/ src\/app\.ts\n([\s\S]*?)```/.exec(section)![1]!;
    const expected = /node --import statetrail\/register src\/app\.ts {3}# (.*)/.exec(section)![1]!;
    const r = run(await app('readme', { 'src/app.ts': code }), 'src/app.ts');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(expected);
  });

  it('examples/register/src/crash.ts: the crash dump lists the changes with their sites', async () => {
    const files: Record<string, string> = { 'package.json': '{ "type": "module" }' };
    for (const f of ['src/cart.ts', 'src/crash.ts'])
      files[f] = fs.readFileSync(path.join(repo, 'examples/register', f), 'utf8');
    const r = run(await app('crash', files), 'src/crash.ts');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/statetrail: the last 3 crumbs before the crash/);
    expect(r.stderr).toMatch(/#1 {2}cart\.lines: splice at 0: .* {2}\(by ann\) {2}at src\/cart\.ts:15:3/);
    expect(r.stderr).toMatch(/Error: empty coupon code\n {4}at applyCoupon \(.*src[\\/]cart\.ts:28:26\)/);
  });

  it('instruments a .mjs entry and the .js modules it imports', async () => {
    const dir = await app('mjs', {
      'package.json': '{ "type": "module" }',
      'app.mjs': `import { history, track } from 'statetrail';
import { bump } from './lib/bump.js';
const o = track({ n: 1, tags: [] });
o.n = 2;
bump(o);
(${PRINT})(history);
`,
      'lib/bump.js': 'export function bump(o) {\n  o.tags.push(o.n);\n}\n',
    });
    const r = run(dir, 'app.mjs');
    expect(r.stderr).toBe('');
    expect(printed(r.stdout)).toEqual(['app.mjs:4 n', 'lib/bump.js:2 tags']);
  });

  it('CommonJS: a .cjs entry requiring a .cts and a .js file, all through the hooks', async () => {
    const dir = await app('cjs', {
      'package.json': '{ "type": "commonjs" }',
      'app.cjs': `const { history } = require('statetrail');
const { account, deposit } = require('./account.cts');
const { close } = require('./close');
deposit(5);
close(account);
(${PRINT})(history);
`,
      'account.cts': `import statetrail = require('statetrail');
export const account = statetrail.track({ balance: 10 as number, open: true });
export function deposit(amount: number): void {
  account.balance += amount;
}
`,
      'close.js': 'exports.close = (a) => {\n  a.open = false;\n};\n',
    });
    const r = run(dir, 'app.cjs');
    expect(r.stderr).toBe('');
    expect(printed(r.stdout)).toEqual(['account.cts:4 balance', 'close.js:2 open']);
  });

  it("Node's own require (createRequire in an ES module) compiles and instruments a .cts", async () => {
    const dir = await app('createrequire', {
      'package.json': '{ "type": "module" }',
      'main.ts': `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const legacy: { run(): string[] } = require('./legacy.cts');
console.log(JSON.stringify(legacy.run()));
`,
      // CommonJS gets the CommonJS build of statetrail: its own history, read here
      'legacy.cts': `import statetrail = require('statetrail');
export function run(): string[] {
  const o = statetrail.track({ n: 1 as number });
  o.n = 2;
  return statetrail.history.changes().map((c) => c.site!.file + ':' + c.site!.line);
}
`,
    });
    const r = run(dir, 'main.ts');
    expect(r.stderr).toBe('');
    expect(printed(r.stdout)).toEqual(['legacy.cts:4']);
  });

  it('reads options from the tsconfig plugins entry, then STATETRAIL_OPTIONS', async () => {
    const dir = await app('options', {
      'package.json': '{ "type": "module" }',
      'tsconfig.json': `{
  // comments are allowed, as in any tsconfig
  "compilerOptions": { "plugins": [{ "transform": "statetrail/transformer", "variables": true }] }
}`,
      'main.ts': `import { history, track } from 'statetrail';
import './skipped.ts';
let step = 'start';
step = 'end';
const o = track({ n: 1 });
o.n = step.length;
(${PRINT})(history);
`,
      'skipped.ts': `import { track } from 'statetrail';
track({ n: 0 }).n = 1;
`,
    });
    expect(printed(run(dir, 'main.ts').stdout)).toEqual(['skipped.ts:2 n', 'main.ts:4 ', 'main.ts:6 n']);
    const only = run(dir, 'main.ts', { STATETRAIL_OPTIONS: '{ "include": "main.ts" }' });
    expect(printed(only.stdout)).toEqual(['- n', 'main.ts:4 ', 'main.ts:6 n']);
  });

  it('a bad option or a syntax error stops the program with a message naming it', async () => {
    const dir = await app('errors', {
      'package.json': '{ "type": "module" }',
      'main.ts': 'const a = {;\n',
    });
    const bad = run(dir, 'main.ts', { STATETRAIL_OPTIONS: '{ "variable": true }' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown option "variable"\. Valid options: .*Did you mean "variables"\?/);
    const notJson = run(dir, 'main.ts', { STATETRAIL_OPTIONS: 'variables' });
    expect(notJson.stderr).toMatch(/STATETRAIL_OPTIONS must be JSON options, got variables/);
    const syntax = run(dir, 'main.ts');
    expect(syntax.code).not.toBe(0);
    expect(syntax.stderr).toContain(`${path.join(dir, 'main.ts')}:1:12: Property assignment expected.`);
  });
});
