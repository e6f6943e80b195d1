/**
 * `statetrail show <file.jsonl>...`: reads audit trails in the serialised form and prints them
 * as a table (default) or a timeline, filtered; `--json` prints the matching lines unchanged;
 * `--follow` keeps reading as the file grows. Node only (node:fs); the bin wrapper is
 * show-bin.ts, the `statetrail` CLI dispatches `show` here.
 */
import { describeChange } from '../crumbs/format';
import type { Change } from '../history/change';
import { nodeBuiltin } from '../platform';

export interface ShowIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Stops --follow (the CLI stops on SIGINT instead). */
  signal?: AbortSignal;
}

export const USAGE = `Usage: statetrail show <file.jsonl>... [options]

Prints an audit trail written by jsonlExporter (rotated files too: list them oldest first).

Options:
  --label <label>    only changes of this target label (repeatable)
  --path <path>      only changes at or under this path: items.2.qty or items[2].qty
  --actor <actor>    only changes made by this actor (repeatable)
  --op <ops>         only these ops: set, delete, add, clear, splice (comma-separated)
  --since <time>     from this time on: ISO date, epoch milliseconds or #seq
  --until <time>     up to this time: ISO date, epoch milliseconds or #seq
  --timeline         a timeline (relative times, transactions) instead of a table
  --json             the matching lines as they are, one JSON object per line
  --follow, -f       keep printing lines as the file grows (Ctrl-C to stop)
  --help, -h         this text
`;

interface Options {
  files: string[];
  labels: string[];
  path: string[] | null;
  actors: string[];
  ops: string[];
  since: Bound | null;
  until: Bound | null;
  timeline: boolean;
  json: boolean;
  follow: boolean;
}

type Bound = { seq: number } | { time: number };

class UsageError extends Error {}

const OPS = ['set', 'delete', 'add', 'clear', 'splice'];

function parsePath(text: string): string[] {
  // items[2].qty -> ["items", "2", "qty"]; compared as strings
  return text
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
}

function parseBound(flag: string, text: string): Bound {
  if (/^#\d+$/.test(text)) return { seq: Number(text.slice(1)) };
  if (/^\d+(\.\d+)?$/.test(text)) return { time: Number(text) };
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new UsageError(
      `${flag} must be an ISO date, epoch milliseconds or #seq, got ${JSON.stringify(text)}`,
    );
  }
  return { time };
}

function parseArgs(argv: readonly string[]): Options | 'help' {
  const o: Options = {
    files: [],
    labels: [],
    path: null,
    actors: [],
    ops: [],
    since: null,
    until: null,
    timeline: false,
    json: false,
    follow: false,
  };
  const args = argv[0] === 'show' ? argv.slice(1) : [...argv];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq !== -1) return arg.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--label':
        o.labels.push(value());
        break;
      case '--path':
        o.path = parsePath(value());
        break;
      case '--actor':
        o.actors.push(value());
        break;
      case '--op':
        for (const op of value().split(',')) {
          if (!OPS.includes(op))
            throw new UsageError(`--op must be among ${OPS.join(', ')}, got ${JSON.stringify(op)}`);
          o.ops.push(op);
        }
        break;
      case '--since':
        o.since = parseBound(flag, value());
        break;
      case '--until':
        o.until = parseBound(flag, value());
        break;
      case '--timeline':
        o.timeline = true;
        break;
      case '--json':
        o.json = true;
        break;
      case '--follow':
      case '-f':
        o.follow = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        o.files.push(arg);
    }
  }
  if (o.files.length === 0) throw new UsageError('no file given');
  if (o.follow && o.files.length !== 1) throw new UsageError('--follow takes exactly one file');
  return o;
}

type Record_ = Record<string, any>;

function after(r: Record_, bound: Bound): boolean {
  return 'seq' in bound ? typeof r.seq === 'number' && r.seq >= bound.seq : r.time >= bound.time;
}
function before(r: Record_, bound: Bound): boolean {
  return 'seq' in bound ? typeof r.seq === 'number' && r.seq <= bound.seq : r.time <= bound.time;
}

function matches(r: Record_, o: Options): boolean {
  const crumb = r.kind === 'crumb';
  if (o.since !== null && !after(r, o.since)) return false;
  if (o.until !== null && !before(r, o.until)) return false;
  // Crumbs have no label, path, actor or op: any of those filters leaves them out.
  if (crumb) return o.labels.length === 0 && o.path === null && o.actors.length === 0 && o.ops.length === 0;
  if (o.labels.length !== 0 && !o.labels.includes(r.label)) return false;
  if (o.actors.length !== 0 && !o.actors.includes(r.actor)) return false;
  if (o.ops.length !== 0 && !o.ops.includes(r.op)) return false;
  if (o.path !== null) {
    const path: unknown[] = Array.isArray(r.path) ? r.path : [];
    if (path.length < o.path.length) return false;
    for (let i = 0; i < o.path.length; i++) if (String(path[i]) !== o.path[i]) return false;
  }
  return true;
}

