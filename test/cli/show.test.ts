import fs from 'node:fs';
import path from 'node:path';
import { jsonlExporter, subscribe, track, transaction, withActor } from 'statetrail';
import { beforeAll, describe, expect, it } from 'vitest';
import { LineSplitter } from '../../cli/show/lines';
import { cli, tempDir } from './run';

const dir = tempDir('statetrail-show-');
const trail = path.join(dir, 'trail.jsonl');

beforeAll(async () => {
  const ex = jsonlExporter({ path: trail });
  const stop = subscribe(ex);
  const order = track({ status: 'open', lines: [{ sku: 'A', qty: 1 }] }, { label: 'Order#1' });
  const account = track({ balance: 100 }, { label: 'Account#7' });
  withActor('ann', () => {
    order.lines[0]!.qty = 3;
  });
  ex.crumb('checkout started');
  transaction('pay', () =>
    withActor('bob', () => {
      account.balance = 40;
      order.status = 'paid';
    }),
  );
  delete (order as any).status;
  stop();
  await ex.shutdown();
  fs.appendFileSync(trail, 'not json\n');
});

const show = (...args: string[]) => cli(['show', ...args]);
const jsonOf = async (...args: string[]) =>
  (await show(...args, '--json')).out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const record = (fields: Record<string, unknown>) =>
  JSON.stringify({
    schema: 1,
    seq: 1,
    time: 1_763_800_000_000,
    label: 'acct',
    path: ['balance'],
    op: 'set',
    value: 2,
    old: 1,
    ...fields,
  });

