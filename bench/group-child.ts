/**
 * One group of `npm run bench` in a process of its own (lib/apart.ts starts it):
 *   group-child <group> <quick 0|1> <wall|cpu> <tmp dir> <scenario ids, comma-separated>
 * Prints the results as one JSON line, scenarios by id. A group measured after another in the same
 * process inherits its state: the race scenario's configure({ races: true }) makes the read hook's
 * flag a mutable field for V8, which made every `@tracked` read of the later read group pay a load
 * and a compare (1.28x plain there, 0.85x alone).
 */
process.env.NODE_ENV ??= 'production';

const { withActor } = await import('../src/index');
const { runGroup } = await import('./lib/measure');
const { scenarios } = await import('./scenarios/index');
type Group = import('./lib/types').Group;

const [group, quick, clock, tmp, ids] = process.argv.slice(2);
const wanted = new Set(ids!.split(','));
const results = await withActor('bench', () =>
  runGroup(
    group as Group,
    scenarios.filter((s) => wanted.has(s.id)),
    { quick: quick === '1', clock: clock === 'cpu' ? 'cpu' : 'wall', tmp: tmp! },
    (line) => process.stderr.write(`${line}\n`),
  ),
);
process.stdout.write(`${JSON.stringify(results.map(({ scenario, ...r }) => ({ ...r, id: scenario.id })))}\n`);

export {};
