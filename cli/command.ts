/** The shape of a `statetrail` subcommand: its flags (node:util parseArgs config), its help, its run. */
import type { ParseArgsConfig } from 'node:util';

export type Flags = NonNullable<ParseArgsConfig['options']>;

export interface CommandIO {
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** ANSI colour allowed on stdout / stderr (a TTY and no NO_COLOR). */
  color: { out: boolean; err: boolean };
  /** Stops long-running commands (show --follow, build --watch, collect); the bin aborts it on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** The full `--help` text; its first line is `usage: statetrail <name> …`. */
  help: string;
  /** `help` (-h) is added to every command. */
  flags: Flags;
  /** Takes positional arguments (files). */
  positionals: boolean;
  /** Returns the process exit code. Throw a UsageError (cli/args.ts) for exit code 2 with the usage. */
  run(args: Parsed, io: CommandIO): Promise<number> | number;
}
