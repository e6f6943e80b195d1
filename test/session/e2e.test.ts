/**
 * End to end: an app in a child process with startSession and a track()ed object → a real
 * collector (SQLite in memory, on 127.0.0.1) → the query API answers with its state, events and
 * metrics; the crash and hang cases set the session's status.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, startCollector } from '../../collector/src/index';

let collector: Collector;
beforeAll(async () => {
  collector = await startCollector({ db: ':memory:', port: 0 });
});
afterAll(() => collector.close());

const app = path.join(import.meta.dirname, 'fixtures', 'app.ts');

function run(how: string): Promise<{ id: string; code: number | null }> {
  const p = spawn(process.execPath, ['--import', 'tsx', app, collector.url, how], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  p.stdout.on('data', (d) => {
    stdout += d;
  });
  return new Promise((resolve) => p.on('exit', (code) => resolve({ id: stdout.split('\n')[0]!, code })));
}

async function get(route: string): Promise<any> {
  const response = await fetch(`${collector.url}${route}`);
  expect(response.status).toBe(200);
  return response.json();
}

describe('startSession → collector → query API', () => {
  it('a normal run: the session ended, its state, events, metrics and changes are queryable', async () => {
    const { id, code } = await run('normal');
    expect(code).toBe(0);
    const session = await get(`/v1/sessions/${id}`);
    expect(session).toMatchObject({
      id,
      product: 'shop',
      version: '1.2.0',
      status: 'ended',
      tags: { region: 'eu' },
    });
    expect(session.counts.changes).toBeGreaterThanOrEqual(2);
    const state = await get(`/v1/sessions/${id}/state`);
    expect(JSON.stringify(state)).toContain('"paid"');
    const timeline = await get(`/v1/sessions/${id}/timeline?kind=event`);
    expect(timeline.items.map((i: any) => i.data.name)).toContain('checkout');
    const metrics = await get('/v1/metrics?name=latency&product=shop');
    expect(JSON.stringify(metrics)).toContain('12.5');
  });

  it('a crash: the session is crashed, with the error', async () => {
    const { id, code } = await run('throw');
    expect(code).toBe(1);
    const session = await get(`/v1/sessions/${id}`);
    expect(session.status).toBe('crashed');
    expect(JSON.stringify(session.error)).toContain('boom in the app');
  });

  it('a hang: hung and recovered reach the timeline, and the session ends', async () => {
    const { id, code } = await run('hang');
    expect(code).toBe(0);
    const timeline = await get(`/v1/sessions/${id}/timeline?kind=hung,recovered`);
    const kinds = timeline.items.map((i: any) => i.kind);
    expect(kinds).toContain('hung');
    expect(kinds).toContain('recovered');
    expect((await get(`/v1/sessions/${id}`)).status).toBe('ended');
  });
});
