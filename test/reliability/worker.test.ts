/**
 * jsonlExporter inside a worker thread (issue 15 item 7): no exit hook runs in a worker when the
 * main thread calls process.exit() or terminates it, so every drained job is written at once.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-rel-worker-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const app = path.join(import.meta.dirname, 'fixtures', 'worker-app.ts');

function run(how: string): Promise<{ reported: number; lines: number[] }> {
  const file = path.join(dir, `${how}.jsonl`);
  const p = spawn(process.execPath, ['--import', 'tsx', app, file, how], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  p.stdout.on('data', (d) => {
    stdout += d;
  });
  return new Promise((resolve) =>
    p.on('exit', () => {
      const lines = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l).value as number);
      resolve({ reported: Number(stdout.trim()), lines });
    }),
  );
}

describe('a jsonlExporter in a worker thread', () => {
  for (const how of ['exit', 'terminate']) {
    it(`main thread ${how === 'exit' ? 'calls process.exit()' : 'terminates the worker'}: every job reported done is on disk`, async () => {
      const r = await run(how);
      expect(r.reported).toBeGreaterThanOrEqual(100_000);
      expect(r.lines.length).toBeGreaterThanOrEqual(r.reported);
      expect(r.lines.slice(0, r.reported).every((v, i) => v === i + 1)).toBe(true);
    });
  }
});
