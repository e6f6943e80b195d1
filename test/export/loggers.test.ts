import { Writable } from 'node:stream';
import pino from 'pino';
import { consoleObserver, pinoObserver, subscribe, track } from 'statetrail';
import { describe, expect, it } from 'vitest';

describe('logger observers', () => {
  it('pinoObserver logs the serialised change', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = pino({ base: null }, stream);
    const obs = pinoObserver(logger, { level: 'debug', msg: 'state' });
    logger.level = 'debug';
    const stop = subscribe(obs);
    const o = track({ n: 1 }, { label: 'Counter' });
    o.n = 2;
    stop();
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      level: 20,
      msg: 'state',
      change: { schema: 1, label: 'Counter', value: 2, old: 1 },
    });
    expect(obs.stats.logged).toBe(1);
    await obs.flush();
    await obs.shutdown();
  });

  it('reports, never throws, when the logger fails', () => {
    const logger = {
      info() {
        throw new Error('logger down');
      },
    };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const obs = pinoObserver(logger);
      const stop = subscribe(obs);
      const o = track({ n: 1 });
      expect(() => {
        o.n = 2;
        o.n = 3;
      }).not.toThrow();
      stop();
      expect(obs.stats).toEqual({ logged: 0, failed: 2 });
      expect(errors).toHaveLength(1); // one report per kind; the rest are counted
    } finally {
      console.error = original;
    }
  });

  it('consoleObserver prints text or JSON lines', () => {
    const out: string[] = [];
    const fake = { log: (l: string) => out.push(l), info: (l: string) => out.push(`info ${l}`) };
    const stopText = subscribe(consoleObserver({ console: fake as any }));
    const stopJson = subscribe(consoleObserver({ console: fake as any, format: 'json', method: 'info' }));
    const o = track({ n: 1 }, { label: 'Counter' });
    o.n = 2;
    stopText();
    stopJson();
    expect(out[0]).toMatch(/^statetrail #\d+ Counter\.n: 1 -> 2$/);
    expect(out[1]).toMatch(/^info \{"schema":1,/);
  });

  it('rejects what is not a logger', () => {
    expect(() => pinoObserver({})).toThrow(/pinoObserver: logger must be a pino logger/);
    expect(() => consoleObserver({ format: 'xml' as any })).toThrow(
      /options.format must be 'text' or 'json'/,
    );
  });
});
