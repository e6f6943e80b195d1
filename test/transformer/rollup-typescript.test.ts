/**
 * `@rollup/plugin-typescript` compiles in its load hook, before statetrail()'s transform sees the file
 * (issue 14 item 10): sites would name the compiled JavaScript's lines. statetrail/rollup says so once,
 * naming the fix, and the fix (statetrail's transformer in the plugin's `transformers`) records the
 * source's line. Needs the real plugin: installed as `@rollup/plugin-typescript` (with `tslib`), or
 * its package folder given in STATETRAIL_ROLLUP_TYPESCRIPT; skipped otherwise.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { rollup } from 'rollup';
import statetrail from 'statetrail/rollup';
import { createTransformer } from 'statetrail/transformer';
import { afterAll, describe, expect, it } from 'vitest';
import { tmp } from './fixture';

const require = createRequire(import.meta.url);

function pluginFolder(): string | undefined {
  if (process.env.STATETRAIL_ROLLUP_TYPESCRIPT) return process.env.STATETRAIL_ROLLUP_TYPESCRIPT;
  try {
    return path.dirname(require.resolve('@rollup/plugin-typescript/package.json'));
  } catch {
    return undefined;
  }
}
const folder = pluginFolder();

const dir = path.join(tmp, 'rollup-typescript');
const source = `interface Cart {
  total: number;
}

type Id = string;

export const cart: Cart = { total: 0 };
export const id: Id = 'x';
cart.total = 5;
`;

async function build(plugins: (typescript: any, ts: any) => any[]) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src/main.ts'), source);
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    '{"compilerOptions":{"target":"ES2022","module":"ESNext","moduleResolution":"bundler","strict":true}}',
  );
  const fromPlugin = createRequire(path.join(folder!, 'package.json'));
  const typescript = (await import(fromPlugin.resolve('@rollup/plugin-typescript'))).default;
  const ts = fromPlugin('typescript');
  const warnings: string[] = [];
  const bundle = await rollup({
    input: path.join(dir, 'src/main.ts'),
    external: [/^statetrail/],
    plugins: plugins(
      (o: object) => typescript({ tsconfig: path.join(dir, 'tsconfig.json'), include: ['**/*.ts'], ...o }),
      ts,
    ),
    onwarn: (w) => warnings.push(w.message),
  });
  const { output } = await bundle.generate({ format: 'esm' });
  return { code: output[0].code, warnings: warnings.filter((w) => w.includes('statetrail:')) };
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(folder === undefined)('@rollup/plugin-typescript', () => {
  it('statetrail() after its compilation warns once, naming the fix', async () => {
    const { code, warnings } = await build((typescript) => [statetrail({ root: dir }), typescript({})]);
    expect(code).toContain('"cart.total = 5"');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path.join(dir, 'src/main.ts'));
    expect(warnings[0]).toContain("transformers: { before: [{ type: 'program'");
  });
  it("its transformers option runs statetrail on the source: the site is the source's line", async () => {
    const { code, warnings } = await build((typescript, ts) => [
      typescript({
        transformers: { before: [{ type: 'program', factory: () => createTransformer({ root: dir }, ts) }] },
      }),
    ]);
    expect(warnings).toEqual([]);
    expect(code).toContain('[[9, 1, "cart.total = 5"]]');
  });
});
