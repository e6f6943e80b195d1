/**
 * The steps of a history-only recorded write, each alone in its loop (reference rows of the write
 * group): the numbers in the header comment of src/tracking/record.ts come from these.
 */
import { currentFrame } from '../../src/context/scope';
import { now } from '../../src/history/clock';
import { ChangeLog } from '../../src/history/log';
import { track } from '../../src/index';
import { nodeOf } from '../../src/tracking/node';
import { record } from '../../src/tracking/record';
import type { Bench, Scenario } from '../lib/types';
import { N } from './plain';

export const clock: Scenario = {
  id: 'step-clock',
  group: 'write',
  name: 'step: statetrail clock reading, now()',
  role: 'reference',
  async setup(): Promise<Bench> {
    return {
      ops: N,
      run() {
        let s = 0;
        for (let i = 0; i < N; i++) s += now();
        return s;
      },
    };
  },
};

export const frame: Scenario = {
  id: 'step-frame',
  group: 'write',
  name: 'step: context frame read inside withActor, currentFrame()',
  role: 'reference',
  async setup(): Promise<Bench> {
    return {
      ops: N,
      run() {
        let f: unknown;
        for (let i = 0; i < N; i++) f = currentFrame();
        return f;
      },
      check: () => ((currentFrame() as { actor?: string })?.actor === 'bench' ? undefined : 'no actor'),
    };
  },
};

export const push: Scenario = {
  id: 'step-push',
  group: 'write',
  name: 'step: seven column stores into a 10,000-entry ring, ChangeLog.push()',
  role: 'reference',
  async setup(): Promise<Bench> {
    const log = new ChangeLog(10_000);
    const origin = {};
    return {
      ops: N,
      run() {
        for (let i = 0; i < N; i++) log.push(i, 1, 8, origin, 'x', i, i - 1, undefined);
        return log;
      },
    };
  },
};

export const recordOnly: Scenario = {
  id: 'step-record',
  group: 'write',
  name: 'step: record() of a set, without the writer around it',
  role: 'reference',
  async setup(): Promise<Bench> {
    const o = track({ x: 0 });
    const node = nodeOf(o)!;
    return {
      ops: N,
      run() {
        for (let i = 0; i < N; i++) record(node, 8, 'x', i, i - 1);
        return o;
      },
    };
  },
};

export default [clock, frame, push, recordOnly];