describe('statetrail show', () => {
  it('prints a table of every change and crumb, and names the malformed lines', async () => {
    const r = await show(trail);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SEQ\s+CHANGE$/);
    expect(lines).toHaveLength(6);
    expect(r.out).toContain('Order#1.lines[0].qty: 1 -> 3  (by ann)');
    expect(r.out).toContain('• checkout started');
    expect(r.out).toContain('Account#7.balance: 100 -> 40  (by bob, tx pay#');
    expect(r.err).toContain('skipped 1 malformed line(s): line 6');
  });

  it('filters by label, path, actor and op; --since is exclusive and --until inclusive, as in the API', async () => {
    expect((await show(trail, '--label', 'Account#7')).out.split('\n')).toHaveLength(2);
    expect((await show(trail, '--path', 'lines[0]')).out).toContain('qty');
    expect(await jsonOf(trail, '--path', 'lines.0.qty')).toHaveLength(1);
    expect(await jsonOf(trail, '--actor', 'bob')).toHaveLength(2);
    expect((await jsonOf(trail, '--op', 'delete'))[0].op).toBe('delete');
    const all = await jsonOf(trail);
    const changes = all.filter((r) => r.kind !== 'crumb');
    // crumbs have no seq: a #seq bound leaves them out
    expect((await jsonOf(trail, `--since=#${changes[1].seq}`)).map((r) => r.seq)).toEqual(
      changes.slice(2).map((r) => r.seq),
    );
    expect((await jsonOf(trail, '--until', `#${changes[1].seq}`)).map((r) => r.seq)).toEqual(
      changes.slice(0, 2).map((r) => r.seq),
    );
    const first = Math.floor(all[0].time);
    expect((await jsonOf(trail, '--since', String(first))).every((r) => Math.floor(r.time) > first)).toBe(
      true,
    );
    expect((await jsonOf(trail, '--until', String(first))).every((r) => Math.floor(r.time) <= first)).toBe(
      true,
    );
  });

  it('prints a timeline with transactions', async () => {
    const r = await show(trail, '--timeline');
    expect(r.out).toContain('── transaction pay#');
    expect(r.out).toMatch(/\+0\.\d{3}s {2}Order#1/);
  });

  it('reports usage errors with exit code 2 and unreadable files with 1', async () => {
    expect((await show()).code).toBe(2);
    const bad = await show(trail, '--op', 'rename');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--op must be among set, delete, add, clear, splice, got "rename"');
    expect((await show(trail, '--since', 'yesterday-ish')).err).toContain('--since must be an ISO date');
    expect((await show(trail, '--bogus')).err).toContain('unknown option --bogus');
    const missing = await show(path.join(dir, 'none.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^statetrail show: cannot read .*none\.jsonl: ENOENT/);
    expect(missing.err).not.toContain('    at ');
  });

  it('reads a folder: every trail with its rotations, oldest first', async () => {
    const folder = path.join(dir, 'rotated');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'a.jsonl.2'), `${record({ seq: 1 })}\n`);
    fs.writeFileSync(path.join(folder, 'a.jsonl.1'), `${record({ seq: 2 })}\n`);
    fs.writeFileSync(path.join(folder, 'a.jsonl'), `${record({ seq: 3 })}\n{oops\n`);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a trail\n');
    const r = await show(folder, '--json');
    expect(r.out.split('\n').map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3]);
    expect(r.err).toContain('malformed line(s): line a.jsonl:2');
    const empty = path.join(dir, 'empty-folder');
    fs.mkdirSync(empty);
    expect(await show(empty)).toMatchObject({
      code: 1,
      err: expect.stringContaining('a folder with no .jsonl file'),
    });
  });

  it('warns about lines of another schema and says when nothing matched', async () => {
    const file = path.join(dir, 'schema.jsonl');
    fs.writeFileSync(file, `${record({ seq: 1 })}\n${record({ seq: 2, schema: 2 })}\n`);
    const r = await show(file);
    expect(r.out).toContain('#1');
    expect(r.out).not.toContain('#2');
    expect(r.err).toContain(
      'skipped 1 line(s) of a schema other than 1 (written by a newer statetrail?): line 2',
    );
    const none = await show(file, '--actor', 'nobody');
    expect(none).toMatchObject({ code: 0, out: '' });
    expect(none.err).toContain('no matching change or crumb');
  });

  it('colours on request only, and escapes control characters in labels, keys and actors', async () => {
    const file = path.join(dir, 'hostile.jsonl');
    fs.writeFileSync(
      file,
      `${record({ label: 'prefs\u001b]0;owned\u0007', path: ['role\r\u001b[2K', 'x\u202e'], actor: 'root\u009b' })}\n`,
    );
    const plain = await show(file);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the terminal
    expect(plain.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(plain.out).toContain('prefs\\u001b]0;owned\\u0007');
    expect(plain.out).toContain('\\r\\u001b[2K');
    expect(plain.out).toContain('\\u202e');
    expect(plain.out).toContain('by root\\u009b');
    const coloured = await cli(['show', file], { color: true });
    expect(coloured.out).toContain('\x1b[2m');
    const json = await show(file, '--json');
    expect(json.out).not.toMatch(/[\u0080-\u009f\u202e]/);
    expect(JSON.parse(json.out).actor).toBe('root\u009b');
  });

  it('never aborts on a record: deep nesting, odd path elements, a line longer than the limit', async () => {
    const file = path.join(dir, 'odd.jsonl');
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const huge = record({ seq: 3, value: 'x'.repeat(17 * 1024 * 1024) });
    fs.writeFileSync(
      file,
      [
        record({ seq: 1, value: 'DEEP' }).replace('"DEEP"', deep),
        record({ seq: 2, path: [{ toString: 1 }, 'qty'] }),
        huge,
        record({ seq: 4 }),
        '',
      ].join('\n'),
    );
    const r = await show(file);
    expect(r.code).toBe(0);
    expect(r.out).toContain('#1');
    expect(r.out).toContain('#2');
    expect(r.out).toContain('#4');
    expect(r.err).toContain(`skipped 1 line(s) longer than 16 MiB: line 3 (${huge.length} bytes)`);
    const byPath = await show(file, '--path', 'toString', '--json');
    expect(byPath).toMatchObject({ code: 0, out: '' });
  });

  it('splits lines holding at most the limit of one line', () => {
    const got: string[] = [];
    const lines = new LineSplitter(
      { line: (t, n) => got.push(`${n}:${t}`), tooLong: (n, b) => got.push(`${n}:long ${b}`) },
      8,
    );
    lines.push(Buffer.from('ab\ncdefghijkl'));
    lines.push(Buffer.from('mn\n\u00e9'));
    lines.push(Buffer.from('\n12345678'));
    lines.end();
    expect(got).toEqual(['1:ab', '2:long 12', '3:\u00e9', '4:12345678']);
  });

  it('--follow prints lines appended later until stopped, across a rotation', async () => {
    const file = path.join(dir, 'growing.jsonl');
    fs.writeFileSync(file, `${fs.readFileSync(trail, 'utf8').split('\n')[0]}\n`);
    const controller = new AbortController();
    const seen: string[] = [];
    let notify = () => {};
    const done = cli(['show', file, '--follow', '--json'], {
      signal: controller.signal,
      onOut: (l) => {
        seen.push(l);
        notify();
      },
    });
    const until = (label: string) =>
      new Promise<void>((resolve) => {
        notify = () => seen.some((l) => l.includes(`"label":"${label}"`)) && resolve();
        notify();
      });
    const write = async (label: string) => {
      const ex = jsonlExporter({ path: file });
      const stop = subscribe(ex);
      track({ n: 0 }, { label }).n = 1;
      stop();
      await ex.shutdown();
    };
    await write('Late');
    await until('Late');
    fs.renameSync(file, `${file}.1`); // rotation: a new file starts under the name
    await write('AfterRotation');
    await until('AfterRotation');
    controller.abort();
    const r = await done;
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(3);
  });
});
