import { describe, expect, it } from 'vitest';
import { hasDecorators, lowerDecorators } from '../../transformer/vite-decorators';

describe('the Vite plugin finds decorators by scanning', () => {
  it.each([
    ['@tracked class A {}', true],
    ['class A { @untracked x = 1 }', true],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    ['const s = `${a} ${`${b}`} x`; @dec class A {}', true],
    ['const r = /`/; @dec class A {}', true],
    ['const n = a / b; @dec class A {}', true],
  ])('%s → %s', (code, expected) => {
    expect(hasDecorators(code, 'a.ts')).toBe(expected);
  });

  it.each([
    '/** @param x the value */ function f(x: number) {}',
    '// @ts-ignore\nconst a = 1;',
    "const mail = 'ann@example.com';",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    'const t = `${user}@${host}`;',
    'const r = /a@b/;',
  ])('%s has none', (code) => {
    expect(hasDecorators(code, 'a.ts')).toBe(false);
  });
});

describe('lowerDecorators', () => {
  it('turns a standard-decorated class into JavaScript Node 20 can parse, with a source map', () => {
    const out = lowerDecorators(
      'const log: string[] = [];\nfunction dec(c: any, ctx: ClassDecoratorContext) { log.push(String(ctx.name)); }\n@dec class A {}\nexport { A, log };\n',
      '/nowhere/a.ts',
    );
    expect(out.code).not.toMatch(/^\s*@dec/m);
    expect(out.code).not.toContain(': string[]');
    expect(JSON.parse(out.map).sources).toEqual(['a.ts']);
    const mod = new Function(`${out.code.replace(/^export .*$/m, '')}; return log;`)();
    expect(mod).toEqual(['A']);
  });
});
