/**
 * The injected `import "statetrail/runtime"` (and every other entry) must type-resolve from the user's
 * project whatever its module resolution: `node16` from a CommonJS file (`.d.cts`, no TS1479) and from
 * an ES module, `node10` (`typesVersions`) and `bundler`. Three tiny projects are compiled against the
 * package as installed: package.json plus declarations built by tsup (dts only, into .tmp), in
 * `node_modules/statetrail`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entries } from '../../entries';
import { repo, tmp } from './fixture';

const dir = path.join(tmp, 'package-types');
const pkg = path.join(dir, 'node_modules/statetrail');

beforeAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(pkg, { recursive: true });
  fs.copyFileSync(path.join(repo, 'package.json'), path.join(pkg, 'package.json'));
  // the package's own tsup config, declarations only, written into the installed copy
  const config = path.join(dir, 'tsup.dts.config.ts');
  fs.writeFileSync(
    config,
    `import config from ${JSON.stringify(path.join(repo, 'tsup.config.ts'))};
export default { ...config, dts: { ...(config as any).dts, only: true }, outDir: ${JSON.stringify(path.join(pkg, 'dist'))} };
`,
  );
  execFileSync(
    process.execPath,
    [path.join(repo, 'node_modules/tsup/dist/cli-default.js'), '--config', config],
    {
      cwd: repo,
      stdio: 'pipe',
    },
  );
}, 600_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Imports every entry (the transformer injects `statetrail/runtime`; users import the others). */
const importsEveryEntry = entries.map((e, i) => `import * as e${i} from '${e.specifier}';`).join('\n');
const uses = `export const all = [${entries.map((_, i) => `e${i}`).join(', ')}];`;

function diagnostics(files: Record<string, string>, options: ts.CompilerOptions): string[] {
  const project = path.join(dir, `project-${Object.keys(files).join('-').replace(/\W/g, '')}`);
  fs.mkdirSync(project, { recursive: true });
  const names = Object.entries(files).map(([name, code]) => {
    fs.writeFileSync(path.join(project, name), code);
    return path.join(project, name);
  });
  fs.writeFileSync(path.join(project, 'package.json'), '{"private":true}');
  const program = ts.createProgram(names, {
    strict: true,
    noEmit: true,
    // the dependencies' own declarations (unplugin's optional hosts) are not what is tested here
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(repo, 'node_modules/@types')],
    target: ts.ScriptTarget.ES2022,
    ...options,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? path.basename(d.file.fileName) : ''}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
}

describe('every entry type-resolves from an installed statetrail', () => {
  it('node16: from a CommonJS file and from an ES module', () => {
    const code = `${importsEveryEntry}\n${uses}\n`;
    const found = diagnostics(
      { 'a.cts': code, 'b.mts': code },
      { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
    );
    expect(found).toEqual([]);
  });
  it('node10 (typesVersions)', () => {
    const found = diagnostics(
      { 'c.ts': `${importsEveryEntry}\n${uses}\n` },
      {
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        ignoreDeprecations: '6.0',
        esModuleInterop: true,
      },
    );
    expect(found).toEqual([]);
  });
  it('bundler', () => {
    const found = diagnostics(
      { 'e.ts': `${importsEveryEntry}\n${uses}\n` },
      { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
    );
    expect(found).toEqual([]);
  });
});
