import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cli, repo, tempDir } from './run';

const version = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).version;
const trace = ['--import', 'tsx', '--import', path.join(import.meta.dirname, 'fixtures', 'trace-loads.mjs')];

describe('the statetrail bin', () => {
  it('prints its version and its help', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, out: version });
    expect(await cli(['-v'])).toMatchObject({ code: 0, out: version });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['build', 'explain', 'show', 'collect'])
      expect(help.out).toMatch(new RegExp(`^  ${name} `, 'm'));
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('usage: statetrail <command>');
  });

  it('suggests the command or option meant', async () => {
    const typo = await cli(['shwo']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('unknown command "shwo"; did you mean "show"?');
    const flag = await cli(['show', 'x.jsonl', '--actr', 'bob']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('statetrail show: unknown option --actr; did you mean --actor?');
    expect(flag.err).toContain('usage: statetrail show');
    const missing = await cli(['build', '-p']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/statetrail build: Option '-p, --project <value>' argument missing/);
    expect((await cli(['build', 'extra'])).err).toContain("Unexpected argument 'extra'");
  });

  it('gives every command its own --help', async () => {
    for (const name of ['build', 'explain', 'show', 'collect']) {
      const r = await cli([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[0]).toMatch(new RegExp(`^usage: statetrail ${name} `));
    }
  });

  it('loads no TypeScript compiler for --version, --help or show, and does for explain', async () => {
    for (const args of [
      ['--version'],
      ['--help'],
      ['show', '--help'],
      ['build', '--help'],
      ['show', 'package.json'],
    ]) {
      const r = await bin(args, { node: trace });
      expect(r.err, args.join(' ')).not.toContain('COMPILER LOADED');
    }
    const explain = await bin(['explain', 'examples/readme/quick-start.ts'], { node: trace });
    expect(explain.code).toBe(0);
    expect(explain.err).toContain('COMPILER LOADED');
  });

  it('stops a listening command on SIGINT with exit code 0', async () => {
    const dir = tempDir('st-main-');
    const file = path.join(dir, 'trail.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ schema: 1, seq: 1, time: 1, label: 'a', path: ['x'], op: 'set', value: 1 })}\n`,
    );
    let follow: ReturnType<typeof bin> | undefined;
    const printed = new Promise<void>((resolve) => {
      follow = bin(['show', file, '--follow'], { onOut: (out) => out.includes('a.x') && resolve() });
    });
    await printed;
    follow!.kill('SIGINT');
    expect((await follow!).code).toBe(0);
  });
});
