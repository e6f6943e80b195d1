import { detectRaces, type Race, track, withActor, withLock } from 'statetrail';
import { describe, expect, it } from 'vitest';

const tick = (ms = 1) => new Promise<void>((r) => setTimeout(r, ms));
const kinds = (list: Race[]) => list.map((r) => `${r.kind} ${r.label}.${r.path.join('.')}`);

/** Each program: a race and its race-free twin (a lock, the read moved after the await, or order). */
describe('bank transfer', () => {
  const charge = () => tick(2);

  it('lost update: read balance, await, write it back, another withdrawal in between', async () => {
    const acct = track({ balance: 100 }, { label: 'acct' });
    const withdraw = async (who: string, amount: number) =>
      withActor(who, async () => {
        const b = acct.balance;
        await charge();
        acct.balance = b - amount;
      });
    const found = await detectRaces(() => Promise.all([withdraw('ann', 30), withdraw('bob', 50)]));
    expect(kinds(found)).toEqual(['lost-update acct.balance']);
    const [race] = found;
    expect(race!.accesses.map((a) => `${a.op} ${a.actor}`)).toEqual(['read bob', 'write ann', 'write bob']);
    expect(race!.accesses[0]!.site?.code).toContain('acct.balance');
    expect(race!.accesses[0]!.stack).toContain('withdraw');
    expect(race!.why).toContain('actor "ann"');
    expect(acct.balance).toBe(50); // ann's withdrawal was lost
  });

  it('twin with a lock: no race', async () => {
    const acct = track({ balance: 100 }, { label: 'acct' });
    const withdraw = (amount: number) =>
      withLock('acct', async () => {
        const b = acct.balance;
        await charge();
        acct.balance = b - amount;
      });
    expect(await detectRaces(() => Promise.all([withdraw(30), withdraw(50)]))).toEqual([]);
    expect(acct.balance).toBe(20);
  });

  it('twin with the read after the await: no race', async () => {
    const acct = track({ balance: 100 }, { label: 'acct' });
    const withdraw = async (amount: number) => {
      await charge();
      acct.balance = acct.balance - amount;
    };
    expect(await detectRaces(() => Promise.all([withdraw(30), withdraw(50)]))).toEqual([]);
    expect(acct.balance).toBe(20);
  });

  it('transfer between two accounts races on both; the sequential twin does not', async () => {
    const bank = track({ a: 100, b: 0 }, { label: 'bank' });
    const transfer = async (amount: number) => {
      const a = bank.a;
      const b = bank.b;
      await charge();
      bank.a = a - amount;
      bank.b = b + amount;
    };
    expect(kinds(await detectRaces(() => Promise.all([transfer(10), transfer(20)])))).toEqual([
      'lost-update bank.a',
      'lost-update bank.b',
    ]);
    expect(
      await detectRaces(async () => {
        await transfer(10);
        await transfer(20);
      }),
    ).toEqual([]);
  });
});

describe('cache fill', () => {
  const load = async (key: string) => {
    await tick(2);
    return { key, loaded: Math.random() };
  };

  it('check-then-act on a Map: has() false, await, set(); twice', async () => {
    const cache = track(new Map<string, unknown>(), { label: 'cache' });
    const get = async (key: string) => {
      if (!cache.has(key)) cache.set(key, await load(key));
      return cache.get(key);
    };
    expect(kinds(await detectRaces(() => Promise.all([get('u1'), get('u1')])))).toEqual([
      'check-then-act cache.u1',
    ]);
  });

  it('check-then-act on a plain object: a missing key read, await, write', async () => {
    const cache = track({} as Record<string, unknown>, { label: 'objcache' });
    const get = async (key: string) => {
      if (cache[key] === undefined) cache[key] = await load(key);
      return cache[key];
    };
    expect(kinds(await detectRaces(() => Promise.all([get('k'), get('k'), get('j')])))).toEqual([
      'check-then-act objcache.k',
    ]);
  });

  it('twin storing the pending promise synchronously: no race', async () => {
    const cache = track(new Map<string, Promise<unknown>>(), { label: 'cache' });
    const get = (key: string) => {
      if (!cache.has(key)) cache.set(key, load(key));
      return cache.get(key);
    };
    expect(await detectRaces(() => Promise.all([get('u1'), get('u1')]))).toEqual([]);
  });

  it('twin with a lock per key: no race', async () => {
    const cache = track(new Map<string, unknown>(), { label: 'cache' });
    const get = (key: string) =>
      withLock(`cache:${key}`, async () => {
        if (!cache.has(key)) cache.set(key, await load(key));
        return cache.get(key);
      });
    expect(await detectRaces(() => Promise.all([get('u1'), get('u1')]))).toEqual([]);
  });

  it('check-then-act on "the first record": length read, await, push', async () => {
    const users = track([] as string[], { label: 'users' });
    const signUp = async (name: string) => {
      const first = users.length === 0;
      await tick(2);
      users.push(first ? `${name} (admin)` : name);
    };
    expect(kinds(await detectRaces(() => Promise.all([signUp('ann'), signUp('bob')])))).toEqual([
      'check-then-act users.length',
    ]);
    expect(users.filter((u) => u.endsWith('(admin)'))).toHaveLength(2);
  });

  it('twin: sequential sign-ups are ordered by the await between them', async () => {
    const users = track([] as string[], { label: 'users' });
    const signUp = async (name: string) => {
      const first = users.length === 0;
      await tick(2);
      users.push(first ? `${name} (admin)` : name);
    };
    expect(
      await detectRaces(async () => {
        await signUp('ann');
        await signUp('bob');
      }),
    ).toEqual([]);
  });
});

