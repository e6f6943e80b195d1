/** The one argument parser of the bin: node:util parseArgs, with errors that name the flag and suggest one. */
import { parseArgs } from 'node:util';
import { didYouMean } from '../transformer/suggest';
import type { Command, Parsed } from './command';

export class UsageError extends Error {}

export function parseCommandArgs(command: Command, args: readonly string[]): Parsed {
  const flags = { ...command.flags, help: { type: 'boolean', short: 'h' } } as const;
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: flags,
      allowPositionals: command.positionals,
      strict: true,
    });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const given = /'([^']+)'/.exec((e as Error).message)?.[1] ?? '';
      const names = Object.keys(flags).map((n) => `--${n}`);
      throw new UsageError(`unknown option ${given}${didYouMean(given.split('=')[0]!, names, (s) => s)}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError((e as Error).message.replace(/\n/g, ' '));
    }
    throw e;
  }
}

/** The one value of a string flag (the last one given wins, as in tsc). */
export function stringFlag(args: Parsed, name: string): string | undefined {
  const v = args.values[name];
  return Array.isArray(v) ? v[v.length - 1] : typeof v === 'string' ? v : undefined;
}

export function listFlag(args: Parsed, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}
