/** on-change: a Proxy calling back with (path, value, previous) on every write, collected. */
import onChange from 'on-change';
import type { Bench, Scenario } from '../lib/types';
import { N } from './plain';

export const write: Scenario = {
  id: 'on-change',
  group: 'write',
  name: 'on-change collecting events',
  role: 'peer',
  records: true,
  async setup(): Promise<Bench> {
    const events: unknown[] = [];
    const o = onChange({ x: 0, y: 'a' }, (path, value, previous) => {
      events.push({ path, value, previous });
    });
    return {
      ops: N,
      run() {
        events.length = 0;
        for (let i = 0; i < N; i++) o.x = i;
        return events;
      },
      check: () => (events.length === N ? undefined : `collected ${events.length} of ${N} events`),
    };
  },
};

export const read: Scenario = {
  id: 'on-change-read',
  group: 'read',
  name: 'on-change proxy',
  role: 'peer',
  async setup(): Promise<Bench> {
    const o = onChange({ x: 1, y: 'a' }, () => {});
    return {
      ops: N,
      run() {
        let s = 0;
        for (let i = 0; i < N; i++) s += o.x;
        return s;
      },
    };
  },
};

export default [write, read];
