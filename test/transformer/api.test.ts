/** The programmatic API: options validation, createTransformer, instrument (maps, diagnostics, idempotence), classes, scripts. */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { transformSync } from 'esbuild';
import statetrailProgramTransformer, {
  createTransformer,
  findSites,
  instrument,
  validateOptions,
} from 'statetrail/transformer';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ts6 } from '../../transformer/ts6';

describe('options', () => {
  it('an unknown option is an error that lists the valid ones', () => {
    expect(() => validateOptions({ variable: true })).toThrow(
      /unknown option "variable"\. Valid options: include \(string \| string\[\] \(globs\)\), exclude .*, classes .*, variables \(boolean\), root/,
    );
  });
  it('a mistyped option is an error', () => {
    expect(() => validateOptions({ variables: 'yes' })).toThrow(/"variables" must be boolean, got string/);
    expect(() => validateOptions({ include: [1] })).toThrow(/"include" must be string \| string\[\]/);
    expect(() => validateOptions({ root: 3 })).toThrow(/"root" must be a string/);
    expect(() => validateOptions([])).toThrow(/options must be an object, got array/);
    expect(() => createTransformer({ clases: '**' } as never)).toThrow(/unknown option "clases"/);
  });
  it('the user options object is not mutated', () => {
    const o = Object.freeze({ include: Object.freeze(['src/**']) as readonly string[], variables: true });
    expect(() => instrument('a.b = 1;', '/p/src/a.ts', o)).not.toThrow();
  });
});

describe('createTransformer', () => {
  it('works in transpileModule with the user TypeScript 6 passed in', () => {
    const out = ts.transpileModule('export const o = { x: 0 }; o.x = 1;', {
      fileName: 'a.ts',
      compilerOptions: { module: ts.ModuleKind.ESNext },
      transformers: { before: [createTransformer({}, ts)] },
    });
    expect(out.outputText).toMatch(/^import \* as __st\$rt from "statetrail\/runtime";/);
    expect(out.outputText).toContain('__st$d(o.x = __st$a(__st$s + 0, 1))');
  });
  it('the ts-patch entry validates its options and ignores the ts-patch keys', () => {
    const program = ts.createProgram({ rootNames: [], options: {} });
    expect(
      typeof statetrailProgramTransformer(
        program,
        { transform: 'statetrail/transformer', after: false, variables: true },
        { ts },
      ),
    ).toBe('function');
    expect(() =>
      statetrailProgramTransformer(program, { transform: 'statetrail/transformer', varibles: true }, { ts }),
    ).toThrow(/unknown option "varibles"/);
  });
});

describe('instrument', () => {
  const src =
    'import { x } from "./x";\n\nexport function f(o: { a: number }) {\n  o.a = x;\n  return o;\n}\n';

  it('returns TypeScript with types kept and a source map to the original', () => {
    const r = instrument(src, '/p/src/f.ts', { root: '/p' });
    expect(r.changed).toBe(true);
    expect(r.code).toContain('o: {');
    expect(r.code).toContain('sites("src/f.ts", [[4, 3, "o.a = x"]])');
    const map = new TraceMap(r.map as never);
    const lines = r.code.split('\n');
    const line = lines.findIndex((l) => l.includes('o.a = __st$a')) + 1;
    const column = lines[line - 1]!.indexOf('o.a = __st$a');
    const pos = originalPositionFor(map, { line, column });
    expect({ line: pos.line, column: pos.column, source: pos.source }).toEqual({
      line: 4,
      column: 2,
      source: '/p/src/f.ts',
    });
  });

  it('is idempotent: an instrumented file is skipped', () => {
    const once = instrument(src, '/p/src/f.ts', { root: '/p' });
    const twice = instrument(once.code, '/p/src/f.ts', { root: '/p' });
    expect(twice.changed).toBe(false);
    expect(twice.code).toBe(once.code);
  });

  it('a syntax error gives a diagnostic with file:line:column and leaves the code as it is', () => {
    const bad = 'const a = 1;\nconst b = {;\n';
    const r = instrument(bad, '/p/src/bad.ts', { root: '/p' });
    expect(r.changed).toBe(false);
    expect(r.code).toBe(bad);
    expect(r.diagnostics[0]).toMatchObject({ file: 'src/bad.ts', line: 2, column: 12 });
    expect(r.diagnostics[0]!.message).toMatch(/syntax error/);
  });

  it('include / exclude globs (relative to root), node_modules and .d.ts are never instrumented', () => {
    const code = 'o.a = 1;';
    expect(instrument(code, '/p/src/a.ts', { root: '/p', include: 'src/**' }).changed).toBe(true);
    expect(instrument(code, '/p/lib/a.ts', { root: '/p', include: 'src/**' }).changed).toBe(false);
    expect(instrument(code, '/p/src/a.ts', { root: '/p', exclude: '**/a.ts' }).changed).toBe(false);
    expect(instrument(code, '/p/node_modules/x/a.ts', { root: '/p' }).changed).toBe(false);
    expect(instrument('declare let o: any;', '/p/src/a.d.ts', { root: '/p' }).changed).toBe(false);
  });

  it('a script stays a script (no import), a module gets the runtime import', () => {
    const script = instrument('var o = { a: 0 };\no.a = 1;\n', '/p/s.ts', { root: '/p' }).code;
    expect(script).not.toMatch(/\bimport\b|\brequire\b/);
    const sf = ts6.createSourceFile('s.ts', script, ts6.ScriptTarget.Latest, true);
    expect(ts6.isExternalModule(sf)).toBe(false);
    expect(script).toContain('globalThis[Symbol.for("statetrail.runtime")]');
    const module = instrument('export const o = { a: 0 };\no.a = 1;\n', '/p/m.ts', { root: '/p' }).code;
    expect(module).toContain('import * as __st$rt from "statetrail/runtime";');
  });

  it('every generated name is file-unique in scripts (two scripts share one global scope)', () => {
    const a = instrument('var o = { a: 0 };\no.a = 1;\n', '/p/a.ts', { root: '/p' }).code;
    const b = instrument('var o = { a: 0 };\no.a = 1;\n', '/p/b.ts', { root: '/p' }).code;
    const names = (s: string) => new Set(s.match(/_?_st\$[\w$]+/g));
    const shared = [...names(a)].filter((n) => names(b).has(n) && n !== '__st$rt');
    expect(shared).toEqual([]);
  });
});

