/**
 * Every README route, as a new user follows it: the package is packed once (`npm pack` of the tsup
 * build), then each route is a fresh temp project with that package in node_modules (how, and why not
 * `npm install`: see project.ts), the README's own code blocks pasted as written (config files,
 * `src/inventory.ts`, the runnable snippets), built and run with the command the README gives, and the
 * change must carry the site the README promises. Routes run concurrently, each in its own project.
 *
 * Deviations from a user's terminal, each because the repo lacks the package and the tests stay offline:
 * `@rollup/plugin-typescript` and `ts-loader` are stand-ins (stand-ins.ts), and webpack runs through its
 * Node API (no webpack-cli). Jest runs with `--no-cache`: its transform cache is keyed by statetrail's
 * version, which work on main does not bump.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Packed, pack, repo } from './package';
import { createProject, type Project, type ProjectSpec } from './project';
import { block, codeBlocks } from './readme';
import { rollupPluginTypescript, tsLoader } from './stand-ins';

type Result = Awaited<ReturnType<Project['run']>>;

/** A JS object literal written in a README comment, e.g. `{ file: 'src/a.ts', line: 4 }`. */
function literal(text: string): Record<string, unknown> {
  return new Function(`return (${text});`)();
}

const inventory = block('// src/inventory.ts, built with the transformer');
const expectedSite = literal(inventory.match(/site → (\{.*\})/)![1]!);
const decorated = block('@untracked cachedTotal');
const firstDecoratedChange = literal(decorated.match(/order\.status = 'placed'; \/\/ (\{.*\})/)![1]!);

/** `src/main.ts`: imports the README's inventory and prints the first recorded change's site. */
const main = (ext: string) => `import { history } from 'statetrail';
import { inventory } from './inventory${ext}';

console.log(JSON.stringify({ site: history.changes()[0]?.site, apple: inventory.items.apple }));
`;

/** `tsconfig.json` of a TypeScript 6 project over src/, with `compilerOptions` added. */
function tsProject(compilerOptions: Record<string, unknown>): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'es2022',
      module: 'nodenext',
      strict: true,
      skipLibCheck: true,
      rootDir: 'src',
      outDir: 'dist',
      ...compilerOptions,
    },
    include: ['src'],
  });
}

/** `tsconfig.json`: a TypeScript 6 project plus the README's `plugins` entry. */
function tsconfig(extra: Record<string, unknown> = {}): string {
  const { compilerOptions } = JSON.parse(block('"transform": "statetrail/transformer"'));
  return tsProject({ ...compilerOptions, ...extra });
}

