/**
 * The collector client against a real HTTP receiver on 127.0.0.1, with the app in a child
 * process, ending in each way a process ends.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startSession } from 'statetrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../export/receiver';

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(() => rx.close());

interface Run {
  id: string;
  code: number | null;
  stdout: string;
  stderr: string;
  lines: Array<Record<string, any>>;
}

const app = path.join(import.meta.dirname, 'fixtures', 'app.ts');

function run(how: string): Promise<Run> {
  const base = new URL(rx.url).origin;
  const p = spawn(process.execPath, ['--import', 'tsx', app, base, how], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d) => {
    stdout += d;
  });
  p.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => {
    p.on('exit', (code) => {
      const id = stdout.split('\n')[0]!;
      resolve({ id, code, stdout, stderr, lines: rx.lines().filter((l) => l.session === id) });
    });
  });
}

/** The kinds in order; `hung`/`recovered` only where asked (a loaded machine may stall a start-up). */
const kinds = (r: Run, watchdog = false) =>
  r.lines.map((l) => l.kind ?? 'change').filter((k) => watchdog || (k !== 'hung' && k !== 'recovered'));

describe('startSession', () => {
  it('reports the session, state, events, metrics and changes, and `end` on a normal end', async () => {
    const r = await run('normal');
    expect(r.code).toBe(0);
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(kinds(r)).toEqual(['session', 'change', 'state', 'event', 'metric', 'crumb', 'change', 'end']);
    const [start, change, state, event, metric] = r.lines.filter(
      (l) => l.kind !== 'hung' && l.kind !== 'recovered',
    );
    expect(start).toMatchObject({ schema: 1, product: 'shop', version: '1.2.0', tags: { region: 'eu' } });
    expect(start!.pid).toBeTypeOf('number');
    expect(start!.machineId).toMatch(/^[0-9a-f]{32}$/);
    expect(change).toMatchObject({ schema: 1, label: 'Order#1', path: ['total'], op: 'set', value: 42 });
    expect(state).toMatchObject({ patch: { order: { status: 'paid' } } });
    expect(event).toMatchObject({ name: 'checkout', level: 'info', data: { items: 2 } });
    expect(metric).toMatchObject({ name: 'latency', type: 'timer', value: 12.5, unit: 'ms' });
    expect(r.lines.at(-1)).toMatchObject({ kind: 'end', status: 'ended', exitCode: 0 });
  });

  it('process.exit(3): `end` with the exit code, delivered from the exit hook', async () => {
    const r = await run('exit');
    expect(r.code).toBe(3);
    expect(r.lines.at(-1)).toMatchObject({ kind: 'end', status: 'ended', exitCode: 3 });
    expect(kinds(r).filter((k) => k === 'change')).toHaveLength(2);
  });

  it("an uncaught exception: a crashed `end` with the error and the crumbs; Node's report and code unchanged", async () => {
    const r = await run('throw');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('boom in the app');
    const end = r.lines.find((l) => l.kind === 'end');
    expect(end).toMatchObject({ status: 'crashed', error: { name: 'Error', message: 'boom in the app' } });
    expect(end!.error.stack).toContain('app.ts');
    const events = r.lines.filter((l) => l.kind === 'crumb').map((l) => l.event);
    expect(events.filter((e) => e === 'booting')).toHaveLength(1); // from before the start, sent once
    expect(events.filter((e) => e === 'about to end')).toHaveLength(1);
  });

  it('reports `hung` while the main thread is blocked, then `recovered`', async () => {
    const r = await run('hang');
    expect(r.code).toBe(0);
    const order = kinds(r, true).filter((k) => k === 'hung' || k === 'recovered' || k === 'end');
    expect(order.at(-1)).toBe('end');
    expect(order.lastIndexOf('recovered')).toBeGreaterThan(order.lastIndexOf('hung'));
    expect(r.lines.filter((l) => l.kind === 'recovered').some((l) => l.ms >= 1000)).toBe(true);
  });

  it('end() sends everything and resolves', async () => {
    const r = await run('end');
    expect(r.stdout).toContain('ended');
    expect(r.lines.at(-1)).toMatchObject({ kind: 'end', status: 'ended' });
    expect(r.lines.filter((l) => l.kind === 'end')).toHaveLength(1);
  });

  it('rejects bad options and arguments, naming them', async () => {
    expect(() => startSession({ collector: 'http://127.0.0.1:1' } as any)).toThrow(/options.product/);
    expect(() => startSession({ product: 'p', collector: 'ftp://x' })).toThrow(/options.collector/);
    expect(() => startSession({ product: 'p', collector: 'http://x', tags: { a: 1 as any } })).toThrow(
      /options.tags\["a"\] must be a string/,
    );
    expect(() => startSession({ product: 'p', collector: 'http://x', heartbeatMs: 2 ** 40 })).toThrow(
      /options.heartbeatMs/,
    );
    const s = startSession({ product: 'p', collector: new URL(rx.url).origin });
    expect(() => s.metric('m', Number.NaN)).toThrow(/value must be a finite number/);
    expect(() => s.metric('m', 1, { type: 'sum' as any })).toThrow(/options.type/);
    expect(() => s.state([] as any)).toThrow(/patch/);
    expect(() => s.event('')).toThrow(/name/);
    await s.end();
    expect(() => s.event('late')).toThrow(/has ended/);
  });
});
