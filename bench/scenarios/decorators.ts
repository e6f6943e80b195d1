/**
 * statetrail `@tracked` classes compiled by TypeScript 6 under TC39 standard decorators and under
 * legacy `experimentalDecorators`; history only, with one observer, and reads.
 */
import { type Change, observe } from '../../src/index';
import { compileAndImport } from '../lib/compile';
import type { Bench, Group, Scenario } from '../lib/types';
import { N } from './plain';
import { checkRecorded } from './track';

const SOURCE = `
import { tracked } from 'statetrail/decorators';

@tracked
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

type Flavour = 'standard' | 'legacy';
type Variant = 'history' | 'observe' | 'read';

const NAMES: Record<Variant, string> = {
  history: 'history only',
  observe: '+ observe() collecting',
  read: '',
};

function scenario(flavour: Flavour, variant: Variant): Scenario {
  const id = `decorated-${flavour}${variant === 'history' ? '' : `-${variant}`}`;
  const group: Group = variant === 'read' ? 'read' : 'write';
  return {
    id,
    group,
    name: `statetrail @tracked class (${flavour} decorators)${variant === 'read' ? '' : `, ${NAMES[variant]}`}`,
    role: 'statetrail',
    historyOnly: variant === 'history',
    records: variant === 'observe',
    async setup(): Promise<Bench | string> {
      const mod = await compileAndImport(id, SOURCE, { legacyDecorators: flavour === 'legacy' });
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

export default [
  scenario('standard', 'history'),
  scenario('standard', 'observe'),
  scenario('legacy', 'history'),
  scenario('legacy', 'observe'),
  scenario('standard', 'read'),
  scenario('legacy', 'read'),
];
