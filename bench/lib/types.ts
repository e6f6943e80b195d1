/** The contract between the runner (run.ts) and the scenario modules (scenarios/). */

/**
 * Scenario groups. Each group is measured in alternating rounds and compared with its own baseline:
 * write/read/untracked in ns per operation (mitata), export in changes per second and build in ms
 * per corpus pass (wall clock around one whole pass, since those are long and asynchronous).
 */
export type Group = 'write' | 'read' | 'untracked' | 'export' | 'build';

/** baseline: the group's reference (plain object, pino, plain transpileModule); peer: another library. */
export type Role = 'baseline' | 'reference' | 'peer' | 'statetrail';

export interface Ctx {
  /** `--quick`: every scenario briefly, for CI. */
  readonly quick: boolean;
  /** What time is measured: wall (default) or the process's CPU time (`--clock=cpu`). */
  readonly clock: 'wall' | 'cpu';
  /** A scratch folder for files the scenarios write (removed at exit). */
  readonly tmp: string;
}

export interface Bench {
  /** Operations done by one call of `run` (writes, reads, exported changes, compiled files). */
  readonly ops: number;
  run(): unknown;
  /**
   * Called before each measurement of this scenario (not timed); returns what undoes it. For global
   * switches such as observers: statetrail's record() takes the observer path as soon as anything
   * listens anywhere, so a listener must not stay attached while history-only scenarios are measured.
   */
  attach?(): () => unknown;
  /** After measuring: a sanity check of what was recorded; returns a problem, or undefined. */
  check?(): string | undefined;
  dispose?(): unknown;
}

export interface Scenario {
  readonly id: string;
  readonly group: Group;
  readonly name: string;
  readonly role: Role;
  /** Collects every change as an event: candidate for "fastest peer" of its group. */
  readonly records?: boolean;
  /** History only, actor and time included: subject of the 30 ns and 6x MobX targets. */
  readonly historyOnly?: boolean;
  /** A Bench, or why the scenario cannot run here. */
  setup(ctx: Ctx): Promise<Bench | string>;
}
