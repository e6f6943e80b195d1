/**
 * Output that type-checks wherever the input did (issue 14 item 4): typed snippets are instrumented
 * through the bundler route (`instrument()`, TypeScript out) and checked with `--strict --noEmit`
 * against the real `statetrail/runtime` types. Each must type-check plain and instrumented alike.
 * Not yet: member targets inside destructuring patterns (their setter's temporaries are untyped `var`s
 * captured by the setter: TS7034 under noImplicitAny).
 */
import path from 'node:path';
import { instrument } from 'statetrail/transformer';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repo } from './fixture';

const snippets: Record<string, string> = {
  'narrowing after a member write': `
    export const o: { k?: string } = {};
    declare function get(): string;
    o.k = get();
    export const n: number = o.k.length;`,
  'logical assignment narrows': `
    export const c: { m?: Map<string, number> } = {};
    c.m ||= new Map();
    export const v = c.m.get('a');`,
  'compound and element writes': `
    export const a: number[] = [1, 2];
    export const r: Record<string, number> = {};
    a[0] += 2;
    r['x'] ??= 1;
    export const s: number = (r.y = 3) + a[1]!;`,
  'updates and delete keep their result types': `
    export const o: { n: number; t?: string } = { n: 0 };
    export const before: number = o.n++;
    export const after: number = ++o.n;
    export const gone: boolean = delete o.t;`,
  'this and super writes in classes': `
    class Base { get x() { return 0; } set x(_v: number) {} }
    export class D extends Base {
      y?: string;
      m(v: string) { this.y = v; super.x = 1; return this.y.length; }
    }`,
};

function check(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    paths: { 'statetrail/runtime': [path.join(repo, 'src/runtime.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile;
  host.readFile = (f) => files[f] ?? read(f);
  const exists = host.fileExists;
  host.fileExists = (f) => f in files || exists(f);
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && d.file.fileName in files)
    .map((d) => `${d.file!.fileName}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

describe('instrumented output type-checks with --strict', () => {
  const names = Object.keys(snippets);
  const plain: Record<string, string> = {};
  const instrumented: Record<string, string> = {};
  const keyed: Record<string, string> = {};
  names.forEach((name, i) => {
    const file = path.join(repo, `.tmp/typecheck/s${i}.ts`);
    plain[file] = snippets[name]!;
    const out = instrument(snippets[name]!, file, { root: repo });
    expect(out.changed).toBe(true);
    instrumented[file] = out.code;
    keyed[file] = instrument(snippets[name]!, file, { root: repo, classes: '**' }).code;
  });
  it('the snippets type-check plain', () => {
    expect(check(plain)).toEqual([]);
  });
  it('and instrumented', () => {
    expect(check(instrumented)).toEqual([]);
  });
  it('and instrumented with classes (keyed writes, trackClass/trackInstance)', () => {
    expect(Object.values(keyed).join('\n')).toMatch(/__st\$ak\(/);
    expect(check(keyed)).toEqual([]);
  });
});
