/**
 * A class made tracked by the statetrail transformer (option `classes`), with the code that writes to
 * it instrumented too, as a whole-folder audit would compile it: history only, one observer, reads.
 */
import { type Change, observe } from '../../src/index';
import { compileAndImport } from '../lib/compile';
import type { Bench, Scenario } from '../lib/types';
import { N } from './plain';
import { checkRecorded } from './track';

const SOURCE = `
export class Account {
  x = 0;
  y = 'a';
}

export function writes(a: Account, n: number): Account {
  for (let i = 0; i < n; i++) a.x = i;
  return a;
}

export function reads(a: Account, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a.x;
  return s;
}
`;

type Variant = 'history' | 'observe' | 'read';

function scenario(variant: Variant): Scenario {
  const id = `transformer-class${variant === 'history' ? '' : `-${variant}`}`;
  return {
    id,
    group: variant === 'read' ? 'read' : 'write',
    name:
      variant === 'read'
        ? 'statetrail class tracked by the transformer'
        : `statetrail class tracked by the transformer, ${variant === 'history' ? 'history only' : '+ observe() collecting'}`,
    role: 'statetrail',
    historyOnly: variant === 'history',
    records: variant === 'observe',
    async setup(): Promise<Bench | string> {
      const mod = await compileAndImport(id, SOURCE, {
        instrument: { classes: [`bench/.generated/${id}.ts`] },
      });
      const a = new mod.Account();
      if (variant === 'read') {
        a.x = 1;
        return { ops: N, run: () => mod.reads(a, N) };
      }
      const events: Change[] = [];
      const collect = (c: Change): void => void events.push(c);
      return {
        attach: variant === 'observe' ? () => observe(a, collect) : undefined,
        ops: N,
        run() {
          events.length = 0;
          return mod.writes(a, N);
        },
        check: () =>
          variant === 'observe' && events.length !== N
            ? `collected ${events.length} of ${N} changes`
            : checkRecorded(a, () => mod.writes(a, 1)),
      };
    },
  };
}

export default [scenario('history'), scenario('observe'), scenario('read')];
