/**
 * `statetrail build -p tsconfig.json` — whole-program emit with the transformer, for projects that use
 * plain tsc (or TypeScript 7, which has no transformer API): the TypeScript 6 bundled with statetrail
 * type-checks and emits the project like `tsc -p`, with the writes instrumented. Options come from the
 * tsconfig `plugins` entry `{ "transform": "statetrail/transformer", ... }` when there is one.
 * The compiler is loaded when the command runs, not when the bin starts.
 */
import { existsSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import type * as TS from 'typescript';
import { listFlag, stringFlag } from '../args';
import type { Command, CommandIO, Parsed } from '../command';
import { untilStopped } from '../stop';

const USAGE =
  'usage: statetrail build [-p tsconfig.json] [--watch] [--noEmitOnError] [--variables] [--classes <glob>]...';

export const command: Command = {
  name: 'build',
  help: `${USAGE}

Type-checks and emits the project like \`tsc -p\`, with statetrail instrumentation, using the
TypeScript 6 that ships with statetrail (works whatever \`typescript\` the project has, 7 included).

options:
  -p, --project <path>   tsconfig.json, or a folder holding one (default: ./tsconfig.json)
  -w, --watch            rebuild when a source file or the tsconfig changes (Ctrl-C to stop)
  --noEmitOnError        emit nothing when there are errors (as tsc's option)
  --variables            also instrument let/var assignments
  --classes <glob>       track every instance of the classes in these files (repeatable)
  -h, --help             this text`,
  flags: {
    project: { type: 'string', short: 'p' },
    watch: { type: 'boolean', short: 'w' },
    noEmitOnError: { type: 'boolean' },
    variables: { type: 'boolean' },
    classes: { type: 'string', multiple: true },
  },
  positionals: false,
  async run(args, io) {
    const projectArg = path.resolve(io.cwd, stringFlag(args, 'project') ?? 'tsconfig.json');
    const configPath =
      existsSync(projectArg) && statSync(projectArg).isDirectory()
        ? path.join(projectArg, 'tsconfig.json')
        : projectArg;
    if (!existsSync(configPath)) {
      io.err(`statetrail build: cannot read ${configPath}`);
      return 2;
    }
    if (args.values.watch !== true) return (await buildOnce(configPath, args, io)).code;
    return watchBuild(configPath, args, io);
  },
};

interface BuildResult {
  code: number;
  /** The project's own source files and its tsconfig(s), to watch. */
  inputs: string[];
}

async function buildOnce(configPath: string, args: Parsed, io: CommandIO): Promise<BuildResult> {
  const [{ Project }, { ts6: ts }, { pluginOptions, resolveOptions }, { statetrailFactory }] =
    await Promise.all([
      import('ts-morph'),
      import('../../transformer/ts6'),
      import('../../transformer/options'),
      import('../../transformer/transform'),
    ]);
  const host: TS.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => io.cwd,
    getNewLine: () => '\n',
  };
  const report = (diagnostics: readonly TS.Diagnostic[]) => {
    if (diagnostics.length === 0) return;
    const format = io.color.err ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
    io.err(format(diagnostics, host).trimEnd());
  };
  const inputs = [configPath];
  // ts-morph's Project gives a compiler host that serves the default libs of the TS 6 it bundles.
  let project: InstanceType<typeof Project>;
  try {
    project = new Project({
      tsConfigFilePath: configPath,
      ...(args.values.noEmitOnError === true ? { compilerOptions: { noEmitOnError: true } } : {}),
    });
  } catch (e) {
    io.err(`statetrail build: ${(e as Error).message}`);
    return { code: 2, inputs };
  }
  const config = { options: project.getCompilerOptions() as unknown as TS.CompilerOptions };
  let user: ReturnType<typeof pluginOptions>;
  try {
    user = pluginOptions(config.options);
  } catch (e) {
    io.err((e as Error).message);
    return { code: 2, inputs };
  }
  const cliClasses = listFlag(args, 'classes');
  const options = resolveOptions(
    {
      ...user,
      ...(args.values.variables === true ? { variables: true } : {}),
      ...(cliClasses.length > 0 ? { classes: cliClasses } : {}),
    },
    { root: path.dirname(configPath) },
  );
  const program = project.getProgram().compilerObject as unknown as TS.Program;
  for (const sf of program.getSourceFiles())
    if (!sf.fileName.includes('/node_modules/')) inputs.push(sf.fileName);
  const diagnostics: TS.Diagnostic[] = [...ts.getPreEmitDiagnostics(program)];
  // ts-morph parses files without their module format (package.json "type", .mts/.cts), so under
  // node16/nodenext every file would be emitted as ESM: give the emit the format tsc would. (Set before
  // the program is made, it breaks ts-morph's module resolution, which passes no resolution mode.)
  const packageJsons = ts
    .createModuleResolutionCache(io.cwd, (f) => f, config.options)
    .getPackageJsonInfoCache();
  for (const sf of program.getSourceFiles())
    if (sf.impliedNodeFormat === undefined)
      sf.impliedNodeFormat = ts.getImpliedNodeFormatForFile(
        sf.fileName,
        packageJsons,
        ts.sys,
        config.options,
      );
  const warnings: TS.Diagnostic[] = [];
  const factory = statetrailFactory(ts, options, {
    onDiagnostic: (d, sf) =>
      warnings.push({
        category: ts.DiagnosticCategory.Warning,
        code: 990001,
        file: sf,
        start: sf.getPositionOfLineAndCharacter(d.line - 1, d.column - 1),
        length: 1,
        messageText: d.message,
      }),
  });
  const emitted = program.emit(undefined, undefined, undefined, undefined, { before: [factory] });
  diagnostics.push(...emitted.diagnostics, ...warnings);
  const unique = ts.sortAndDeduplicateDiagnostics(diagnostics);
  report(unique);
  const errors = unique.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
  if (emitted.emitSkipped) {
    io.err(`statetrail build: emit skipped${errors > 0 ? ` (${errors} error(s), --noEmitOnError)` : ''}`);
    return { code: 1, inputs };
  }
  return { code: errors > 0 ? 1 : 0, inputs };
}

/** Rebuilds the whole program when an input changes, like `tsc -w` (without its incremental state). */
async function watchBuild(configPath: string, args: Parsed, io: CommandIO): Promise<number> {
  const watchers = new Map<string, ReturnType<typeof watch>>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const rebuild = async () => {
    const { code, inputs } = await buildOnce(configPath, args, io);
    io.err(
      `[${new Date().toLocaleTimeString()}] ${code === 0 ? 'Build finished.' : 'Build finished with errors.'} Watching for file changes.`,
    );
    // One watcher per folder of an input (recursive watching is not on every platform Node 20 runs).
    for (const dir of new Set(inputs.map((f) => path.dirname(f)))) {
      if (watchers.has(dir) || !existsSync(dir)) continue;
      watchers.set(
        dir,
        watch(dir, (_event, name) => {
          // sources and configs, not what the build itself writes (.js, .d.ts)
          const file = String(name ?? '');
          if (!/\.(?:[cm]?tsx?|json)$/.test(file) || /\.d\.[cm]?ts$/.test(file)) return;
          clearTimeout(timer);
          timer = setTimeout(() => {
            running = running.then(rebuild);
          }, 100);
        }),
      );
    }
  };
  running = rebuild();
  await untilStopped(io.signal);
  clearTimeout(timer);
  for (const w of watchers.values()) w.close();
  await running;
  return 0;
}
