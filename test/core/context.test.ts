import {
  currentActor,
  currentContext,
  history,
  lastChange,
  setActor,
  track,
  transaction,
  withActor,
  withContext,
} from 'statetrail';
import { describe, expect, it } from 'vitest';

const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms));

describe('context', () => {
  it('stamps actor, context and transaction on changes, nesting and merging', () => {
    const o = track({ n: 0 });
    const result = withActor('ann', () =>
      withContext({ request: 'r1' }, () =>
        withContext({ tenant: 't' }, () =>
          transaction('deposit', () => {
            o.n = 1;
            expect(currentActor()).toBe('ann');
            expect(currentContext()).toEqual({ request: 'r1', tenant: 't' });
            return 42;
          }),
        ),
      ),
    );
    expect(result).toBe(42);
    expect(lastChange(o)).toMatchObject({
      actor: 'ann',
      context: { request: 'r1', tenant: 't' },
      tx: { name: 'deposit' },
    });
    o.n = 2;
    const plain = lastChange(o)!;
    expect(plain.actor).toBeUndefined();
    expect(plain.tx).toBeUndefined();
    expect(currentActor()).toBeUndefined();
    expect(currentContext()).toEqual({});
  });

  it('keeps each of several concurrent async actors apart across awaits, timers and promise chains', async () => {
    const account = track({ log: [] as string[], n: 0 });
    const work = (actor: string, steps: number) =>
      withActor(actor, () =>
        transaction(`tx-${actor}`, async () => {
          for (let i = 0; i < steps; i++) {
            await tick(Math.random() * 3);
            account.n++;
            await new Promise<void>((r) => setImmediate(r));
            await Promise.resolve().then(() => {
              account.log.push(actor);
            });
            setTimeout(() => {
              account.n--;
            }, 0);
          }
          return actor;
        }),
      );
    const results = await Promise.all([work('ann', 5), work('bob', 5), work('cy', 5)]);
    await tick(20);
    expect(results).toEqual(['ann', 'bob', 'cy']);
    const changes = history.changes().filter((c) => c.target === account);
    expect(changes).toHaveLength(45);
    for (const c of changes) {
      expect(c.tx?.name).toBe(`tx-${c.actor}`);
      if (c.op === 'splice') expect(c.value).toEqual([c.actor]);
    }
    const txIds = new Set(changes.map((c) => `${c.actor}:${c.tx!.id}`));
    expect(txIds.size).toBe(3);
  });

  it('sets the actor for the rest of an async context with setActor', async () => {
    const o = track({ n: 0 });
    const handle = async (user: string) => {
      await null; // like a request handler: runs in an async context of its own
      setActor(user);
      await tick();
      o.n++;
      return currentActor();
    };
    const [a, b] = await Promise.all([handle('u1'), handle('u2')]);
    expect([a, b]).toEqual(['u1', 'u2']);
    expect(currentActor()).toBeUndefined();
  });

  it('passes a rejected promise through unchanged', async () => {
    const boom = new Error('x');
    await expect(withActor('a', async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(() =>
      transaction('t', () => {
        throw boom;
      }),
    ).toThrow(boom);
  });

  it('rejects bad arguments', () => {
    expect(() => withActor(123 as any, () => 0)).toThrow(
      /withActor: actor must be a non-empty string, got number 123/,
    );
    expect(() => withActor('a', 'fn' as any)).toThrow(/withActor: fn must be a function/);
    expect(() => withContext(null as any, () => 0)).toThrow(/withContext: values must be a plain object/);
    expect(() => withContext([] as any, () => 0)).toThrow(/withContext: values/);
    expect(() => transaction('', () => 0)).toThrow(/transaction: name/);
    expect(() => setActor(undefined as any)).toThrow(/setActor: actor/);
  });
});
