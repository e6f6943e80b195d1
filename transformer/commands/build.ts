/**
 * `statetrail build -p tsconfig.json` — whole-program emit with the transformer, for projects that use
 * plain tsc (or TypeScript 7, which has no transformer API): the TypeScript 6 bundled with statetrail
 * type-checks and emits the project like `tsc -p`, with the writes instrumented. Options come from the
 * tsconfig `plugins` entry `{ "transform": "statetrail/transformer", ... }` when there is one.
 */
import path from 'node:path';
import { Project } from 'ts-morph';
import type * as TS from 'typescript';
import { resolveOptions, TS_PATCH_KEYS, validateOptions } from '../options';
import { statetrailFactory } from '../transform';
import { ts6 } from '../ts6';
import { type Command, parseArgs } from './command';

export const build: Command = {
  name: 'build',
  summary: 'type-check and emit a project like `tsc -p`, with statetrail instrumentation',
  usage: 'statetrail build [-p tsconfig.json] [--variables] [--classes <glob>]... [--noEmitOnError]',
  run(args, io) {
    const ts = ts6;
    const parsed = parseArgs(args, {
      flags: ['variables', 'help'],
      values: ['project'],
      multi: ['classes'],
      aliases: { '-p': '--project' },
    });
    if (parsed.flags.has('help')) {
      io.out(`usage: ${build.usage}`);
      return 0;
    }
    if (parsed.unknown.length > 0) {
      io.err(`statetrail build: unknown argument(s) ${parsed.unknown.join(', ')}\nusage: ${build.usage}`);
      return 2;
    }
    const projectArg = path.resolve(io.cwd, parsed.values.get('project')?.[0] ?? 'tsconfig.json');
    const configPath = ts.sys.directoryExists(projectArg)
      ? path.join(projectArg, 'tsconfig.json')
      : projectArg;
    const host: TS.FormatDiagnosticsHost = {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => io.cwd,
      getNewLine: () => '\n',
    };
    const report = (diagnostics: readonly TS.Diagnostic[]) => {
      if (diagnostics.length > 0)
        io.err(ts.formatDiagnosticsWithColorAndContext(diagnostics, host).trimEnd());
    };
    if (!ts.sys.fileExists(configPath)) {
      io.err(`statetrail build: cannot read ${configPath}`);
      return 2;
    }
    // ts-morph's Project gives a compiler host that serves the default libs of the TS 6 it bundles.
    let project: Project;
    try {
      project = new Project({ tsConfigFilePath: configPath });
    } catch (e) {
      io.err(`statetrail build: ${(e as Error).message}`);
      return 2;
    }
    const config = { options: project.getCompilerOptions() as unknown as TS.CompilerOptions };
    const plugins = (config.options.plugins ?? []) as unknown as Record<string, unknown>[];
    const entry = plugins.find(
      (p) => typeof p.transform === 'string' && p.transform.startsWith('statetrail'),
    );
    let user: ReturnType<typeof validateOptions>;
    try {
      user = validateOptions(entry ?? {}, TS_PATCH_KEYS);
    } catch (e) {
      io.err((e as Error).message);
      return 2;
    }
    const cliClasses = parsed.values.get('classes');
    const options = resolveOptions(
      {
        ...user,
        ...(parsed.flags.has('variables') ? { variables: true } : {}),
        ...(cliClasses ? { classes: cliClasses } : {}),
      },
      { root: path.dirname(configPath) },
    );
    const program = project.getProgram().compilerObject as unknown as TS.Program;
    const diagnostics: TS.Diagnostic[] = [...ts.getPreEmitDiagnostics(program)];
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
    report(ts.sortAndDeduplicateDiagnostics(diagnostics));
    const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
    if (emitted.emitSkipped) {
      io.err('statetrail build: emit skipped');
      return 1;
    }
    return errors > 0 ? 1 : 0;
  },
};
