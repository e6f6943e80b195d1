/**
 * Options of the transformer, shared by every delivery (ts-patch, createTransformer, instrument, bundler
 * plugins, Jest, CLI). Validated once, compiled once (glob matchers), never mutated.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { closest } from './suggest';

export interface TransformerOptions {
  /** Files to instrument (globs, relative to `root`). Default: every .ts/.tsx/.mts/.cts/.js/.jsx/.mjs/.cjs file. */
  include?: string | readonly string[];
  /** Files never instrumented (globs). Default: `**\/node_modules/**` and `**\/*.d.ts`. */
  exclude?: string | readonly string[];
  /** Every class declared in files matching these globs is tracked as if it were `@tracked`. Default: none. */
  classes?: string | readonly string[];
  /** Record reassignments of `let` / `var` bindings (label = the variable name). Default: false. */
  variables?: boolean;
  /** Project root: `site.file` is relative to it. Default: the tsconfig's folder, or `process.cwd()`. */
  root?: string;
}

export interface ResolvedOptions {
  readonly root: string;
  readonly variables: boolean;
  /** `classes` is set: member writes pass their target to the runtime (generate/state.ts `keyed`). */
  readonly keyed: boolean;
  /** Whether member writes in this file are instrumented (include/exclude). */
  instruments(file: string): boolean;
  /** Whether classes declared in this file get `trackClass` (classes/exclude). */
  tracksClasses(file: string): boolean;
  /** Path of the file relative to root, posix separators (what `site.file` holds). */
  relative(file: string): string;
}

const VALID: Record<keyof TransformerOptions, string> = {
  include: 'string | string[] (globs)',
  exclude: 'string | string[] (globs)',
  classes: 'string | string[] (globs)',
  variables: 'boolean',
  root: 'string (a folder)',
};

const DEFAULT_INCLUDE = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];
const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];

/** Keys that ts-patch puts in a plugin entry next to the user's options. */
export const TS_PATCH_KEYS = new Set([
  'transform',
  'type',
  'import',
  'after',
  'afterDeclarations',
  'transformProgram',
  'resolvePathAliases',
  'tsConfig',
  'isEsm',
  'name',
]);

function closestHint(key: string, valid: readonly string[]): string {
  const c = closest(key, valid);
  return c === undefined ? '' : `. Did you mean "${c}"?`;
}

export class OptionsError extends Error {
  override name = 'StatetrailOptionsError';
}

function validList(key: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new OptionsError(
    `statetrail: option "${key}" must be ${VALID[key as keyof TransformerOptions]}, got ${typeof value}`,
  );
}

/** Checks user options: an unknown or mistyped option throws an error that lists the valid ones. */
export function validateOptions(input: unknown, ignore: ReadonlySet<string> = new Set()): TransformerOptions {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new OptionsError(
      `statetrail: options must be an object, got ${Array.isArray(input) ? 'array' : typeof input}`,
    );
  }
  const valid = Object.keys(VALID);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (ignore.has(key)) continue;
    if (!(key in VALID)) {
      throw new OptionsError(
        `statetrail: unknown option "${key}". Valid options: ${valid.map((k) => `${k} (${VALID[k as keyof TransformerOptions]})`).join(', ')}${closestHint(key, valid)}`,
      );
    }
    if (key === 'variables' && value !== undefined && typeof value !== 'boolean') {
      throw new OptionsError(`statetrail: option "variables" must be boolean, got ${typeof value}`);
    }
    if (key === 'root' && value !== undefined && typeof value !== 'string') {
      throw new OptionsError(`statetrail: option "root" must be a string (a folder), got ${typeof value}`);
    }
    if (key === 'include' || key === 'exclude' || key === 'classes') validList(key, value);
    out[key] = value;
  }
  return out as TransformerOptions;
}

/**
 * The options of a tsconfig's `plugins` entry `{ "transform": "statetrail/transformer", ... }`, checked
 * (ts-patch's own keys ignored); `{}` without such an entry. How `statetrail build` and
 * `statetrail/register` read a project's options.
 */
export function pluginOptions(compilerOptions: object): TransformerOptions {
  // `plugins` is not in TypeScript's public CompilerOptions type
  const plugins = ((compilerOptions as { plugins?: unknown }).plugins ?? []) as Record<string, unknown>[];
  const entry = plugins.find((p) => typeof p.transform === 'string' && p.transform.startsWith('statetrail'));
  return validateOptions(entry ?? {}, TS_PATCH_KEYS);
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Validates and compiles options once (glob matchers are built here, not per file). */
export function resolveOptions(input: unknown, defaults: { root?: string } = {}): ResolvedOptions {
  const o = validateOptions(input);
  const root = path.resolve(o.root ?? defaults.root ?? process.cwd());
  const pm = { dot: true };
  const include = picomatch([...(validList('include', o.include) ?? DEFAULT_INCLUDE)], pm);
  const exclude = picomatch([...DEFAULT_EXCLUDE, ...(validList('exclude', o.exclude) ?? [])], pm);
  const classList = validList('classes', o.classes) ?? [];
  const classes = classList.length > 0 ? picomatch([...classList], pm) : () => false;
  const relative = (file: string): string => {
    const abs = path.isAbsolute(file) ? file : path.resolve(root, file);
    return toPosix(path.relative(root, abs));
  };
  return {
    root,
    variables: o.variables ?? false,
    keyed: classList.length > 0,
    relative,
    instruments: (file) => {
      const rel = relative(file);
      return include(rel) && !exclude(rel);
    },
    tracksClasses: (file) => {
      const rel = relative(file);
      return classes(rel) && !exclude(rel);
    },
  };
}
