import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonlExporter, subscribe, track, transaction, withActor } from 'statetrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/export/show';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-show-'));
const trail = path.join(dir, 'trail.jsonl');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const ex = jsonlExporter({ path: trail });
  const stop = subscribe(ex);
  const order = track({ status: 'open', lines: [{ sku: 'A', qty: 1 }] }, { label: 'Order#1' });
  const account = track({ balance: 100 }, { label: 'Account#7' });
  withActor('ann', () => {
    order.lines[0]!.qty = 3;
  });
  ex.crumb('checkout started');
  transaction('pay', () =>
    withActor('bob', () => {
      account.balance = 40;
      order.status = 'paid';
    }),
  );
  delete (order as any).status;
  stop();
  await ex.shutdown();
  fs.appendFileSync(trail, 'not json\n');
});

async function show(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

describe('statetrail show', () => {
  it('prints a table of every change and crumb, and counts malformed lines', async () => {
    const r = await show(trail);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SEQ\s+CHANGE$/);
    expect(lines).toHaveLength(6);
    expect(r.out).toContain('Order#1.lines[0].qty: 1 -> 3  (by ann)');
    expect(r.out).toContain('• checkout started');
    expect(r.out).toContain('Account#7.balance: 100 -> 40  (by bob, tx pay#');
    expect(r.err).toContain('skipped 1 malformed lines');
  });

  it('filters by label, path, actor, op and time', async () => {
    expect((await show(trail, '--label', 'Account#7')).out.trim().split('\n')).toHaveLength(2);
    expect((await show(trail, '--path', 'lines[0]')).out).toContain('qty');
    expect((await show(trail, '--path', 'lines.0.qty', '--json')).out.trim().split('\n')).toHaveLength(1);
    expect((await show(trail, '--actor', 'bob', '--json')).out.trim().split('\n')).toHaveLength(2);
    expect((await show(trail, '--op', 'delete', '--json')).out).toContain('"op":"delete"');
    const all = (await show(trail, '--json')).out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const changes = all.filter((r) => r.kind !== 'crumb');
    const since = (await show(trail, '--json', `--since=#${changes[1].seq}`)).out.trim().split('\n');
    expect(since.length).toBe(changes.length - 1); // crumbs have no seq: a #seq bound leaves them out
    const until = (await show(trail, '--json', '--until', String(all[0].time))).out;
    expect(until).toContain(`"seq":${changes[0].seq}`);
  });

  it('prints a timeline with transactions', async () => {
    const r = await show(trail, '--timeline');
    expect(r.out).toContain('── transaction pay#');
    expect(r.out).toMatch(/\+0\.\d{3}s {2}Order#1/);
  });

  it('reports usage errors with exit code 2 and unreadable files with 1', async () => {
    expect((await show()).code).toBe(2);
    const bad = await show(trail, '--op', 'rename');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--op must be among set, delete, add, clear, splice, got "rename"');
    expect((await show(trail, '--since', 'yesterday-ish')).err).toContain('--since must be an ISO date');
    expect((await show(trail, '--bogus')).err).toContain('unknown option --bogus');
    const missing = await show(path.join(dir, 'none.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read');
    expect((await show('--help')).out).toContain('Usage: statetrail show');
  });

  it('--follow prints lines appended later until stopped', async () => {
    const file = path.join(dir, 'growing.jsonl');
    fs.writeFileSync(file, `${fs.readFileSync(trail, 'utf8').split('\n')[0]}\n`);
    const controller = new AbortController();
    let out = '';
    const done = main([file, '--follow', '--json'], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => {} },
      signal: controller.signal,
    });
    const ex = jsonlExporter({ path: file, flushIntervalMs: 10 });
    const stop = subscribe(ex);
    track({ n: 0 }, { label: 'Late' }).n = 1;
    stop();
    await ex.shutdown();
    for (let i = 0; i < 100 && !out.includes('"label":"Late"'); i++)
      await new Promise((r) => setTimeout(r, 50));
    // rotation: the file is renamed and a new one starts under the name
    fs.renameSync(file, `${file}.1`);
    const next = jsonlExporter({ path: file });
    const stop2 = subscribe(next);
    track({ n: 0 }, { label: 'AfterRotation' }).n = 1;
    stop2();
    await next.shutdown();
    for (let i = 0; i < 100 && !out.includes('"label":"AfterRotation"'); i++)
      await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    expect(await done).toBe(0);
    expect(out.trim().split('\n'), out).toHaveLength(3);
    expect(out).toContain('"label":"Late"');
    expect(out).toContain('"label":"AfterRotation"');
  });

  it('runs as a program through show-bin.ts', async () => {
    const bin = path.join(import.meta.dirname, '..', '..', 'src', 'export', 'show-bin.ts');
    const run = (...args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', bin, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('exit', (code) => resolve({ code, out }));
      });
    const ok = await run(trail, '--label', 'Order#1');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Order#1.status');
    expect((await run('--nope')).code).toBe(2);
  });
});
