/**
 * What `statetrail/register` does to one file, in either thread (the module hooks' thread for
 * `import` and hooked `require`, the main thread for Node's own `require`): TypeScript is compiled
 * with the bundled TypeScript 6 (`transpileModule`, Node 20 has no type stripping), JavaScript is
 * instrumented as written; both get an inline source map, so stack traces name the original lines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as TS from 'typescript';
import { typescript6 } from './compiler';
import { formatDiagnostic, instrument } from './instrument';
import {
  OptionsError,
  pluginOptions,
  type ResolvedOptions,
  resolveOptions,
  validateOptions,
} from './options';
import { statetrailFactory } from './transform';

/** The environment variable holding options as JSON; it overrides the tsconfig `plugins` entry per key. */
export const OPTIONS_ENV = 'STATETRAIL_OPTIONS';

export interface RegisterConfig {
  options: ResolvedOptions;
  /** The project's tsconfig compiler options (decorators, JSX), for TypeScript files. */
  compilerOptions: TS.CompilerOptions;
}

/** Files the hook compiles whatever the options say (Node cannot run them otherwise). */
export const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;
const JAVASCRIPT = /\.[cm]?js$/;

/**
 * Options as `statetrail build` reads them — the nearest tsconfig.json's `plugins` entry
 * `{ "transform": "statetrail/transformer", ... }`, root = its folder — then `STATETRAIL_OPTIONS`.
 * A bad option throws an OptionsError naming it.
 */
export function loadConfig(cwd: string, env: string | undefined): RegisterConfig {
  const ts = typescript6();
  const configPath = ts.findConfigFile(cwd, ts.sys.fileExists);
  let compilerOptions: TS.CompilerOptions = {};
  let fromConfig = {};
  if (configPath !== undefined) {
    const read = ts.readConfigFile(configPath, ts.sys.readFile);
    if (read.error) throw new OptionsError(`statetrail/register: ${flatten(ts, read.error)}`);
    // only the options: listing the project's files is tsc's business, not a loader's
    const host = { ...ts.sys, readDirectory: () => [] };
    const parsed = ts.parseJsonConfigFileContent(read.config, host, path.dirname(configPath));
    compilerOptions = parsed.options;
    fromConfig = pluginOptions(compilerOptions);
  }
  let fromEnv: unknown = {};
  if (env !== undefined && env !== '') {
    try {
      fromEnv = JSON.parse(env);
    } catch (e) {
      throw new OptionsError(
        `statetrail/register: ${OPTIONS_ENV} must be JSON options, got ${env} (${(e as Error).message})`,
      );
    }
  }
  const user = { ...fromConfig, ...validateOptions(fromEnv) };
  const root = configPath === undefined ? cwd : path.dirname(configPath);
  return { options: resolveOptions(user, { root }), compilerOptions };
}

/** Dependencies are never touched (nor is the compiler, while the options are being read). */
export function isDependency(file: string): boolean {
  return file.includes(`${path.sep}node_modules${path.sep}`);
}

/** Whether the hook handles this file at all: TypeScript anywhere, JavaScript the options instrument. */
export function handles(file: string, config: RegisterConfig): boolean {
  if (isDependency(file)) return false;
  if (TYPESCRIPT.test(file)) return true;
  return JAVASCRIPT.test(file) && (config.options.instruments(file) || config.options.tracksClasses(file));
}

/** The JavaScript Node runs for `file`, as an ES module or CommonJS (`format`). */
export function compile(
  file: string,
  format: 'module' | 'commonjs',
  config: RegisterConfig,
  source = readFileSync(file, 'utf8'),
): string {
  if (!TYPESCRIPT.test(file)) {
    const out = instrument(source, file, config.options);
    warn(out.diagnostics.map(formatDiagnostic));
    if (!out.changed || out.map === null) return source;
    return `${out.code}\n${inlineMap(out.map)}`;
  }
  const ts = typescript6();
  const warnings: string[] = [];
  const out = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: {
      ...config.compilerOptions,
      module: format === 'module' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      // Node 20 runs ES2022 natively; standard decorators are compiled below ESNext
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      // imports keep the `.ts` the user wrote: the hook resolves and compiles them
      rewriteRelativeImportExtensions: false,
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: true,
      declaration: false,
      noEmit: false,
    },
    transformers: {
      before: [
        statetrailFactory(ts, config.options, {
          onDiagnostic: (d) => warnings.push(formatDiagnostic(d)),
        }),
      ],
    },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const where = (d: TS.Diagnostic) => {
      if (d.file === undefined || d.start === undefined) return file;
      const lc = d.file.getLineAndCharacterOfPosition(d.start);
      return `${file}:${lc.line + 1}:${lc.character + 1}`;
    };
    throw new SyntaxError(errors.map((d) => `${where(d)}: ${flatten(ts, d)}`).join('\n'));
  }
  warn(warnings);
  return out.outputText;
}

function warn(lines: readonly string[]): void {
  for (const line of lines) process.stderr.write(`statetrail: ${line}\n`);
}

function flatten(ts: typeof TS, d: TS.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(d.messageText, '\n');
}

function inlineMap(map: object): string {
  return `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
}

const packageTypes = new Map<string, 'module' | 'commonjs'>();

/** `.mts`/`.mjs` are modules, `.cts`/`.cjs` CommonJS, `.ts`/`.js` follow the nearest package.json `type`. */
export function formatOf(file: string): 'module' | 'commonjs' {
  if (/\.m[jt]s$/.test(file)) return 'module';
  if (/\.c[jt]s$/.test(file)) return 'commonjs';
  return packageType(path.dirname(file));
}

function packageType(dir: string): 'module' | 'commonjs' {
  const known = packageTypes.get(dir);
  if (known !== undefined) return known;
  let type: 'module' | 'commonjs';
  try {
    type =
      JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).type === 'module'
        ? 'module'
        : 'commonjs';
  } catch (e) {
    const parent = path.dirname(dir);
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || parent === dir) type = 'commonjs';
    else type = packageType(parent);
  }
  packageTypes.set(dir, type);
  return type;
}
