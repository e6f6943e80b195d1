import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/** The layer entries of the map in src/index.ts, bottom first: "errors.ts", "history/", ... */
function mapOrder(): string[] {
  const header = readFileSync(join(src, 'index.ts'), 'utf8').split('*/')[0]!;
  return [...header.matchAll(/^ \* - ([\w-]+(?:\.ts|\/))\s/gm)].map((m) => m[1]!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier a file names: static imports and re-exports (type-only too), import(), require(). */
function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** The map entry a file of src/ belongs to: its top folder ("history/") or its own name at the root. */
function entryOf(file: string): string {
  const rel = relative(src, file).split(/[\\/]/);
  return rel.length === 1 ? rel[0]! : `${rel[0]}/`;
}

const order = mapOrder();
/** Folders the map does not list yet (new work) rank just below index.ts, above everything else. */
function rank(entry: string): number {
  const i = order.indexOf(entry);
  return i >= 0 ? i : order.indexOf('index.ts') - 0.5;
}

const files = sourceFiles(src);
/** The file a relative specifier names (sources import without the extension). */
function targetOf(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const path = resolve(dirname(file), spec);
  return path.endsWith('.ts') ? path : `${path}.ts`;
}

const edges = files.flatMap((file) =>
  specifiers(file).map((spec) => ({ file, spec, target: targetOf(file, spec) })),
);

describe('the layers of src/', () => {
  it('lists every file and folder of src/ in the map of src/index.ts, once', () => {
    expect(order.length).toBeGreaterThan(10);
    expect(new Set(order).size).toBe(order.length);
    const present = new Set(files.map(entryOf));
    for (const entry of order) expect(present, `map entry ${entry} has no file`).toContain(entry);
    expect(order.at(-1)).toBe('index.ts');
  });

  it('imports only from the same layer or one below it', () => {
    const upward = edges
      .filter((e) => e.target !== null)
      .filter((e) => rank(entryOf(e.target!)) > rank(entryOf(e.file)))
      .map(
        (e) =>
          `${relative(src, e.file)} imports ${e.spec} (${entryOf(e.target!)} is above ${entryOf(e.file)})`,
      );
    expect(upward).toEqual([]);
  });

  it('never reaches outside src/ but for Node builtins and packages', () => {
    const outside = edges
      .filter((e) => e.target !== null && relative(src, e.target).startsWith('..'))
      .map((e) => `${relative(src, e.file)} imports ${e.spec}`);
    expect(outside).toEqual([]);
    const bare = edges.filter((e) => e.target === null).map((e) => e.spec);
    expect(bare.filter((s) => s.startsWith('statetrail'))).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const deps = new Map<string, string[]>();
    for (const e of edges) {
      if (e.target === null) continue;
      deps.set(e.file, [...(deps.get(e.file) ?? []), e.target]);
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => relative(src, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const d of deps.get(file) ?? []) visit(d, [...trail, file]);
      state.set(file, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
