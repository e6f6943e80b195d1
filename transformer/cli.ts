#!/usr/bin/env node
/** The `statetrail` bin: dispatches to the subcommands listed in commands/index.ts. */
import type { Command, CommandIO } from './commands/command';
import { commands } from './commands/index';

export async function main(
  argv: readonly string[],
  io: CommandIO,
  list: readonly Command[] = commands,
): Promise<number> {
  const [name, ...rest] = argv;
  const help = () =>
    `usage: statetrail <command> [options]\n\ncommands:\n${list.map((c) => `  ${c.name.padEnd(10)} ${c.summary}\n             ${c.usage}`).join('\n')}`;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 2;
  }
  const command = list.find((c) => c.name === name);
  if (!command) {
    io.err(`statetrail: unknown command "${name}"\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    io.err(`statetrail ${name}: ${(e as Error).stack ?? e}`);
    return 1;
  }
}

const isMain = (() => {
  try {
    const argv1 = process.argv[1] ?? '';
    return /(?:^|[\\/])(?:cli\.(?:[cm]?js|ts)|statetrail)$/.test(argv1);
  } catch {
    return false;
  }
})();

if (isMain) {
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
