/** Baselines: a plain object written and read in a loop, and the same plus a hand-written change log. */
import type { Bench, Scenario } from '../lib/types';

export const N = 1000;

export const plainWrite: Scenario = {
  id: 'plain-write',
  group: 'write',
  name: 'plain object',
  role: 'baseline',
  async setup(): Promise<Bench> {
    const o = { x: 0, y: 'a' };
    return {
      ops: N,
      run() {
        for (let i = 0; i < N; i++) o.x = i;
        return o;
      },
    };
  },
};

export const plainLog: Scenario = {
  id: 'plain-log',
  group: 'write',
  name: 'plain object + log.push({ path, value, old })',
  role: 'reference',
  async setup(): Promise<Bench> {
    const o = { x: 0, y: 'a' };
    const log: { path: string[]; value: unknown; old: unknown }[] = [];
    return {
      ops: N,
      run() {
        log.length = 0;
        for (let i = 0; i < N; i++) {
          const old = o.x;
          o.x = i;
          log.push({ path: ['x'], value: i, old });
        }
        return log;
      },
    };
  },
};

export const plainRead: Scenario = {
  id: 'plain-read',
  group: 'read',
  name: 'plain object',
  role: 'baseline',
  async setup(): Promise<Bench> {
    const o = { x: 1, y: 'a' };
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

export default [plainWrite, plainLog, plainRead];
