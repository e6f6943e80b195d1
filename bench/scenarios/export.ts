/**
 * Export: tracked writes streamed to a JSON Lines file by `jsonlExporter` (subscribed to every change),
 * against pino writing records of the same size to a file. One run = CHANGES records, flushed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { jsonlExporter, subscribe, track } from '../../src/index';
import type { Bench, Ctx, Scenario } from '../lib/types';

const changes = (ctx: Ctx): number => (ctx.quick ? 2_000 : 20_000);

/** Bytes per line of the JSONL file, measured by a first run: pino's records are padded to it. */
let jsonlLine = 0;

function countLines(file: string): number {
  const buf = readFileSync(file);
  let lines = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
  return lines;
}

function averageLine(file: string): number {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  return lines.length === 0 ? 0 : Buffer.byteLength(text) / lines.length;
}

export const jsonl: Scenario = {
  id: 'export-jsonl',
  group: 'export',
  name: 'statetrail jsonlExporter → file',
  role: 'statetrail',
  async setup(ctx): Promise<Bench | string> {
    const file = path.join(ctx.tmp, 'changes.jsonl');
    const exporter = jsonlExporter({ path: file });
    const o = track({ x: -1, y: 'a' }, { label: 'Account#1' });
    const n = changes(ctx);
    let next = 0;
    const run = async (): Promise<void> => {
      for (let i = 0; i < n; i++) o.x = next++;
      await exporter.flush();
    };
    // Every change must reach the file: a lossy exporter would look fast.
    const lossless = (): string | undefined => {
      const lines = countLines(file);
      if (lines !== next) return `${lines} lines in the file for ${next} changes`;
      if (exporter.stats?.dropped || exporter.stats?.failed) return `stats ${JSON.stringify(exporter.stats)}`;
      return jsonlLine > 0 ? undefined : 'the JSONL file is empty';
    };
    const stop = subscribe(exporter);
    await run();
    stop();
    jsonlLine = averageLine(file);
    return {
      ops: n,
      run,
      attach: () => subscribe(exporter),
      check: lossless,
      dispose: () => exporter.shutdown(),
    };
  },
};

export const pinoFile: Scenario = {
  id: 'export-pino',
  group: 'export',
  name: 'pino → file, same-size records',
  role: 'baseline',
  async setup(ctx): Promise<Bench> {
    const file = path.join(ctx.tmp, 'pino.log');
    const dest = pino.destination({ dest: file, sync: false, minLength: 4096 });
    const logger = pino({ base: null }, dest);
    const record = (i: number, msg: string) =>
      logger.info({ seq: i, label: 'Account#1', path: ['x'], op: 'set', value: i, old: i - 1 }, msg);
    // Pad the message so a pino line is as long as a JSONL change line (else ~200 bytes, a typical change).
    let probe = 0;
    pino({ base: null }, { write: (s: string) => void (probe = Buffer.byteLength(s)) }).info(
      { seq: 1_000_000, label: 'Account#1', path: ['x'], op: 'set', value: 1_000_000, old: 999_999 },
      '',
    );
    const target = jsonlLine > 0 ? jsonlLine : 200;
    const pad = 'x'.repeat(Math.max(0, Math.round(target - probe)));
    const n = changes(ctx);
    let next = 0;
    const run = async (): Promise<void> => {
      for (let i = 0; i < n; i++) record(next++, pad);
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
    };
    await run();
    const line = averageLine(file);
    return {
      ops: n,
      run,
      check: () =>
        Math.abs(line - target) <= 0.1 * target
          ? undefined
          : `pino lines average ${line.toFixed(0)} bytes, JSONL ${target.toFixed(0)}`,
      dispose: () => new Promise<void>((resolve) => logger.flush(() => resolve())),
    };
  },
};

export default [jsonl, pinoFile];
