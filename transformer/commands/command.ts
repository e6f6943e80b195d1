/** The shape of a `statetrail` subcommand. Add one: write a module exporting a Command, list it in index.ts. */
export interface CommandIO {
  cwd: string;
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: readonly string[], io: CommandIO): Promise<number> | number;
}

/** Minimal flag parsing shared by commands: `--flag`, `--key value`, `-p value`, positionals. */
export function parseArgs(
  args: readonly string[],
  spec: {
    flags?: readonly string[];
    values?: readonly string[];
    multi?: readonly string[];
    aliases?: Record<string, string>;
  },
): { flags: Set<string>; values: Map<string, string[]>; positionals: string[]; unknown: string[] } {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    let a = args[i]!;
    if (spec.aliases?.[a]) a = spec.aliases[a]!;
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const [name, inline] = a.replace(/^--?/, '').split('=', 2) as [string, string | undefined];
    if (spec.flags?.includes(name)) flags.add(name);
    else if (spec.values?.includes(name) || spec.multi?.includes(name)) {
      const v = inline ?? args[++i];
      if (v === undefined) unknown.push(`${a} (missing value)`);
      else values.set(name, [...(values.get(name) ?? []), v]);
    } else unknown.push(a);
  }
  return { flags, values, positionals, unknown };
}
