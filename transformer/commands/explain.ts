/**
 * `statetrail explain <files>` — lists every site the transformer would instrument in the given files
 * and what it would record. Built on ts-morph; uses the same site recognition as the transformer.
 */
import path from 'node:path';
import { Project } from 'ts-morph';
import type * as TS from 'typescript';
import { resolveOptions, toPosix } from '../options';
import { findSites } from '../sites';
import { ts6 } from '../ts6';
import { type Command, parseArgs } from './command';

export const explain: Command = {
  name: 'explain',
  summary: 'list every write the transformer would instrument, and what it records',
  usage: 'statetrail explain <files...> [--variables] [--classes <glob>]... [--root <dir>] [--json]',
  run(args, io) {
    const parsed = parseArgs(args, {
      flags: ['variables', 'json', 'help'],
      values: ['root'],
      multi: ['classes'],
    });
    if (parsed.flags.has('help') || parsed.positionals.length === 0) {
      (parsed.flags.has('help') ? io.out : io.err)(`usage: ${explain.usage}`);
      return parsed.flags.has('help') ? 0 : 2;
    }
    if (parsed.unknown.length > 0) {
      io.err(`statetrail explain: unknown argument(s) ${parsed.unknown.join(', ')}\nusage: ${explain.usage}`);
      return 2;
    }
    const root = path.resolve(io.cwd, parsed.values.get('root')?.[0] ?? '.');
    const options = resolveOptions(
      { root, variables: parsed.flags.has('variables'), classes: parsed.values.get('classes') ?? [] },
      { root },
    );
    const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
    const rows: {
      file: string;
      line: number;
      column: number;
      kind: string;
      code: string;
      records: string;
    }[] = [];
    let failed = 0;
    for (const f of parsed.positionals) {
      const abs = path.resolve(io.cwd, f);
      let sf: TS.SourceFile;
      try {
        sf = project.addSourceFileAtPath(abs).compilerNode as unknown as TS.SourceFile;
      } catch (e) {
        io.err(`${toPosix(path.relative(io.cwd, abs))}: ${(e as Error).message}`);
        failed++;
        continue;
      }
      const file = options.relative(abs);
      for (const d of ((sf as any).parseDiagnostics ?? []) as TS.DiagnosticWithLocation[]) {
        const lc = sf.getLineAndCharacterOfPosition(d.start);
        io.err(
          `${file}:${lc.line + 1}:${lc.character + 1}: syntax error: ${ts6.flattenDiagnosticMessageText(d.messageText, '\n')}`,
        );
        failed++;
      }
      const members = options.instruments(abs);
      const found = findSites(ts6, sf, {
        members,
        variables: members && options.variables,
        classes: options.tracksClasses(abs),
      });
      for (const s of found.sites) {
        rows.push({
          file,
          line: s.line,
          column: s.column,
          kind: `${s.kind}/${s.target}`,
          code: s.code,
          records: s.records,
        });
      }
      for (const c of found.classes) {
        const lc = sf.getLineAndCharacterOfPosition(c.getStart(sf));
        const name = c.name?.text ?? '(anonymous class)';
        rows.push({
          file,
          line: lc.line + 1,
          column: lc.character + 1,
          kind: 'class',
          code: `class ${name}`,
          records: `every instance of ${name} is tracked (option classes)`,
        });
      }
    }
    rows.sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
    );
    if (parsed.flags.has('json')) io.out(JSON.stringify(rows, null, 2));
    else {
      for (const r of rows)
        io.out(`${r.file}:${r.line}:${r.column}  ${r.kind.padEnd(16)} ${r.code}\n    records: ${r.records}`);
      io.out(`${rows.length} site(s) in ${parsed.positionals.length} file(s)`);
    }
    return failed > 0 ? 1 : 0;
  },
};
