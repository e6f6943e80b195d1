/** statetrail track(): a deep-tracking Proxy; history only, and with one observer collecting changes. */
import { type Change, lastChange, observe, track } from '../../src/index';
import type { Bench, Scenario } from '../lib/types';
import { N } from './plain';

/**
 * The runner runs everything as actor "bench": a recorded change must carry it and a time. `write`
 * runs the scenario's loop once more first: by the time checks run, the scenarios measured after this
 * one have pushed its changes out of the bounded global history.
 */
export function checkRecorded(target: object, write: () => unknown): string | undefined {
  write();
  const c = lastChange(target);
  if (c === undefined) return 'no change recorded';
  if (c.actor !== 'bench') return `actor ${String(c.actor)} instead of "bench"`;
  if (!(c.time > 1e12)) return `time ${c.time} is not an epoch time`;
  return undefined;
}

export const write: Scenario = {
  id: 'track',
  group: 'write',
  name: 'statetrail track(), history only',
  role: 'statetrail',
  historyOnly: true,
  async setup(): Promise<Bench> {
    const o = track({ x: 0, y: 'a' });
    return {
      ops: N,
      run() {
        for (let i = 0; i < N; i++) o.x = i;
        return o;
      },
      check: () => checkRecorded(o, () => (o.x = -1)),
    };
  },
};

export const writeObserved: Scenario = {
  id: 'track-observe',
  group: 'write',
  name: 'statetrail track() + observe() collecting',
  role: 'statetrail',
  records: true,
  async setup(): Promise<Bench> {
    const o = track({ x: 0, y: 'a' });
    const events: Change[] = [];
    const collect = (change: Change): void => {
      events.push(change);
    };
    return {
      attach: () => observe(o, collect),
      ops: N,
      run() {
        events.length = 0;
        for (let i = 0; i < N; i++) o.x = i;
        return events;
      },
      check: () =>
        events.length === N
          ? checkRecorded(o, () => (o.x = -1))
          : `collected ${events.length} of ${N} changes`,
    };
  },
};

export const read: Scenario = {
  id: 'track-read',
  group: 'read',
  name: 'statetrail track() proxy',
  role: 'statetrail',
  async setup(): Promise<Bench> {
    const o = track({ x: 1, y: 'a' });
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

export default [write, writeObserved, read];
