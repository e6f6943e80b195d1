import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crumb, installCrashHandler } from 'statetrail';
import { describe, expect, it, onTestFinished } from 'vitest';

const script = fileURLToPath(new URL('../fixtures/crash/crash.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

function run(how: string, handler: boolean) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, how, handler ? 'handler' : 'plain'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('installCrashHandler in a real process', () => {
  for (const how of ['throw', 'reject', 'exitcode']) {
    it(`dumps crumbs on "${how}" and leaves Node's report and exit code as they were`, () => {
      const plain = run(how, false);
      const withHandler = run(how, true);
      expect(plain.code).not.toBe(0);
      expect(withHandler.code).toBe(plain.code);
      // Node's own report follows the dump unchanged
      expect(withHandler.stderr.endsWith(plain.stderr)).toBe(true);
      const dump = withHandler.stderr.slice(0, withHandler.stderr.length - plain.stderr.length);
      expect(dump).toMatch(/statetrail: the last 2 crumbs before the crash/);
      expect(dump).toMatch(/request {2}\{"path":"\/withdraw"\}/);
      expect(dump).toMatch(/account\.balance: 100 -> 70 {2}\(by ann\)/);
      expect(plain.stderr).not.toMatch(/statetrail/);
    });
  }

  it('validates its options and uninstalls', () => {
    expect(() => installCrashHandler({ to: 'printer' as any })).toThrow(
      /options.to must be 'stderr', 'file', 'none'/,
    );
    expect(() => installCrashHandler({ to: 'file' })).toThrow(/options.file/);
    const before = process.listenerCount('uncaughtExceptionMonitor');
    const uninstall = installCrashHandler({ to: () => {} });
    expect(process.listenerCount('uncaughtExceptionMonitor')).toBe(before + 1);
    uninstall();
    expect(process.listenerCount('uncaughtExceptionMonitor')).toBe(before);
  });

  it('dumps to a file or a function when Node reports a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'st-crash-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'dump.json');
    const seen: unknown[] = [];
    const offFile = installCrashHandler({ to: 'file', file });
    const offFn = installCrashHandler({ to: (list, error) => seen.push(list.length, error) });
    const offNone = installCrashHandler({ to: 'none' });
    crumb('before-crash');
    const error = new Error('simulated');
    (process.emit as (event: string, ...args: unknown[]) => boolean)(
      'uncaughtExceptionMonitor',
      error,
      'uncaughtException',
    );
    offFile();
    offFn();
    offNone();
    expect(JSON.parse(readFileSync(file, 'utf8')).at(-1)).toMatchObject({
      kind: 'crumb',
      event: 'before-crash',
    });
    expect(seen[1]).toBe(error);
  });
});