describe('counters', () => {
  it('unordered writes: two Promise.all branches set a status after their awaits', async () => {
    const job = track({ status: 'idle' }, { label: 'job' });
    const found = await detectRaces(() =>
      Promise.all([
        (async () => {
          await tick(1);
          job.status = 'done';
        })(),
        (async () => {
          await tick(3);
          job.status = 'failed';
        })(),
      ]),
    );
    expect(kinds(found)).toEqual(['unordered-writes job.status']);
    expect(found[0]!.accesses.map((a) => a.op)).toEqual(['write', 'write']);
  });

  it('lost update: a counter added to across an await in parallel branches', async () => {
    const c = track({ hits: 0 }, { label: 'counter' });
    const hit = async (n: number) => {
      const before = c.hits;
      await tick(1);
      c.hits = before + n;
    };
    expect(kinds(await detectRaces(() => Promise.all([hit(1), hit(2), hit(3)])))).toEqual([
      'lost-update counter.hits',
    ]);
    expect(c.hits).toBe(3);
  });

  it('limit: a lost update that writes the value already there records no change, so is not seen', async () => {
    const c = track({ hits: 0 }, { label: 'counter' });
    const hit = async () => {
      const n = c.hits;
      await tick(1);
      c.hits = n + 1;
    };
    expect(await detectRaces(() => Promise.all([hit(), hit()]))).toEqual([]);
    expect(c.hits).toBe(1);
  });

  it('unordered writes through timers and setImmediate', async () => {
    const s = track({ mode: 'a' }, { label: 'timers' });
    const found = await detectRaces(
      () =>
        new Promise<void>((done) => {
          setTimeout(() => {
            s.mode = 'b';
          }, 1);
          setImmediate(() => {
            s.mode = 'c';
          });
          setTimeout(done, 5);
        }),
    );
    expect(kinds(found)).toEqual(['unordered-writes timers.mode']);
  });

  it('twins: increments within one step, sequential branches, nextTick chains, joins', async () => {
    const c = track({ hits: 0, status: 'idle', tail: 0 }, { label: 'counter' });
    const found = await detectRaces(async () => {
      // n++ cannot interleave: each read-modify-write is one synchronous step
      await Promise.all(
        [1, 2, 3].map(async (i) => {
          await tick(i);
          c.hits++;
        }),
      );
      // ordered: the second write is scheduled by the first's callback
      await new Promise<void>((done) =>
        process.nextTick(() => {
          c.status = 'one';
          setImmediate(() => {
            c.status = 'two';
            done();
          });
        }),
      );
      // a write after Promise.all is ordered after every branch
      await Promise.all([
        (async () => {
          await tick(1);
          c.tail = 1;
        })(),
        (async () => {
          await tick(2);
          c.hits = 10;
        })(),
      ]);
      c.tail = 2;
    });
    expect(found).toEqual([]);
    expect(c.hits).toBe(10);
  });

  it('reads with reads are not races', async () => {
    const c = track({ n: 1 }, { label: 'reads' });
    const read = async () => {
      const v = c.n;
      await tick(1);
      return v + c.n;
    };
    expect(await detectRaces(() => Promise.all([read(), read()]))).toEqual([]);
  });
});
