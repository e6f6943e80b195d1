/**
 * The corpus through real servers: interleaved request handlers (Express, Fastify) and two services
 * calling each other over HTTP with the trace propagated. Each race has a race-free twin.
 */
import { detectRaces, propagateTrace, type Race, track, withLock } from 'statetrail';
import { afterEach, describe, expect, it } from 'vitest';
import { expressServer, fastifyServer, honoServer, koaServer, type Server } from '../middleware/servers';

const tick = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const kinds = (list: Race[]) => list.map((r) => `${r.kind} ${r.label}.${r.path.join('.')}`);

const open: Server[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

async function serve(start: typeof expressServer, handle: (path: string) => unknown): Promise<string> {
  const server = await start(handle);
  open.push(server);
  return server.url;
}

/**
 * Holds each caller until `n` have arrived: makes two requests overlap without relying on timing
 * (a request that ended before the other began is ordered before it, so could not race).
 */
function barrier(n: number): () => Promise<void> {
  let waiting: Array<() => void> = [];
  return () =>
    new Promise<void>((arrive) => {
      waiting.push(arrive);
      if (waiting.length < n) return;
      for (const w of waiting) w();
      waiting = [];
    });
}

const as = (user: string) => ({ headers: { 'x-user': user } });

describe('interleaved request handlers', () => {
  it('Express: two withdrawals read, await, write back: lost update naming both requests', async () => {
    const acct = track({ balance: 100 }, { label: 'account' });
    const both = barrier(2);
    // different amounts: a write of the value already there is no change, so not seen
    const url = await serve(expressServer, async (path) => {
      const b = acct.balance;
      await both();
      acct.balance = b - Number(path.slice(1));
    });
    const found = await detectRaces(() =>
      Promise.all([fetch(`${url}/10`, as('ann')), fetch(`${url}/30`, as('bob'))]),
    );
    expect(kinds(found)).toEqual(['lost-update account.balance']);
    const actors = found[0]!.accesses.map((a) => a.actor);
    expect(new Set(actors)).toEqual(new Set(['ann', 'bob']));
    expect(found[0]!.accesses.every((a) => /^[0-9a-f]{32}$/.test(a.trace!.traceId))).toBe(true);
    expect([90, 70]).toContain(acct.balance);
  });

  it('Express twins: a lock, and requests that did not overlap', async () => {
    const acct = track({ balance: 100 }, { label: 'account' });
    const url = await serve(expressServer, async (path) => {
      const body = async () => {
        const b = acct.balance;
        await tick(5);
        acct.balance = b - 10;
      };
      await (path === '/locked' ? withLock('account', body) : body());
    });
    expect(
      await detectRaces(() =>
        Promise.all([fetch(`${url}/locked`, as('ann')), fetch(`${url}/locked`, as('bob'))]),
      ),
    ).toEqual([]);
    expect(
      await detectRaces(async () => {
        await fetch(`${url}/w`, as('ann'));
        await fetch(`${url}/w`, as('bob'));
      }),
    ).toEqual([]);
    expect(acct.balance).toBe(60);
  });

  it('Fastify: two sign-ups check, await, create: check-then-act; the twin checks and sets in one step', async () => {
    const users = track(new Map<string, { name: string }>(), { label: 'users' });
    const both = barrier(2);
    const url = await serve(fastifyServer, async (path) => {
      const name = path.slice(1);
      if (path.startsWith('/safe-')) {
        await tick(5);
        if (!users.has(name)) users.set(name, { name });
        return null;
      }
      if (!users.has(name)) {
        await both();
        users.set(name, { name });
      }
      return null;
    });
    expect(
      kinds(
        await detectRaces(() => Promise.all([fetch(`${url}/ann`, as('a')), fetch(`${url}/ann`, as('b'))])),
      ),
    ).toEqual(['check-then-act users.ann']);
    expect(
      await detectRaces(() => Promise.all([fetch(`${url}/safe-bob`), fetch(`${url}/safe-bob`)])),
    ).toEqual([]);
  });
});

describe.each([
  ['Koa', koaServer],
  ['Hono', honoServer],
] as const)('%s handlers', (_name, start) => {
  it('overlapping read-await-write requests race; the same requests one after the other do not', async () => {
    const tally = track({ total: 0 }, { label: `tally-${_name}` });
    const both = barrier(2);
    const url = await serve(start, async (path) => {
      const [, mode, amount] = path.split('/');
      const t = tally.total;
      if (mode === 'overlap') await both();
      else await tick(1);
      tally.total = t + Number(amount);
      return null;
    });
    expect(
      kinds(await detectRaces(() => Promise.all([fetch(`${url}/overlap/1`), fetch(`${url}/overlap/2`)]))),
    ).toEqual([`lost-update tally-${_name}.total`]);
    expect(
      await detectRaces(async () => {
        await fetch(`${url}/seq/3`);
        await fetch(`${url}/seq/4`);
      }),
    ).toEqual([]);
  });
});

describe('two services over HTTP, trace propagated', () => {
  it('lost update across the call; the ordered twin is race-free only because the trace orders it', async () => {
    const stock = track({ count: 10, note: '' }, { label: 'stock' });
    const both = barrier(2);
    const inventory = await serve(fastifyServer, async (path) => {
      if (path === '/confirm') stock.note = 'confirmed by inventory';
      else await both();
      return null;
    });
    const shop = await serve(expressServer, async (path) => {
      if (path.startsWith('/buy/')) {
        const n = stock.count;
        await fetch(`${inventory}/reserve`);
        stock.count = n - Number(path.slice(5));
      } else {
        stock.note = 'asked';
        await fetch(`${inventory}/confirm`);
        stock.note = 'done';
      }
    });
    const undo = propagateTrace();
    try {
      const race = await detectRaces(() =>
        Promise.all([fetch(`${shop}/buy/1`, as('ann')), fetch(`${shop}/buy/2`, as('bob'))]),
      );
      expect(kinds(race)).toEqual(['lost-update stock.count']);
      const traces = new Set(race[0]!.accesses.map((a) => a.trace!.traceId));
      expect(traces.size).toBe(2);
      // shop writes, inventory writes while shop waits for it, shop writes after the answer
      expect(await detectRaces(() => fetch(`${shop}/order`))).toEqual([]);
    } finally {
      undo();
    }
    // control: without propagation nothing orders inventory's handler with the shop's writes
    expect(kinds(await detectRaces(() => fetch(`${shop}/order`)))).toEqual(['unordered-writes stock.note']);
  });
});
