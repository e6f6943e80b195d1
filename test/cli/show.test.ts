import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../transformer/cli';

const line = (seq: number, actor: string, value: number) =>
  JSON.stringify({
    schema: 1,
    seq,
    time: 1_763_800_000_000 + seq,
    target: 'acct',
    label: 'acct',
    path: ['balance'],
    op: 'set',
    value,
    old: value - 1,
    actor,
  });

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd: process.cwd(), out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('statetrail show through the bin', () => {
  it('prints a filtered audit trail and lists itself in the help', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'st-cli-')), 'audit.jsonl');
    writeFileSync(file, `${line(1, 'ann', 1)}\n${line(2, 'bob', 2)}\n`);
    const r = await cli(['show', file, '--actor', 'bob']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/acct\.balance: 1 -> 2 {2}\(by bob\)/);
    expect(r.out.join('\n')).not.toMatch(/by ann/);
    const json = await cli(['show', file, '--json']);
    expect(json.out.map((l) => JSON.parse(l).seq)).toEqual([1, 2]);
    const help = await cli(['--help']);
    expect(help.out.join('\n')).toMatch(/show +print a JSON Lines audit trail/);
  });

  it('fails with a usage error on a missing file argument', async () => {
    const r = await cli(['show']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/Usage: statetrail show/);
  });
});
