/** valtio: proxy state, subscribe() in sync mode with ops enabled, every op collected. */
import { proxy, subscribe, unstable_enableOp } from 'valtio/vanilla';
import type { Bench, Scenario } from '../lib/types';
import { N } from './plain';

export const write: Scenario = {
  id: 'valtio',
  group: 'write',
  name: 'valtio subscribe (sync, ops) collecting',
  role: 'peer',
  records: true,
  async setup(): Promise<Bench> {
    unstable_enableOp(true);
    const state = proxy({ x: 0, y: 'a' });
    const events: unknown[] = [];
    const stop = subscribe(
      state,
      (ops) => {
        for (const op of ops) events.push(op);
      },
      true,
    );
    return {
      ops: N,
      run() {
        events.length = 0;
        for (let i = 0; i < N; i++) state.x = i;
        return events;
      },
      check: () => (events.length === N ? undefined : `collected ${events.length} of ${N} ops`),
      dispose: stop,
    };
  },
};

export const read: Scenario = {
  id: 'valtio-read',
  group: 'read',
  name: 'valtio proxy',
  role: 'peer',
  async setup(): Promise<Bench> {
    const state = proxy({ x: 1, y: 'a' });
    return {
      ops: N,
      run() {
        let s = 0;
        for (let i = 0; i < N; i++) s += state.x;
        return s;
      },
    };
  },
};

export default [write, read];
