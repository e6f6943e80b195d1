/**
 * `statetrail show <file.jsonl|folder>...`: reads audit trails in the serialised form and prints them
 * as a table (default) or a timeline, filtered; `--json` prints the matching lines; `--follow` keeps
 * reading as the file grows. Malformed, unknown-schema and oversized lines are skipped and reported
 * by line number; the viewer never aborts on a record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listFlag, stringFlag, UsageError } from '../args';
import type { Command, CommandIO } from '../command';
import { type Filter, matches, parseBound, parseOps, parsePath, type TrailRecord } from '../show/filter';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter } from '../show/lines';
import { type Layout, Printer } from '../show/print';
import { untilStopped } from '../stop';

const SCHEMA = 1;

export const command: Command = {
  name: 'show',
  help: `usage: statetrail show <file.jsonl|folder>... [options]

Prints an audit trail written by jsonlExporter (rotated files too: list them oldest first, or give
their folder: its *.jsonl files, each with its rotations, oldest first).

options:
  --label <label>    only changes of this target label (repeatable)
  --path <path>      only changes at or under this path: items.2.qty or items[2].qty
  --actor <actor>    only changes made by this actor (repeatable)
  --op <ops>         only these ops: set, delete, add, clear, splice (comma-separated)
  --since <time>     after this point, exclusive as in the API filter: ISO date, epoch ms or #seq
  --until <time>     up to this point, inclusive: ISO date, epoch ms or #seq
  --timeline         a timeline (relative times, transactions) instead of a table
  --json             the matching lines as they are, one JSON object per line
  -f, --follow       keep printing lines as the file grows (Ctrl-C to stop)
  -h, --help         this text

Colour on a terminal unless NO_COLOR is set. Lines longer than 16 MiB are skipped and counted.`,
  flags: {
    label: { type: 'string', multiple: true },
    path: { type: 'string' },
    actor: { type: 'string', multiple: true },
    op: { type: 'string', multiple: true },
    since: { type: 'string' },
    until: { type: 'string' },
    timeline: { type: 'boolean' },
    json: { type: 'boolean' },
    follow: { type: 'boolean', short: 'f' },
  },
  positionals: true,
  async run(args, io) {
    const since = stringFlag(args, 'since');
    const until = stringFlag(args, 'until');
    const pathFlag = stringFlag(args, 'path');
    const filter: Filter = {
      labels: listFlag(args, 'label'),
      actors: listFlag(args, 'actor'),
      ops: parseOps(listFlag(args, 'op')),
      path: pathFlag === undefined ? null : parsePath(pathFlag),
      since: since === undefined ? null : parseBound('--since', since),
      until: until === undefined ? null : parseBound('--until', until),
    };
    if (args.positionals.length === 0) throw new UsageError('no file given');
    const files = args.positionals.flatMap((p) => trailFiles(path.resolve(io.cwd, p), p));
    const follow = args.values.follow === true;
    if (follow && files.length !== 1) throw new UsageError('--follow takes exactly one file');
    const layout: Layout =
      args.values.json === true ? 'json' : args.values.timeline === true ? 'timeline' : 'table';
    return show(files, filter, new Printer(layout, io.out, io.color.out && layout !== 'json'), follow, io);
  },
};

/** A rotated file's age: `audit.jsonl.3` is older than `.1`, which is older than `audit.jsonl`. */
function rotation(name: string): number {
  const m = /\.jsonl\.(\d+)$/.exec(name);
  return m ? Number(m[1]) : 0;
}

/** A file as given, or a folder's trails: each base name with its rotations, oldest first. */
function trailFiles(abs: string, given: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch (e) {
    throw Object.assign(new Error(`cannot read ${given}: ${(e as Error).message}`), { code: 'EREAD' });
  }
  if (!stat.isDirectory()) return [abs];
  const names = fs.readdirSync(abs).filter((n) => /\.jsonl(?:\.\d+)?$/.test(n));
  if (names.length === 0)
    throw Object.assign(new Error(`${given} is a folder with no .jsonl file`), { code: 'EREAD' });
  const base = (n: string) => n.replace(/\.\d+$/, '');
  names.sort((a, b) => (base(a) < base(b) ? -1 : base(a) > base(b) ? 1 : rotation(b) - rotation(a)));
  return names.map((n) => path.join(abs, n));
}

