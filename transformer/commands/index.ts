/** The subcommands of the `statetrail` bin. To add one (e.g. `show`): write commands/show.ts exporting a Command, list it here. */
import { build } from './build';
import type { Command } from './command';
import { explain } from './explain';

export const commands: readonly Command[] = [build, explain];