function iso(time: number): string {
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? String(time) : d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Formats records one at a time (so --follow can print as lines arrive). */
class Printer {
  private first: number | null = null;
  private tx: string | null = null;
  private headed = false;
  constructor(
    private readonly o: Options,
    private readonly out: ShowIo['stdout'],
  ) {}

  print(r: Record_, line: string): void {
    if (this.o.json) {
      this.out.write(`${line}\n`);
      return;
    }
    if (this.o.timeline) this.timeline(r);
    else this.table(r);
  }

  private table(r: Record_): void {
    if (!this.headed) {
      this.headed = true;
      this.out.write(`${'TIME'.padEnd(23)}  ${'SEQ'.padStart(7)}  CHANGE\n`);
    }
    const seq = r.kind === 'crumb' ? '' : `#${r.seq}`;
    this.out.write(`${iso(r.time)}  ${seq.padStart(7)}  ${describe(r)}\n`);
  }

  private timeline(r: Record_): void {
    this.first ??= r.time;
    const tx = r.tx ? `${r.tx.name}#${r.tx.id}` : null;
    if (tx !== this.tx) {
      if (tx !== null) this.out.write(`── transaction ${tx}\n`);
      else if (this.tx !== null) this.out.write('──\n');
      this.tx = tx;
    }
    const offset = `+${((r.time - this.first!) / 1000).toFixed(3)}s`;
    this.out.write(`${offset.padStart(10)}  ${tx !== null ? '│ ' : ''}${describe(r)}\n`);
  }
}

function describe(r: Record_): string {
  if (r.kind === 'crumb') return `• ${r.event}${r.data === undefined ? '' : `  ${JSON.stringify(r.data)}`}`;
  try {
    return describeChange(r as unknown as Change);
  } catch {
    return JSON.stringify(r);
  }
}

/** Splits text into complete lines; returns the unfinished tail. */
function eachLine(text: string, fn: (line: string) => void): string {
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    fn(text.slice(start, nl));
    start = nl + 1;
  }
  return text.slice(start);
}

/** Runs `statetrail show`; resolves to the exit code (0 ok, 1 unreadable file, 2 usage). */
export async function main(
  argv: string[],
  io: ShowIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let o: Options | 'help';
  try {
    o = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`statetrail show: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (o === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  const fs = nodeBuiltin('node:fs');
  const printer = new Printer(o, io.stdout);
  let malformed = 0;
  const take = (line: string): void => {
    if (line.trim() === '') return;
    let r: Record_;
    try {
      r = JSON.parse(line);
    } catch {
      malformed++;
      return;
    }
    if (typeof r !== 'object' || r === null || typeof r.schema !== 'number') {
      malformed++;
      return;
    }
    if (matches(r, o)) printer.print(r, line);
  };

  let offset = 0;
  let tail = '';
  for (const file of o.files) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (error) {
      io.stderr.write(`statetrail show: cannot read ${file}: ${(error as Error).message}\n`);
      return 1;
    }
    try {
      // Read in chunks: audit trails can be larger than memory allows as one string.
      const chunk = Buffer.alloc(1 << 20);
      const decoder = new TextDecoder();
      offset = 0;
      tail = '';
      for (;;) {
        const n = fs.readSync(fd, chunk, 0, chunk.length, offset);
        if (n === 0) break;
        offset += n;
        tail = eachLine(tail + decoder.decode(chunk.subarray(0, n), { stream: true }), take);
      }
    } finally {
      fs.closeSync(fd);
    }
    if (!o.follow && tail !== '') {
      take(tail); // a last line without newline
      tail = '';
    }
  }
  if (o.follow) await follow(fs, o.files[0]!, offset, tail, take, io);
  if (malformed !== 0) io.stderr.write(`statetrail show: skipped ${malformed} malformed lines\n`);
  return 0;
}

/** Polls the file for growth (works on every file system, unlike fs.watch) until stopped. */
async function follow(
  fs: any,
  file: string,
  offset: number,
  tail: string,
  take: (line: string) => void,
  io: ShowIo,
): Promise<void> {
  const decoder = new TextDecoder();
  const chunk = Buffer.alloc(1 << 20);
  let ino = -1;
  try {
    ino = fs.statSync(file).ino;
  } catch {
    // appears later
  }
  let stopped = false;
  let wake: (() => void) | null = null;
  const stop = (): void => {
    stopped = true;
    wake?.();
  };
  io.signal?.addEventListener('abort', stop);
  const onSigint = (): void => stop();
  if (io.signal === undefined) process.once('SIGINT', onSigint);
  try {
    while (!stopped) {
      let size = offset;
      try {
        const st = fs.statSync(file);
        size = st.size;
        // Rotated (a new file under the name) or truncated: start over on the new content.
        if (st.ino !== ino || size < offset) {
          if (ino !== -1) {
            offset = 0;
            tail = '';
          }
          ino = st.ino;
        }
      } catch {
        // gone for a moment (rotation): wait for it to come back
      }
      if (size > offset) {
        const fd = fs.openSync(file, 'r');
        try {
          for (;;) {
            const n = fs.readSync(fd, chunk, 0, chunk.length, offset);
            if (n === 0) break;
            offset += n;
            tail = eachLine(tail + decoder.decode(chunk.subarray(0, n), { stream: true }), take);
          }
        } finally {
          fs.closeSync(fd);
        }
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  } finally {
    io.signal?.removeEventListener('abort', stop);
    process.off('SIGINT', onSigint);
  }
}
