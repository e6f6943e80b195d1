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

/** The floor of any Proxy-based tracker: a Proxy whose trap only forwards, recording nothing. */
export const bareProxyWrite: Scenario = {
  id: 'bare-proxy-write',
  group: 'write',
  name: 'bare Proxy, set trap only forwards (floor of any Proxy route)',
  role: 'reference',
  async setup(): Promise<Bench> {
    const o = new Proxy(
      { x: 0, y: 'a' },
      {
        set(t, k, v) {
          (t as Record<PropertyKey, unknown>)[k] = v;
          return true;
        },
      },
    );
    return {
      ops: N,
      run() {
        for (let i = 0; i < N; i++) o.x = i;
        return o;
      },
    };
  },
};

export const bareProxyRead: Scenario = {
  id: 'bare-proxy-read',
  group: 'read',
  name: 'bare Proxy, get trap only forwards (floor of any Proxy route)',
  role: 'reference',
  async setup(): Promise<Bench> {
    const o = new Proxy(
      { x: 1, y: 'a' },
      {
        get(t, k) {
          return (t as Record<PropertyKey, unknown>)[k];
        },
      },
    );
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

export default [plainWrite, plainLog, bareProxyWrite, plainRead, bareProxyRead];
