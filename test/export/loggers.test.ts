import { Writable } from 'node:stream';
import pino from 'pino';
import { consoleExporter, consoleObserver, pinoExporter, pinoObserver, subscribe, track } from 'statetrail';
import { describe, expect, it } from 'vitest';

describe('logger observers', () => {
  it('pinoExporter logs the serialised change', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = pino({ base: null }, stream);
    const obs = pinoExporter(logger, { level: 'debug', msg: 'state' });
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
      const obs = pinoExporter(logger);
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

  it('consoleExporter prints text or JSON lines', () => {
    const out: string[] = [];
    const fake = { log: (l: string) => out.push(l), info: (l: string) => out.push(`info ${l}`) };
    const stopText = subscribe(consoleExporter({ console: fake as any }));
    const stopJson = subscribe(consoleExporter({ console: fake as any, format: 'json', method: 'info' }));
    const o = track({ n: 1 }, { label: 'Counter' });
    o.n = 2;
    stopText();
    stopJson();
    expect(out[0]).toMatch(/^statetrail #\d+ Counter\.n: 1 -> 2$/);
    expect(out[1]).toMatch(/^info \{"schema":1,/);
  });

  it('rejects what is not a logger', () => {
    expect(() => pinoExporter({})).toThrow(/pinoExporter: logger must be a pino logger/);
    expect(() => consoleExporter({ format: 'xml' as any })).toThrow(
      /options.format must be 'text' or 'json'/,
    );
  });

  it('keeps the old names as deprecated aliases', () => {
    expect(pinoObserver).toBe(pinoExporter);
    expect(consoleObserver).toBe(consoleExporter);
  });

  it('flush() and shutdown() always return a promise', async () => {
    const c = consoleExporter({ console: { log() {} } as any });
    const p = pinoExporter({ info() {} });
    for (const r of [c.flush(), c.shutdown(), p.flush(), p.shutdown()]) expect(r).toBeInstanceOf(Promise);
    await Promise.all([c.flush(), p.flush()]);
  });
});
