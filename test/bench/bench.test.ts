/**
 * Smoke test of the benchmark suite: `npm run bench -- --quick` (esbuild bundle, then every scenario
 * briefly) completes and prints every scenario. No timing assertion: CI machines are shared and noisy.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../bench/scenarios/index';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run bench -- --quick', () => {
  it('runs every scenario and prints each one', { timeout: 300_000 }, async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', 'bench', '--', '--quick'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    for (const s of scenarios) expect(stdout, s.id).toContain(s.name);
    expect(stdout).toContain('bytes per change, unbounded per-object history');
    // Scenarios whose code is not merged say so, and failed sanity checks show as ⚠ on their row:
    // both are for people to read (BENCHMARKS.md), not reasons to fail CI.
  });
});
