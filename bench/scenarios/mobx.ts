/** MobX 7 (production build): an observable object and a makeObservable class, without and with observe(). */
import { configure, makeObservable, observable, observe } from 'mobx';
import type { Bench, Scenario } from '../lib/types';
import { N } from './plain';

configure({ enforceActions: 'never' });

class Account {
  x = 0;
  y = 'a';
  constructor() {
    makeObservable(this, { x: observable, y: observable });
  }
}

export const objectWrite: Scenario = {
  id: 'mobx-object',
  group: 'write',
  name: 'MobX observable object, no listener',
  role: 'peer',
  async setup(): Promise<Bench> {
    const o = observable({ x: 0, y: 'a' });
    return {
      ops: N,
      run() {
        for (let i = 0; i < N; i++) o.x = i;
        return o;
      },
    };
  },
};

export const objectObserve: Scenario = {
  id: 'mobx-object-observe',
  group: 'write',
  name: 'MobX observable object + observe() collecting',
  role: 'peer',
  records: true,
  async setup(): Promise<Bench> {
    const o = observable({ x: 0, y: 'a' });
    const events: unknown[] = [];
    const stop = observe(o, (change) => {
      events.push(change);
    });
    return {
      ops: N,
      run() {
        events.length = 0;
        for (let i = 0; i < N; i++) o.x = i;
        return events;
      },
      check: () => (events.length === N ? undefined : `collected ${events.length} of ${N} events`),
      dispose: stop,
    };
  },
};

export const classWrite: Scenario = {
  id: 'mobx-class',
  group: 'write',
  name: 'MobX makeObservable class, no listener',
  role: 'peer',
  async setup(): Promise<Bench> {
    const a = new Account();
    return {
      ops: N,
      run() {
        for (let i = 0; i < N; i++) a.x = i;
        return a;
      },
    };
  },
};

export const classObserve: Scenario = {
  id: 'mobx-class-observe',
  group: 'write',
  name: 'MobX makeObservable class + observe() collecting',
  role: 'peer',
  records: true,
  async setup(): Promise<Bench> {
    const a = new Account();
    const events: unknown[] = [];
    const stop = observe(a, (change) => {
      events.push(change);
    });
    return {
      ops: N,
      run() {
        events.length = 0;
        for (let i = 0; i < N; i++) a.x = i;
        return events;
      },
      check: () => (events.length === N ? undefined : `collected ${events.length} of ${N} events`),
      dispose: stop,
    };
  },
};

export const objectRead: Scenario = {
  id: 'mobx-object-read',
  group: 'read',
  name: 'MobX observable object',
  role: 'peer',
  async setup(): Promise<Bench> {
    const o = observable({ x: 1, y: 'a' });
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

export const classRead: Scenario = {
  id: 'mobx-class-read',
  group: 'read',
  name: 'MobX makeObservable class',
  role: 'peer',
  async setup(): Promise<Bench> {
    const a = new Account();
    a.x = 1;
    return {
      ops: N,
      run() {
        let s = 0;
        for (let i = 0; i < N; i++) s += a.x;
        return s;
      },
    };
  },
};

export default [objectWrite, objectObserve, classWrite, classObserve, objectRead, classRead];
