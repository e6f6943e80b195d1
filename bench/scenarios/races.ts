/** statetrail track() with race detection on: the write also updates the slot's access record. */
import { configure, track } from '../../src/index';
import type { Bench, Scenario } from '../lib/types';
import { N } from './plain';
import { checkRecorded } from './track';

export const writeRaces: Scenario = {
  id: 'track-races',
  group: 'write',
  name: 'statetrail track(), configure({ races: true })',
  role: 'statetrail',
  async setup(): Promise<Bench> {
    const o = track({ x: 0, y: 'a' });
    return {
      // on only while measured: it installs async_hooks for every other scenario too
      attach: () => {
        configure({ races: true });
        return () => configure({ races: false });
      },
      ops: N,
      run() {
        for (let i = 0; i < N; i++) o.x = i;
        return o;
      },
      check: () => checkRecorded(o, () => (o.x = -1)),
    };
  },
};

export default [writeRaces];
