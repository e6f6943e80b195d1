import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './run';

const outside = tempDir('st-explain-outside-');
const dir = tempDir('st-explain-');
fs.mkdirSync(path.join(dir, 'src/deep'), { recursive: true });
fs.writeFileSync(path.join(dir, 'src/a.ts'), 'export function f(o: { n: number }) {\n  o.n = 1;\n}\n');
fs.writeFileSync(path.join(dir, 'src/deep/b.ts'), 'export function g(o: { n: number }) {\n  o.n += 2;\n}\n');
fs.writeFileSync(path.join(dir, 'src/types.d.ts'), 'export declare const x: number;\n');
fs.writeFileSync(path.join(outside, 'secret.ts'), 'export function s(o: { k: string }) {\n  o.k = "x";\n}\n');
fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(dir, 'src/link.ts'));

const explain = (...args: string[]) => cli(['explain', ...args], { cwd: dir });

describe('statetrail explain', () => {
  it('expands globs itself (no globstar needed) and counts only the files read', async () => {
    const r = await explain('src/**/*.ts');
    expect(r.out).toContain('src/a.ts:2:3');
    expect(r.out).toContain('src/deep/b.ts:2:3');
    expect(r.out).toContain('2 site(s) in 3 file(s)'); // a.ts, deep/b.ts, types.d.ts; not the link
    expect(r.out).not.toContain('secret');
    expect(r.err).toMatch(/src\/link\.ts: outside the project \(.*secret\.ts\); not read/);
    expect(r.code).toBe(1);
  });

  it('accepts a folder: its TypeScript sources, declarations left out', async () => {
    const r = await explain('src/deep');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('1 site(s) in 1 file(s)');
  });

  it('names missing files and globs matching nothing, without counting them', async () => {
    const r = await explain('src/a.ts', 'src/none.ts', 'lib/**/*.ts');
    expect(r.code).toBe(1);
    expect(r.err).toContain('statetrail explain: src/none.ts: file not found');
    expect(r.err).toContain('statetrail explain: lib/**/*.ts: no file matches');
    expect(r.out).toContain('1 site(s) in 1 file(s)');
  });

  it('does not read a file outside the project, named directly or through a link', async () => {
    const direct = await explain(path.join(outside, 'secret.ts'));
    expect(direct.code).toBe(1);
    expect(direct.err).toContain('outside the project');
    expect(direct.out).toContain('0 site(s) in 0 file(s)');
    expect((await explain('src/link.ts')).err).toContain('outside the project');
    // with the other folder as the project, the file is read
    expect((await explain(path.join(outside, 'secret.ts'), '--root', outside)).out).toContain(
      '1 site(s) in 1 file(s)',
    );
  });
});
