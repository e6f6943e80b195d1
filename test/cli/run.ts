/** Runs the `statetrail` bin in-process (main with captured lines) or as a real child process. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../../cli/main';

export const repo = path.join(import.meta.dirname, '..', '..');
const MAIN = path.join(repo, 'cli', 'main.ts');

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

export async function cli(
  args: string[],
  o: { cwd?: string; color?: boolean; signal?: AbortSignal; onOut?: (line: string) => void } = {},
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    cwd: o.cwd ?? repo,
    out: (l) => {
      out.push(l);
      o.onOut?.(l);
    },
    err: (l) => err.push(l),
    color: { out: o.color ?? false, err: o.color ?? false },
    signal: o.signal ?? new AbortController().signal,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The bin as a program: `node --import tsx cli/main.ts …` (or another script, e.g. dist/cli.js). */
export function bin(
  args: string[],
  o: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    node?: string[];
    script?: string;
    onOut?: (text: string) => void;
  } = {},
): Promise<Run> & { kill(signal: NodeJS.Signals): void } {
  const script = o.script ?? MAIN;
  const p = spawn(
    process.execPath,
    [...(o.node ?? (script.endsWith('.ts') ? ['--import', 'tsx'] : [])), script, ...args],
    {
      cwd: o.cwd ?? repo,
      env: { ...process.env, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  p.stdout.on('data', (d) => {
    out += d;
    o.onOut?.(out);
  });
  p.stderr.on('data', (d) => (err += d));
  const done = new Promise<Run>((resolve) => p.on('close', (code) => resolve({ code, out, err })));
  return Object.assign(done, { kill: (signal: NodeJS.Signals) => p.kill(signal) });
}

/** A temporary folder, removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
