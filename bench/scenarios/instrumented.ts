/**
 * Writes to an untracked plain object from code compiled by the statetrail transformer (default form,
 * and the keyed form of option `classes`), against the same function compiled without it. All go
 * through the same transpileModule path.
 */
import { compileAndImport } from '../lib/compile';
import type { Bench, Scenario } from '../lib/types';
import { N } from './plain';

const SOURCE = `
export function writes(o: { x: number; y: string }, n: number): { x: number } {
  for (let i = 0; i < n; i++) o.x = i;
  return o;
}
`;

export const plain: Scenario = {
  id: 'untracked-plain',
  group: 'untracked',
  name: 'plain writes, compiled without the transformer',
  role: 'baseline',
  async setup(): Promise<Bench> {
    const mod = await compileAndImport('untracked-plain', SOURCE);
    const o = { x: 0, y: 'a' };
    return { ops: N, run: () => mod.writes(o, N) };
  },
};

export const instrumented: Scenario = {
  id: 'untracked-instrumented',
  group: 'untracked',
  name: 'instrumented writes to an untracked object',
  role: 'statetrail',
  async setup(): Promise<Bench | string> {
    const mod = await compileAndImport('untracked-instrumented', SOURCE, { instrument: {} });
    const o = { x: 0, y: 'a' };
    return {
      ops: N,
      run: () => mod.writes(o, N),
      // the loop must really be instrumented: `o.x = at(site, i)` (runtime-contract.ts), `at` aliased
      check: () => (/__st\$a\$\(/.test(String(mod.writes)) ? undefined : 'the loop was not instrumented'),
    };
  },
};

/** The same loop in the keyed form of option `classes`, once an instance of a `classes` class exists. */
export const keyed: Scenario = {
  id: 'untracked-keyed',
  group: 'untracked',
  name: 'instrumented writes to an untracked object, option classes on (an instance exists)',
  role: 'statetrail',
  async setup(): Promise<Bench | string> {
    const file = 'bench/.generated/untracked-keyed.ts';
    const mod = await compileAndImport('untracked-keyed', `${SOURCE}\nexport class Model { v = 0; }\n`, {
      instrument: { classes: [file] },
    });
    const instance = new mod.Model(); // from now on every keyed write looks its target up
    const o = { x: 0, y: 'a' };
    return {
      ops: N,
      run: () => mod.writes(o, N),
      check: () =>
        !/__st\$ak\$\(/.test(String(mod.writes))
          ? 'the loop is not in the keyed form'
          : instance.v === 0
            ? undefined
            : 'the instance changed',
    };
  },
};

export default [plain, instrumented, keyed];