async function show(
  files: readonly string[],
  filter: Filter,
  printer: Printer,
  follow: boolean,
  io: CommandIO,
): Promise<number> {
  const skipped = { malformed: [] as string[], schema: [] as string[], tooLong: [] as string[] };
  let file = '';
  const where = (lineNo: number) => (files.length > 1 ? `${path.basename(file)}:${lineNo}` : String(lineNo));
  const splitter = () =>
    new LineSplitter(
      {
        line(text, lineNo) {
          if (text.trim() === '') return;
          let r: unknown;
          try {
            r = JSON.parse(text);
          } catch {
            skipped.malformed.push(where(lineNo));
            return;
          }
          if (
            typeof r !== 'object' ||
            r === null ||
            Array.isArray(r) ||
            typeof (r as TrailRecord).schema !== 'number'
          ) {
            skipped.malformed.push(where(lineNo));
            return;
          }
          if ((r as TrailRecord).schema !== SCHEMA) {
            skipped.schema.push(where(lineNo));
            return;
          }
          if (matches(r as TrailRecord, filter)) printer.print(r as TrailRecord, text);
        },
        tooLong(lineNo, bytes) {
          skipped.tooLong.push(`${where(lineNo)} (${bytes} bytes)`);
        },
      },
      DEFAULT_MAX_LINE_BYTES,
    );
  const chunk = Buffer.alloc(1 << 20);
  let lines = splitter();
  let offset = 0;
  for (file of files) {
    lines = splitter();
    offset = readFrom(file, 0, chunk, lines);
    if (!follow) lines.end();
  }
  if (follow) await followFile(files[0]!, offset, chunk, lines, io);
  const list = (l: string[]) =>
    l.length > 10 ? `${l.slice(0, 10).join(', ')} and ${l.length - 10} more` : l.join(', ');
  if (skipped.malformed.length > 0)
    io.err(
      `statetrail show: skipped ${skipped.malformed.length} malformed line(s): line ${list(skipped.malformed)}`,
    );
  if (skipped.schema.length > 0)
    io.err(
      `statetrail show: skipped ${skipped.schema.length} line(s) of a schema other than ${SCHEMA} (written by a newer statetrail?): line ${list(skipped.schema)}`,
    );
  if (skipped.tooLong.length > 0)
    io.err(
      `statetrail show: skipped ${skipped.tooLong.length} line(s) longer than 16 MiB: line ${list(skipped.tooLong)}`,
    );
  if (printer.printed === 0 && !follow) io.err('statetrail show: no matching change or crumb');
  return 0;
}

/** Reads the file from `offset` to its end into the splitter; returns the new offset. */
function readFrom(file: string, offset: number, chunk: Buffer, lines: LineSplitter): number {
  const fd = fs.openSync(file, 'r');
  try {
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, offset);
      if (n === 0) return offset;
      offset += n;
      lines.push(chunk.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Polls the file for growth (works on every file system, unlike fs.watch) until stopped. */
async function followFile(file: string, offset: number, chunk: Buffer, lines: LineSplitter, io: CommandIO) {
  let ino = -1;
  try {
    ino = fs.statSync(file).ino;
  } catch {
    // appears later
  }
  const stopped = untilStopped(io.signal);
  while (!io.signal.aborted) {
    try {
      const st = fs.statSync(file);
      // Rotated (a new file under the name) or truncated: start over on the new content.
      if (st.ino !== ino || st.size < offset) {
        if (ino !== -1) {
          offset = 0;
          lines.reset();
        }
        ino = st.ino;
      }
      if (st.size > offset) offset = readFrom(file, offset, chunk, lines);
    } catch {
      // gone for a moment (rotation): wait for it to come back
    }
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
}
