/** `statetrail show <file.jsonl>`: the audit-trail viewer of src/export/show.ts as a subcommand. */
import { main as show, USAGE } from '../../src/export/show';
import type { Command, CommandIO } from './command';

/** A stream-like writer that hands complete lines to `emit` (show writes text, the CLI takes lines). */
function lineWriter(emit: (line: string) => void) {
  let partial = '';
  return {
    write(text: string): boolean {
      const parts = (partial + text).split('\n');
      partial = parts.pop()!;
      for (const line of parts) emit(line);
      return true;
    },
    end(): void {
      if (partial !== '') emit(partial);
      partial = '';
    },
  };
}

export const showCommand: Command = {
  name: 'show',
  summary: 'print a JSON Lines audit trail as a table or timeline (filters, --json, --follow)',
  usage: USAGE.split('\n')[0]!.replace(/^usage:\s*/i, ''),
  async run(args: readonly string[], io: CommandIO): Promise<number> {
    const stdout = lineWriter((l) => io.out(l));
    const stderr = lineWriter((l) => io.err(l));
    try {
      return await show([...args], { stdout, stderr });
    } finally {
      stdout.end();
      stderr.end();
    }
  },
};
