/** The subcommands of the `statetrail` bin. To add one: write commands/<name>.ts exporting a Command, list it here. */
import { build } from './build';
import type { Command } from './command';
import { explain } from './explain';
import { showCommand } from './show';

export const commands: readonly Command[] = [build, explain, showCommand];
