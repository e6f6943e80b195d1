/**
 * jsonlExporter on a bad day (issue 15 items 4, 6, 8, 10, 22, 23): child processes ending by
 * signals, a file size limit standing in for a full disk, the file replaced or truncated mid-run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configure, jsonlExporter, subscribe, track } from 'statetrail';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-rel-jsonl-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => configure({ onObserverError: undefined }));
const child = path.join(import.meta.dirname, 'fixtures', 'jsonl-child.ts');

let n = 0;
const file = () => path.join(dir, `t${n++}.jsonl`);
const lines = (f: string) =>
  fs
    .readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

function run(
  f: string,
  how: string,
  count: number,
  options: { signal?: NodeJS.Signals; shell?: string } = {},
): Promise<Ended> {
  const args = ['--import', 'tsx', child, f, how, String(count)];
  const p =
    options.shell === undefined
      ? spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn('bash', ['-c', `${options.shell}; exec "$0" "$@"`, process.execPath, ...args], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
  let stdout = '';
  p.stdout!.on('data', (d) => {
    stdout += d;
    if (options.signal !== undefined && stdout.includes('ready\n') && !p.killed) p.kill(options.signal);
  });
  return new Promise((resolve) => p.on('exit', (code, signal) => resolve({ code, signal, stdout })));
}

describe('signals (items 4 and 23)', () => {
  it("SIGTERM with the program's process.once() handler: the program's cleanup finishes, exit 0", async () => {
    const f = file();
    const r = await run(f, 'own-once', 20_000, { signal: 'SIGTERM' });
    expect(r.stdout).toContain('cleaned up');
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
    expect(lines(f)).toHaveLength(20_001);
  });

  it('SIGTERM during synchronous work: drained, then dies of SIGTERM', async () => {
    const f = file();
    const r = await run(f, 'busy', 20_000, { signal: 'SIGTERM' });
    expect(r.signal).toBe('SIGTERM');
    expect(lines(f)).toHaveLength(20_000);
  });

  for (const signal of ['SIGQUIT', 'SIGUSR2'] as const) {
    it(`${signal}: every line on disk, and the process dies of ${signal} as without statetrail`, async () => {
      const f = file();
      const r = await run(f, signal, 200_000, { signal });
      expect(r.signal).toBe(signal);
      expect(lines(f)).toHaveLength(200_000);
    });
  }
});

describe('a full disk (item 6)', () => {
  it('failed batches are counted and cut away: the file holds only whole lines, no NUL bytes', async () => {
    const f = file();
    // A 256 KiB file size limit: writes beyond it fail with EFBIG, as they would with ENOSPC.
    const r = await run(f, 'full', 20_000, { shell: 'ulimit -f 256; trap "" XFSZ' });
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    const text = fs.readFileSync(f, 'utf8');
    expect(text.includes('\0')).toBe(false);
    expect(text.endsWith('\n')).toBe(true);
    const got = lines(f).map((l) => JSON.parse(l));
    expect(stats.failed).toBeGreaterThan(0);
    expect(got.length).toBe(stats.written);
    expect(stats.written + stats.failed).toBe(20_000);
  });
});

describe('the file deleted, replaced or truncated under the exporter (item 8)', () => {
  /** Writes `before` values, lets `disrupt` act on the file, writes -1, and gives the file back. */
  async function around(before: number, disrupt: (f: string) => void): Promise<string> {
    const f = file();
    const ex = jsonlExporter({ path: f });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    for (let i = 1; i <= before; i++) o.n = i;
    await ex.flush();
    disrupt(f);
    o.n = -1;
    await ex.flush();
    stop();
    await ex.shutdown();
    return f;
  }
  const values = (f: string) => lines(f).map((l) => JSON.parse(l).value);

  it('replaced (logrotate create): later lines go to the new file, reported', async () => {
    const errors: unknown[] = [];
    configure({ onObserverError: (e) => errors.push(e) });
    const f = await around(1, (f) => {
      fs.renameSync(f, `${f}.old`);
      fs.writeFileSync(f, '');
    });
    expect(values(`${f}.old`)).toEqual([1]);
    expect(values(f)).toEqual([-1]);
    expect(String(errors.join())).toMatch(/deleted or replaced/);
  });

  it('deleted: the path is created again', async () => {
    configure({ onObserverError: () => {} });
    expect(values(await around(1, (f) => fs.rmSync(f)))).toEqual([-1]);
  });

  it('truncated (copytruncate): writing goes on at the new end, no NUL bytes', async () => {
    configure({ onObserverError: () => {} });
    const f = await around(1000, (f) => {
      fs.copyFileSync(f, `${f}.1`);
      fs.truncateSync(f, 0);
    });
    expect(fs.readFileSync(f, 'utf8').includes('\0')).toBe(false);
    expect(values(f)).toEqual([-1]);
  });
});

describe('bounds and modes (items 10 and 22)', () => {
  it('the audit file is created 0600', async () => {
    const f = file();
    const ex = jsonlExporter({ path: f });
    await ex.shutdown();
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
  });

  it('huge whole numbers are refused, naming the range', () => {
    expect(() => jsonlExporter({ path: file(), rotate: { maxBytes: 1000, keep: 1e6 } })).toThrow(
      /options.rotate.keep must be a whole number from 0 to 1000/,
    );
    expect(() => jsonlExporter({ path: file(), flushIntervalMs: 2 ** 31 })).toThrow(
      /options.flushIntervalMs must be a whole number from 0 to 2147483647/,
    );
  });
});
