#!/usr/bin/env node
/**
 * The `statetrail` bin. Map of this folder:
 *
 *   main.ts        entry: --version, --help, dispatch, exit codes (0 ok, 1 failed, 2 usage)
 *   commands.ts    the command table; each command is loaded only when it runs
 *   command.ts     the Command and CommandIO shapes
 *   args.ts        the one argument parser (node:util parseArgs) and UsageError
 *   stop.ts        until SIGINT/SIGTERM, for the long-running commands
 *   commands/      build, explain, show, collect: one file each
 *   show/          the audit-trail viewer: reading lines, filters, table and timeline, escaping
 */
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { didYouMean } from '../transformer/suggest';
import { parseCommandArgs, UsageError } from './args';
import type { CommandIO } from './command';
import { type CommandEntry, commands } from './commands';

/** package.json sits one folder up from both cli/main.ts and dist/cli.js. */
export function version(): string {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
}

function help(list: readonly CommandEntry[]): string {
  return [
    'usage: statetrail <command> [options]     (statetrail <command> --help for its options)',
    '',
    'commands:',
    ...list.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`),
    '',
    'options:',
    '  --version, -v  print the version',
    '  --help, -h     this text',
  ].join('\n');
}

export async function main(
  argv: readonly string[],
  io: CommandIO,
  list: readonly CommandEntry[] = commands,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.out(version());
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(help(list));
    return name === undefined ? 2 : 0;
  }
  const entry = list.find((c) => c.name === name);
  if (entry === undefined) {
    const hint = didYouMean(
      name,
      list.map((c) => c.name),
      (s) => `"${s}"`,
    );
    io.err(`statetrail: unknown command "${name}"${hint}\n\n${help(list)}`);
    return 2;
  }
  const command = await entry.load();
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help === true) {
      io.out(command.help);
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`statetrail ${name}: ${e.message}\n\n${command.help}`);
      return 2;
    }
    // A system error (a file that cannot be read) is the user's to fix: its message says it; a bug keeps its stack.
    const error = e as NodeJS.ErrnoException;
    io.err(`statetrail ${name}: ${typeof error.code === 'string' ? error.message : (error.stack ?? error)}`);
    return 1;
  }
}

function colorAllowed(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

/** The process's own streams, for the bin and for programs that run a command in-process. */
export function processIO(signal: AbortSignal = new AbortController().signal): CommandIO {
  return {
    cwd: process.cwd(),
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    color: { out: colorAllowed(process.stdout), err: colorAllowed(process.stderr) },
    signal,
  };
}

/** True when this file is the program Node runs (the bin, `node dist/cli.js`, `tsx cli/main.ts`). */
function isMain(): boolean {
  const argv1 = process.argv[1] ?? '';
  return /(?:^|[\\/])(?:cli\.[cm]?js|main\.ts|statetrail)$/.test(argv1);
}

if (isMain()) {
  const stop = new AbortController();
  // A command that is listening (show --follow, build --watch, collect) stops cleanly; otherwise the
  // signal takes its default course and ends the process as it would without this handler.
  const onSignal = (signal: NodeJS.Signals) => {
    if (getEventListeners(stop.signal, 'abort').length > 0) return stop.abort();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main(process.argv.slice(2), processIO(stop.signal)).then((code) => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.exitCode = code;
  });
}
