/** Runs one group in a fresh process (group-child.ts), so no group's state or V8 feedback reaches another. */
import { spawn } from 'node:child_process';
import type { Result } from './measure';
import { ROOT, scriptArgs } from './paths';
import type { Ctx, Group, Scenario } from './types';

export function runGroupApart(group: Group, scenarios: readonly Scenario[], ctx: Ctx): Promise<Result[]> {
  const ids = scenarios.map((s) => s.id).join(',');
  const args = [...scriptArgs('group-child'), group, ctx.quick ? '1' : '0', ctx.clock, ctx.tmp, ids];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`bench group ${group}: child exited with ${signal ?? code}`));
      const rows = JSON.parse(out.trim().split('\n').pop()!) as Array<
        Omit<Result, 'scenario'> & { id: string }
      >;
      resolve(rows.map(({ id, ...r }) => ({ ...r, scenario: scenarios.find((s) => s.id === id)! })));
    });
  });
}
