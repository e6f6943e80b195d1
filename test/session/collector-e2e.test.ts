/**
 * How a process ends, end to end against the real collector: the app (ending-app.ts) in a child
 * process with startSession, the collector in another (a SQLite file), everything read back
 * through the HTTP query API. A crash → `crashed` with the error, its stack and the crumbs before
 * it, while Node's output and exit code stay what they are without statetrail; a blocked event
 * loop → `hung` while it is still blocked, then `recovered`; SIGKILL → `lost` once heartbeats stop.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChildCollector,
  killChildCollectors,
  startChildCollector,
} from '../../collector/test/support/child';
import { sessionOf, timelineOf, waitFor } from '../../collector/test/support/query';

const app = path.join(import.meta.dirname, 'fixtures', 'ending-app.ts');
let dir = '';
const apps = new Set<ChildProcessWithoutNullStreams>();
let collector: ChildCollector;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'statetrail-ending-'));
  collector = await startChildCollector(path.join(dir, 'collector.db'));
});
afterAll(async () => {
  for (const p of apps) p.kill('SIGKILL');
  await killChildCollectors();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function start(how: string, to = collector.url) {
  const p = spawn(process.execPath, ['--import', 'tsx', app, to, how], { stdio: 'pipe' });
  apps.add(p);
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (done) =>
      p.once('exit', (code, signal) => {
        apps.delete(p);
        done({ code, signal, stdout, stderr });
      }),
  );
  return {
    process: p,
    stdout: () => stdout,
    id: () => waitFor('the session id', () => (stdout.includes('\n') ? stdout.split('\n')[0] : null)),
    exited,
  };
}

describe('how a process ends, through the real collector', () => {
  it("an uncaught exception: crashed with the error, its stack and the crumbs before it; Node's output and exit code unchanged", async () => {
    const withSession = start('throw');
    const without = start('throw', 'none');
    const id = await withSession.id();
    const [a, b] = await Promise.all([withSession.exited, without.exited]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('boom in the app');
    expect(a.code).toBe(b.code);
    expect(a.stderr).toBe(b.stderr);

    const session = await waitFor('the crash to arrive', async () => {
      const s = await sessionOf(collector.url, id);
      return s?.status === 'crashed' && s;
    });
    expect(session).toMatchObject({
      product: 'ending',
      exitCode: 1,
      error: { name: 'Error', message: 'boom in the app' },
    });
    expect(session.error.stack).toContain('ending-app.ts');
    const errors = (await timelineOf(collector.url, id, 'error')).map((i) => i.data);
    expect(errors).toContainEqual(
      expect.objectContaining({ level: 'fatal', message: 'boom in the app', name: 'uncaughtException' }),
    );
    const crumbs = (await timelineOf(collector.url, id, 'crumb')).map((i) => i.data);
    expect(crumbs.map((c) => c.event)).toEqual(expect.arrayContaining(['booting', 'about to throw']));
    for (const c of crumbs) expect(c.time).toBeLessThanOrEqual(session.ended);
    // the change made just before the throw arrived too
    const changes = (await timelineOf(collector.url, id, 'change')).map((i) => i.data);
    expect(changes.at(-1)).toMatchObject({ path: ['status'], value: 'failing' });
  }, 90_000);

  it('a blocked event loop: hung while still blocked, then recovered, then ended', async () => {
    const run = start('hang');
    const id = await run.id();
    await waitFor(
      'the session to arrive',
      async () => (await sessionOf(collector.url, id))?.status === 'active',
    );
    run.process.stdin.write('block\n');
    await waitFor('the app to block', () => run.stdout().includes('blocking'), 30_000, 20);
    await waitFor(
      'the session to be hung',
      async () => (await sessionOf(collector.url, id))?.status === 'hung',
      30_000,
      50,
    );
    expect(run.stdout()).not.toContain('unblocked'); // reported by the watchdog while the main thread spins
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(run.stdout()).toContain('unblocked');
    const session = await waitFor('the end to arrive', async () => {
      const s = await sessionOf(collector.url, id);
      return s?.status === 'ended' && s;
    });
    expect(session.exitCode).toBe(0);
    const items = await timelineOf(collector.url, id, 'hung,recovered,end');
    const kinds = items.map((i) => i.kind);
    expect(kinds.indexOf('hung')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('recovered')).toBeGreaterThan(kinds.indexOf('hung'));
    expect(kinds.at(-1)).toBe('end');
    expect(items.find((i) => i.kind === 'recovered').data.ms).toBeGreaterThanOrEqual(4000);
  }, 90_000);

  it('SIGKILL: active while the heartbeats come, lost once they stop', async () => {
    const run = start('kill');
    const id = await run.id();
    // heartbeats every 200 ms keep it active past several lost-session sweeps (every 5 s, lost after 3 missed)
    await waitFor(
      'heartbeats for 6 s',
      async () => (await timelineOf(collector.url, id, 'heartbeat')).length >= 30,
      60_000,
      500,
    );
    expect((await sessionOf(collector.url, id)).status).toBe('active');
    run.process.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    const session = await waitFor(
      'the session to be marked lost',
      async () => {
        const s = await sessionOf(collector.url, id);
        return s?.status === 'lost' && s;
      },
      30_000,
    );
    expect(session).toMatchObject({ ended: null, exitCode: null, error: null });
  }, 120_000);
});
