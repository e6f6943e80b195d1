/**
 * `statetrail explain <files|folders|globs>` — lists every site the transformer would instrument and
 * what it would record. Uses the transformer's own site recognition, with the bundled TypeScript 6.
 */
import path from 'node:path';
import type * as TS from 'typescript';
import { listFlag, stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { expandFiles } from '../files';

const USAGE =
  'usage: statetrail explain <files|folders|globs...> [--variables] [--classes <glob>]... [--root <dir>] [--json]';

interface Row {
  file: string;
  line: number;
  column: number;
  kind: string;
  code: string;
  records: string;
}

export const command: Command = {
  name: 'explain',
  help: `${USAGE}

Lists every write the transformer would instrument in these files, and what it records. Globs
(src/**/*.ts, quoted or not) are expanded here, whatever the shell; a folder means its TypeScript
files. Files outside --root (symlinks included) are not read.

options:
  --variables        also instrument let/var assignments
  --classes <glob>   track every instance of the classes in these files (repeatable)
  --root <dir>       the project folder: site paths are relative to it (default: .)
  --json             the sites as a JSON array
  -h, --help         this text`,
  flags: {
    variables: { type: 'boolean' },
    json: { type: 'boolean' },
    root: { type: 'string' },
    classes: { type: 'string', multiple: true },
  },
  positionals: true,
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('no file given');
    const root = path.resolve(io.cwd, stringFlag(args, 'root') ?? '.');
    const { files, problems } = expandFiles(args.positionals, io.cwd, root);
    for (const p of problems) io.err(`statetrail explain: ${p}`);
    const [{ Project }, { ts6 }, { resolveOptions }, { findSites }] = await Promise.all([
      import('ts-morph'),
      import('../../transformer/ts6'),
      import('../../transformer/options'),
      import('../../transformer/sites'),
    ]);
    const options = resolveOptions(
      { root, variables: args.values.variables === true, classes: listFlag(args, 'classes') },
      { root },
    );
    const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
    const rows: Row[] = [];
    let failed = problems.length;
    for (const abs of files) {
      let sf: TS.SourceFile;
      try {
        sf = project.addSourceFileAtPath(abs).compilerNode as unknown as TS.SourceFile;
      } catch (e) {
        io.err(`statetrail explain: ${options.relative(abs)}: ${(e as Error).message}`);
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
      for (const s of found.sites)
        rows.push({
          file,
          line: s.line,
          column: s.column,
          kind: `${s.kind}/${s.target}`,
          code: s.code,
          records: s.records,
        });
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
    if (args.values.json === true) io.out(JSON.stringify(rows, null, 2));
    else {
      for (const r of rows)
        io.out(`${r.file}:${r.line}:${r.column}  ${r.kind.padEnd(16)} ${r.code}\n    records: ${r.records}`);
      io.out(`${rows.length} site(s) in ${files.length} file(s)`);
    }
    return failed > 0 ? 1 : 0;
  },
};
