/**
 * The subcommands of the `statetrail` bin, loaded only when run: `--help` and `--version` never load
 * the TypeScript compiler. To add one: write commands/<name>.ts exporting `command`, list it here.
 */
import type { Command } from './command';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'build',
    summary: 'type-check and emit a project like `tsc -p`, with statetrail instrumentation',
    load: async () => (await import('./commands/build')).command,
  },
  {
    name: 'explain',
    summary: 'list every write the transformer would instrument, and what it records',
    load: async () => (await import('./commands/explain')).command,
  },
  {
    name: 'show',
    summary: 'print a JSON Lines audit trail as a table or timeline (filters, --json, --follow)',
    load: async () => (await import('./commands/show')).command,
  },
  {
    name: 'collect',
    summary: 'run the statetrail collector (needs @statetrail/collector)',
    load: async () => (await import('./commands/collect')).command,
  },
];
