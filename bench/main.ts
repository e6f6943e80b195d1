/** The runner behind `npm run bench`: every group in alternating rounds, then the report (see lib/). */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runGroupApart } from './lib/apart';
import { loadAverage, machine } from './lib/machine';
import type { Result } from './lib/measure';
import { type MemoryResult, measureMemory } from './lib/memory';
import { ROOT } from './lib/paths';
import {
  consoleTable,
  GROUP_TITLES,
  markdownMachine,
  markdownMemory,
  markdownTable,
  markdownTargets,
  type Row,
  rowsOf,
  tableLines,
  targets,
} from './lib/report';
import type { Group } from './lib/types';
import { scenarios } from './scenarios/index';

const GROUPS: readonly Group[] = ['write', 'read', 'untracked', 'export', 'build'];
const START = '<!-- bench:start (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:end -->';

interface Args {
  quick: boolean;
  clock: 'wall' | 'cpu';
  only: Set<string> | null;
  write: boolean;
}

function parse(argv: readonly string[]): Args {
  const args: Args = { quick: false, clock: 'wall', only: null, write: true };
  let writeSet: boolean | undefined;
  for (const a of argv) {
    if (a === '--quick') args.quick = true;
    else if (a === '--write') writeSet = true;
    else if (a === '--no-write') writeSet = false;
    else if (a.startsWith('--only=')) args.only = new Set(a.slice(7).split(','));
    else if (a === '--clock=cpu' || a === '--clock=wall') args.clock = a === '--clock=cpu' ? 'cpu' : 'wall';
    else
      throw new Error(`unknown option ${a} (--quick, --only=groups, --clock=wall|cpu, --write, --no-write)`);
  }
  // A quick or partial run is a smoke test: it leaves BENCHMARKS.md alone unless told otherwise.
  args.write = writeSet ?? (!args.quick && args.only === null);
  return args;
}

function writeReport(markdown: string): string {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const region = `${START}\n${markdown}\n${END}`;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    const a = text.indexOf(START);
    const b = text.indexOf(END);
    if (a >= 0 && b > a) {
      writeFileSync(file, text.slice(0, a) + region + text.slice(b + END.length));
      return file;
    }
  }
  writeFileSync(file, `# statetrail benchmarks\n\n${region}\n`);
  return file;
}

export async function main(argv: readonly string[]): Promise<void> {
  const args = parse(argv);
  const started = new Date();
  const loadStart = loadAverage();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'statetrail-bench-'));
  const ctx = { quick: args.quick, clock: args.clock, tmp };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // --only takes group names and scenario ids: `--only=track,plain-write,memory`.
  const only = args.only;
  const picked = (id: string) => only === null || only.has(id);
  const groupOf = (id: string) => scenarios.find((s) => s.id === id)?.group;
  const wanted = (g: string) => only === null || only.has(g) || [...only].some((id) => groupOf(id) === g);
  const groups = new Map<Group, Row[]>();
  let memory: MemoryResult | undefined;
  try {
    // Each group in its own process; every change recorded there carries actor "bench" and a time.
    for (const group of GROUPS) {
      if (!wanted(group)) continue;
      log(`${GROUP_TITLES[group]}`);
      const results: Result[] = await runGroupApart(
        group,
        scenarios.filter((s) => s.group === group && (picked(group) || picked(s.id))),
        ctx,
      );
      groups.set(group, rowsOf(group, results));
    }
    if (wanted('memory')) {
      log('memory: child processes with --expose-gc');
      memory = measureMemory(args.quick);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const lines = tableLines(groups);
  const goals = targets(groups, memory);
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  const info = markdownMachine(machine(), command, started, [loadStart, loadAverage()], args.clock);
  process.stdout.write(`\n${info}\n\n${consoleTable(lines)}\n`);
  if (memory !== undefined) process.stdout.write(`\n${markdownMemory(memory)}\n`);
  process.stdout.write(`\n${markdownTargets(goals)}\n`);
  if (args.write) {
    const md = [
      info,
      '',
      '### Main table',
      '',
      'Median of per-round values over alternating rounds after warm-up; spread = half the interquartile',
      'range of the rounds, relative to the median; × columns = median of per-round ratios of time per',
      'operation (below 1 is faster). Baselines: plain object (write, read), the same function compiled',
      'without the transformer (untracked), plain transpileModule (build); export is compared with pino.',
      'Fastest peer = the fastest peer scenario of the group that collects events (writes) or reads.',
      '',
      markdownTable(lines),
      '',
      ...(memory === undefined ? [] : ['### Memory', '', markdownMemory(memory), '']),
      '### Targets',
      '',
      markdownTargets(goals),
    ].join('\n');
    log(`wrote ${writeReport(md)}`);
  }
}