/** The README's CommonJS config in its ESM form, as the README says to write it (import, export default). */
function toEsm(cjs: string): string {
  return cjs
    .replace(/^const (\w+) = require\(('[^']+')\);$/gm, 'import $1 from $2;')
    .replace(/^module\.exports = /m, 'export default ');
}

function expectOk(r: Result, what: string): void {
  expect(r.code, `${what} failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
}

/** The `{"site":…}` line the program printed (Vitest and Jest add their own lines around it). */
function printedSite(r: Result): unknown {
  const line = `${r.stdout}\n${r.stderr}`.match(/\{"site".*\}/);
  expect(line, `no site printed:\n${r.stdout}\n${r.stderr}`).not.toBeNull();
  return JSON.parse(line![0]);
}

let pkg: Packed;
const projects: Project[] = [];

beforeAll(() => {
  pkg = pack();
}, 300_000);

afterAll(() => {
  for (const p of projects) p.remove();
  pkg?.remove();
});

function project(name: string, spec: ProjectSpec): Project {
  const p = createProject(pkg, name, spec);
  projects.push(p);
  return p;
}

/** Builds with `steps`, then runs `node <out>` and expects the README's site. */
async function transformerRoute(p: Project, steps: string[][], out: string): Promise<void> {
  for (const [cmd, ...args] of steps) expectOk(await p.run(cmd!, args), [cmd, ...args].join(' '));
  const run = await p.run('node', [out]);
  expectOk(run, `node ${out}`);
  expect(printedSite(run)).toEqual({ site: expectedSite, apple: 1 });
}

describe.concurrent('README transformer routes, on the packed package', { timeout: 480_000 }, () => {
  for (const type of ['module', 'commonjs'] as const) {
    it(`tsc with ts-patch (${type})`, async () => {
      const p = project('tspc', {
        type,
        tools: ['typescript', 'ts-patch'],
        files: { 'tsconfig.json': tsconfig(), 'src/inventory.ts': inventory, 'src/main.ts': main('.js') },
      });
      await transformerRoute(p, [['npx', 'tspc', '-p', '.']], 'dist/main.js');
    });

    it(`statetrail build (${type})`, async () => {
      const p = project('build', {
        type,
        files: { 'tsconfig.json': tsconfig(), 'src/inventory.ts': inventory, 'src/main.ts': main('.js') },
      });
      await transformerRoute(p, [['npx', 'statetrail', 'build', '-p', 'tsconfig.json']], 'dist/main.js');
    });

    // with the README's @tracked class in a test file (outside `include`): standard decorators in the
    // ESM project, experimentalDecorators (from tsconfig.json) in the CommonJS one
    it(`Vitest, with a @tracked class (${type})`, async () => {
      const p = project('vitest', {
        type,
        tools: ['vite', 'vitest'],
        files: {
          'vite.config.ts': block("from 'statetrail/vite'"),
          ...(type === 'module' ? {} : { 'tsconfig.json': tsconfig({ experimentalDecorators: true }) }),
          'test/order.test.ts': `import { expect, test } from 'vitest';
${decorated.replace(/^console\.log.*$/m, '')}
test('the @tracked class records its changes', () => {
  expect(changesOf(order).map((c) => c.path)).toEqual([['status'], ['lines']]);
  expect(changesOf(order)[0]).toMatchObject(${JSON.stringify(firstDecoratedChange)});
});
`,
          'src/inventory.ts': inventory,
          'test/inventory.test.ts': `import { history } from 'statetrail';
import { expect, test } from 'vitest';
import { inventory } from '../src/inventory';

test('the write carries its site', () => {
  console.log(JSON.stringify({ site: history.changes()[0]?.site, apple: inventory.items.apple }));
  expect(inventory.items.apple).toBe(1);
});
`,
        },
      });
      const r = await p.run('npx', ['vitest', 'run']);
      expectOk(r, 'vitest run');
      expect(r.stdout).toMatch(/Tests {2}2 passed/);
      expect(printedSite(r)).toEqual({ site: expectedSite, apple: 1 });
    });

    it(`tsup (${type})`, async () => {
      const p = project('tsup', {
        type,
        tools: ['tsup', 'esbuild'],
        files: {
          'tsup.config.ts': block("from 'tsup'"),
          'src/inventory.ts': inventory,
          'src/main.ts': main(''),
        },
      });
      // tsup names ESM output .mjs in a CommonJS package
      await transformerRoute(p, [['npx', 'tsup']], type === 'module' ? 'dist/main.js' : 'dist/main.mjs');
    });

    it(`Jest (${type} config)`, async () => {
      const config = block("['statetrail/jest'");
      const p = project('jest', {
        type,
        tools: ['jest'],
        files: {
          'jest.config.js': type === 'module' ? toEsm(config) : config,
          'src/inventory.ts': inventory,
          'test/inventory.test.ts': `import { history } from 'statetrail';
import { inventory } from '../src/inventory';

test('the write carries its site', () => {
  console.log(JSON.stringify({ site: history.changes()[0]?.site, apple: inventory.items.apple }));
});
`,
        },
      });
      const r = await p.run('npx', ['jest', '--no-cache']);
      expectOk(r, 'jest');
      expect(printedSite(r)).toEqual({ site: expectedSite, apple: 1 });
    });
  }

  it('Vite build (ssr)', async () => {
    const p = project('vite', {
      type: 'module',
      tools: ['vite'],
      files: {
        'vite.config.ts': block("from 'statetrail/vite'"),
        'src/inventory.ts': inventory,
        'src/main.ts': main(''),
      },
    });
    await transformerRoute(p, [['npx', 'vite', 'build', '--ssr', 'src/main.ts']], 'dist/main.js');
  });

  it('esbuild build script (build.mjs)', async () => {
    const p = project('esbuild', {
      type: 'module',
      tools: ['esbuild'],
      files: {
        'build.mjs': block("from 'statetrail/esbuild';\n\nawait"),
        'src/inventory.ts': inventory,
        'src/main.ts': main(''),
      },
    });
    await transformerRoute(p, [['node', 'build.mjs']], 'dist/main.js');
  });

  it('Rollup (rollup.config.mjs)', async () => {
    const p = project('rollup', {
      type: 'module',
      tools: ['rollup', 'typescript'],
      files: {
        ...rollupPluginTypescript,
        'rollup.config.mjs': block("from 'statetrail/rollup'"),
        'src/inventory.ts': inventory,
        'src/main.ts': main(''),
      },
    });
    await transformerRoute(p, [['npx', 'rollup', '-c']], 'dist/main.js');
  });

  for (const config of ['webpack.config.js', 'webpack.config.mjs']) {
    it(`webpack (${config})`, async () => {
      const cjs = block("require('statetrail/webpack')");
      const p = project('webpack', {
        type: 'commonjs',
        tools: ['webpack', 'typescript'],
        files: {
          ...tsLoader,
          [config]: config.endsWith('.mjs') ? toEsm(cjs) : cjs,
          // what `npx webpack` does through webpack-cli
          'webpack.mjs': `import webpack from 'webpack';
const { default: config } = await import('./${config}');
webpack(config, (err, stats) => {
  if (err || stats.hasErrors()) {
    console.error(err ?? stats.toString('errors-only'));
    process.exitCode = 1;
  }
});
`,
          'src/inventory.ts': inventory,
          'src/main.ts': main(''),
        },
      });
      await transformerRoute(p, [['node', 'webpack.mjs']], 'dist/main.js');
    });
  }
});

describe.concurrent('README decorators, compiled as the README says', { timeout: 480_000 }, () => {
  /** order.ts plus a line that prints its changes, built with `steps`, run with `node <out>`. */
  async function decoratorRoute(
    spec: Omit<ProjectSpec, 'files'>,
    files: Record<string, string>,
    steps: string[][],
    out: string,
  ) {
    const print = `\nconsole.log(JSON.stringify(changesOf(order).map(({ path, op, old, value, actor }) => ({ path, op, old, value, actor }))));\n`;
    const p = project('decorators', { ...spec, files: { ...files, 'src/order.ts': decorated + print } });
    for (const [cmd, ...args] of steps) expectOk(await p.run(cmd!, args), [cmd, ...args].join(' '));
    const run = await p.run('node', [out]);
    expectOk(run, `node ${out}`);
    const [count, json] = run.stdout.trim().split('\n');
    expect(count).toBe(decorated.match(/\/\/ (\d+)\n/)![1]);
    const changes = JSON.parse(json!);
    expect(changes[0]).toMatchObject(firstDecoratedChange);
    expect(changes[1]).toMatchObject({ path: ['lines'], op: 'splice', actor: 'clerk:bob' });
  }
  const tsc = (extra: Record<string, unknown>) => ({ 'tsconfig.json': tsProject(extra) });

  it('tsc (TypeScript 6), standard decorators', () =>
    decoratorRoute(
      { type: 'module', tools: ['typescript'] },
      tsc({}),
      [['npx', 'tsc', '-p', '.']],
      'dist/order.js',
    ));

  it('tsc (TypeScript 6), experimentalDecorators, CommonJS', () =>
    decoratorRoute(
      { type: 'commonjs', tools: ['typescript'] },
      tsc({ experimentalDecorators: true }),
      [['npx', 'tsc', '-p', '.']],
      'dist/order.js',
    ));

  it('esbuild', () =>
    decoratorRoute(
      { type: 'module', tools: ['esbuild'] },
      {},
      [
        [
          'npx',
          'esbuild',
          'src/order.ts',
          '--bundle',
          '--platform=node',
          '--format=esm',
          '--target=node20',
          '--outfile=dist/order.js',
        ],
      ],
      'dist/order.js',
    ));
});

describe('README programs run as pasted, with the command they name', { timeout: 480_000 }, () => {
  const tagged = codeBlocks()
    .map((b) => ({
      ...b,
      tag: b.code.match(/^\/\/ (\S+\.(?:ts|mts|mjs)) — run with (npx tsx [^\s,]+|node [^\s,]+)/),
    }))
    .filter((b) => b.tag && b.tag[2]!.endsWith(b.tag[1]!) && !b.code.includes("from 'statetrail/esbuild'"));

  it('finds the quick start, observers, crumbs and decorators programs', () => {
    expect(tagged.map((b) => b.tag![1])).toEqual(['cart.ts', 'observers.ts', 'crumbs.ts', 'order.ts']);
  });

  it.concurrent.each(tagged.map((b) => [b.tag![1]!, b] as const))('%s', async (file, b) => {
    const p = project('snippet', { type: 'module', tools: ['tsx'], files: { [file]: b.code } });
    const [cmd, ...args] = b.tag![2]!.split(' ');
    const r = await p.run(cmd!, args);
    expectOk(r, b.tag![2]!);
    expect(r.stderr).toBe('');
    // a `console.log(…); // value` line shows what it prints
    const shown = [...b.code.matchAll(/^console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    expect(r.stdout.trim().split('\n').filter(Boolean)).toEqual(shown);
  });
});

it('the README tsconfig route names the ts-patch engines caveat it is tested under', () => {
  const tsPatch = JSON.parse(readFileSync(join(repo, 'node_modules/ts-patch/package.json'), 'utf8'));
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  expect(readme).toContain(`declares \`"node": "${tsPatch.engines.node}"\` in its \`engines\``);
  expect(readme).toContain('TS990002');
});
