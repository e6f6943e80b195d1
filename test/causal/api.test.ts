import {
  clearRaces,
  configure,
  contention,
  crumbs,
  detectRaces,
  encodeRace,
  expectNoRaces,
  mutex,
  onRace,
  type Race,
  raceMatchers,
  races,
  resetContention,
  track,
  withLock,
} from 'statetrail';
import { describe, expect, it } from 'vitest';

const tick = (ms = 1) => new Promise<void>((r) => setTimeout(r, ms));

expect.extend(raceMatchers);
declare module 'vitest' {
  interface Assertion {
    toHaveNoRaces(): Promise<void>;
  }
}

/** A lost update: two branches read, await, write different values. */
const lostUpdate = (o: { n: number }) => () =>
  Promise.all(
    [1, 2].map(async (d) => {
      const n = o.n;
      await tick();
      o.n = n + d;
    }),
  );

describe('locks', () => {
  it('serialise sections in FIFO order and count waits per lock', async () => {
    resetContention();
    const order: string[] = [];
    const section = (name: string) =>
      withLock('db', async () => {
        order.push(`${name} in`);
        await tick(2);
        order.push(`${name} out`);
        return name;
      });
    expect(await Promise.all([section('a'), section('b'), section('c')])).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
    const [stats] = contention();
    expect(stats).toMatchObject({ name: 'db', acquisitions: 3, waits: 2 });
    expect(stats!.maxWaitMs).toBeGreaterThan(0);
    expect(stats!.meanWaitMs).toBeCloseTo(stats!.totalWaitMs / 3);
    expect(crumbs().filter((c) => c.event === 'lock.acquire' && (c.data as any).name === 'db')).toHaveLength(
      3,
    );
  });

  it('mutex(): acquire/release by hand, release twice is a no-op, run releases on a throw', async () => {
    const m = mutex('m');
    const release = await m.acquire();
    let second = false;
    const waiting = m.acquire().then((r) => {
      second = true;
      r();
    });
    await tick();
    expect(second).toBe(false);
    release();
    release();
    await waiting;
    expect(second).toBe(true);
    await expect(m.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await m.run(() => 7)).toBe(7);
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => withLock('', () => 1)).toThrow(/withLock: name must be a non-empty string/);
    expect(() => withLock('x', 1 as never)).toThrow(/withLock: fn must be a function/);
    expect(() => mutex(3 as never)).toThrow(/mutex: name/);
  });
});

describe('modes', () => {
  it('configure({ races: true }) records races() until switched off; onRace sees them', async () => {
    const seen: Race[] = [];
    const off = onRace((r) => seen.push(r));
    clearRaces();
    configure({ races: true });
    try {
      await lostUpdate(track({ n: 0 }, { label: 'configured' }))();
    } finally {
      configure({ races: false });
      off();
    }
    expect(races().map((r) => r.kind)).toEqual(['lost-update']);
    expect(seen).toEqual(races());
    // configured mode takes no stacks unless captureStack is on
    expect(races()[0]!.accesses[0]!.stack).toBeUndefined();
    await lostUpdate(track({ n: 0 }))();
    expect(races()).toHaveLength(1); // off again: nothing recorded
    const line = JSON.parse(encodeRace(races()[0]!, 5));
    expect(line).toMatchObject({
      schema: 1,
      kind: 'race',
      time: 5,
      race: { kind: 'lost-update', path: ['n'] },
    });
    clearRaces();
    expect(races()).toEqual([]);
  });

  it('detectRaces passes errors through and rejects bad input', async () => {
    await expect(
      detectRaces(async () => {
        throw new Error('inner');
      }),
    ).rejects.toThrow('inner');
    await expect(detectRaces(1 as never)).rejects.toThrow(/detectRaces: fn must be a function/);
    await expect(detectRaces(() => 1, { stacks: 'no' } as never)).rejects.toThrow(/options\.stacks/);
    expect(() => configure({ races: 1 } as never)).toThrow(/configure: races must be a boolean/);
    expect(() => onRace(null as never)).toThrow(/onRace: listener/);
  });

  it('expectNoRaces and the toHaveNoRaces matcher', async () => {
    await expectNoRaces(async () => {
      const o = track({ n: 0 });
      await tick();
      o.n = 1;
    });
    await expect(expectNoRaces(lostUpdate(track({ n: 0 }, { label: 'bad' })))).rejects.toThrow(
      /expected no races, found 1:\nlost-update on bad\.n/,
    );
    await expect(() => tick()).toHaveNoRaces();
    await expect(expect(lostUpdate(track({ n: 0 }))).toHaveNoRaces()).rejects.toThrow(/lost-update/);
  });
});