describe('option classes', () => {
  it('every class in matching files gets trackClass once defined (a static block only for anonymous ones)', () => {
    const code = instrument(
      'export class A { static made = A.make(); static make() { return new A(); } x = 1; }\nexport const B = class extends A {};\nexport const N = class Named {};\n',
      '/p/src/model.ts',
      { root: '/p', classes: 'src/**' },
    ).code;
    expect(code.match(/static \{ __st\$rt\.trackClass\(this\); \}/g)?.length).toBe(1);
    expect(code).toMatch(/^__st\$rt\.trackClass\(A, true\);$/m);
    const js = ts6.transpileModule(code, {
      compilerOptions: { module: ts6.ModuleKind.CommonJS, target: ts6.ScriptTarget.ES2022 },
    }).outputText;
    const seen: string[] = [];
    const rt = {
      pending: {},
      sites: () => 1,
      trackClass: (c: { name: string }) => seen.push(`trackClass ${c.name}`),
      trackInstance: (i: { x?: number }, c: { name: string }, nt: { name: string }) =>
        seen.push(`instance of ${c.name} (new ${nt.name}), x=${i.x}`),
    };
    const mod = { exports: {} as Record<string, any> };
    new Function('require', 'module', 'exports', js)(() => rt, mod, mod.exports);
    // A's static initializer constructs an instance before A is marked: its constructor finishes it anyway
    expect(seen).toEqual(['instance of A (new A), x=1', 'trackClass A', 'trackClass B', 'trackClass Named']);
    seen.length = 0;
    new mod.exports.B();
    // B, an anonymous class expression, cannot name itself in a constructor: it gets trackClass only
    expect(seen).toEqual(['instance of A (new B), x=1']);
    expect(mod.exports.A.made).toBeInstanceOf(mod.exports.A);
    expect(mod.exports.B.name).toBe('B');
    expect(mod.exports.N.name).toBe('Named');
    expect(new mod.exports.B()).toBeInstanceOf(mod.exports.A);
  });
  it('esbuild lowering below ES2022 keeps class names (no self-referencing static block)', () => {
    const code = instrument(
      'export class Plain { x = 1; }\nexport const named = Plain.name;\n',
      '/p/src/p.ts',
      {
        root: '/p',
        classes: 'src/**',
      },
    ).code;
    const js = transformSync(code, { loader: 'ts', format: 'cjs', target: 'es2020' }).code;
    expect(js).not.toMatch(/class _Plain/);
    const rt = { pending: { s: 0 }, sites: () => 1, trackClass: () => {}, trackInstance: () => {} };
    const mod = { exports: {} as Record<string, any> };
    new Function('require', 'module', 'exports', js)(() => rt, mod, mod.exports);
    expect(mod.exports.named).toBe('Plain');
  });
  it('classes in files that do not match are left alone; explain lists them', () => {
    expect(instrument('export class A {}', '/p/lib/a.ts', { root: '/p', classes: 'src/**' }).changed).toBe(
      false,
    );
    const sf = ts6.createSourceFile('a.ts', 'class A {}', ts6.ScriptTarget.Latest, true);
    expect(findSites(ts6, sf, { members: true, variables: false, classes: true }).classes.length).toBe(1);
  });
});
