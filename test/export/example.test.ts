import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it, onTestFinished } from 'vitest';

it('examples/export/audit-trail.ts writes a trail and shows it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-example-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'audit.jsonl');
  const script = path.join(import.meta.dirname, '..', '..', 'examples', 'export', 'audit-trail.ts');
  const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, file], {
      cwd: path.join(import.meta.dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (c) => resolve({ code: c, out }));
  });
  expect(code).toBe(0);
  const lines = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(5);
  expect(lines.every((l) => l.schema === 1)).toBe(true);
  expect(out).toContain('Account#7.balance: 100 -> 76  (by bob, tx checkout#1)');
  expect(out).toContain('• cart updated');
});
