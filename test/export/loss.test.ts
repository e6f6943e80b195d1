/**
 * No loss in audit mode: child processes record many changes through a jsonlExporter whose
 * timer never fires, then end in every way a process ends; the file must hold every line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const child = path.join(import.meta.dirname, 'fixtures', 'loss-child.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-loss-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

let n = 0;
function run(
  how: string,
  count: number,
  options: { signal?: NodeJS.Signals; batch?: number; afterMs?: number } = {},
) {
  const file = path.join(dir, `${how}-${n++}.jsonl`);
  const proc: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', child, file, how, String(count), String(options.batch ?? 65_536)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d) => {
    stdout += d;
    if (options.signal !== undefined && stdout.includes('ready\n') && !proc.killed) {
      setTimeout(() => proc.kill(options.signal), options.afterMs ?? 0);
    }
  });
  proc.stderr!.on('data', (d) => {
    stderr += d;
  });
  return new Promise<Ended>((resolve) => {
    proc.on('exit', (code, signal) => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      resolve({ code, signal, stdout, stderr, lines: text.split('\n').filter((l) => l !== '') });
    });
  });
}

/** Every line parses and the seqs run without a gap from the first. */
function contiguous(lines: string[]): boolean {
  const seqs = lines.map((l) => JSON.parse(l).seq as number);
  return seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1);
}

const COUNT = 200_000;

describe('no loss in audit mode', () => {
  it('normal end of the program', async () => {
    const r = await run('normal', COUNT);
    expect(r.code).toBe(0);
    expect(r.lines.length).toBe(COUNT);
    expect(contiguous(r.lines)).toBe(true);
  });

  it('process.exit() with async batches in flight keeps the exit code', async () => {
    const r = await run('exit', COUNT, { batch: 4096 });
    expect(r.code).toBe(3);
    expect(r.lines.length).toBe(COUNT);
    expect(contiguous(r.lines)).toBe(true);
  });

  it('uncaught exception: lines on disk, the usual report and exit code 1', async () => {
    const r = await run('throw', COUNT);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('boom from the child');
    expect(r.lines.length).toBe(COUNT);
  });

  it('unhandled rejection', async () => {
    const r = await run('reject', COUNT);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rejected in the child');
    expect(r.lines.length).toBe(COUNT);
  });

  it('SIGINT with no listener of the program: drained, then dies of SIGINT as without statetrail', async () => {
    const r = await run('SIGINT', COUNT, { signal: 'SIGINT' });
    expect(r.signal).toBe('SIGINT');
    expect(r.lines.length).toBe(COUNT);
  });

  it('SIGTERM with no listener of the program', async () => {
    const r = await run('SIGTERM', COUNT, { signal: 'SIGTERM' });
    expect(r.signal).toBe('SIGTERM');
    expect(r.lines.length).toBe(COUNT);
  });

  it("SIGINT with the program's own listener: statetrail drains but does not end the process", async () => {
    const r = await run('own-sigint', COUNT, { signal: 'SIGINT' });
    expect(r.code).toBe(0);
    expect(r.signal).toBe(null);
    expect(r.stdout).toContain('handled');
    expect(r.lines.length).toBe(COUNT + 1000);
  });

  it('SIGTERM in the middle of a stream of writes: no gap, last line complete', async () => {
    const r = await run('stream', 10_000, { signal: 'SIGTERM', batch: 4096, afterMs: 300 });
    expect(r.signal).toBe('SIGTERM');
    expect(r.lines.length).toBeGreaterThan(10_000);
    expect(contiguous(r.lines)).toBe(true);
  });
});
