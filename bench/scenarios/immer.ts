/** immer: one write per produceWithPatches call, patches collected (auto-freeze on, immer's default). */
import { enablePatches, type Patch, produceWithPatches } from 'immer';
import type { Bench, Scenario } from '../lib/types';

const OPS = 100; // ~3 µs each: fewer per call keeps one call well under a millisecond

export const write: Scenario = {
  id: 'immer',
  group: 'write',
  name: 'immer produceWithPatches, 1 write each',
  role: 'peer',
  records: true,
  async setup(): Promise<Bench> {
    enablePatches();
    let state = { x: 0, y: 'a' };
    const events: Patch[][] = [];
    return {
      ops: OPS,
      run() {
        events.length = 0;
        for (let i = 0; i < OPS; i++) {
          const [next, patches] = produceWithPatches(state, (draft) => {
            draft.x = i;
          });
          state = next;
          events.push(patches);
        }
        return events;
      },
      check: () => (events.length === OPS ? undefined : `collected ${events.length} of ${OPS} patch sets`),
    };
  },
};

export default [write];
