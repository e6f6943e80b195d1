/** Issue 15 item 24: user data shaped like a marker stays distinguishable; stamps cannot duplicate keys. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonlExporter, lastChange, serializeChange, subscribe, toSerializable, track } from 'statetrail';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-markers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('markers in the serialised form', () => {
  it("a user's $-key gets one more $, markers keep one", () => {
    expect(toSerializable({ $ref: 'admin', $undefined: true, plain: undefined })).toEqual({
      $$ref: 'admin',
      $$undefined: true,
      plain: { $undefined: true },
    });
    expect(toSerializable({ $$already: 1 })).toEqual({ $$$already: 1 });
    class Account {
      $class = 'fake';
    }
    expect(toSerializable(new Account())).toEqual({ $class: 'Account', $$class: 'fake' });
  });

  it('the same in exported lines, through the fast path', async () => {
    const file = path.join(dir, 'a.jsonl');
    const ex = jsonlExporter({ path: file });
    const stop = subscribe(ex);
    const o = track({ role: null as unknown }, { label: 'o' });
    o.role = { $ref: 'admin' };
    stop();
    await ex.shutdown();
    const line = JSON.parse(fs.readFileSync(file, 'utf8').trim());
    expect(line.value).toEqual({ $$ref: 'admin' });
    expect(serializeChange(lastChange(o)!).value).toEqual({ $$ref: 'admin' });
  });

  it('a stamp cannot write a field the line already has', async () => {
    const file = path.join(dir, 'b.jsonl');
    const ex = jsonlExporter({ path: file, stamp: () => ({ seq: -1, label: 'forged', host: 'h1' }) });
    const stop = subscribe(ex);
    const o = track({ n: 0 }, { label: 'real' });
    o.n = 1;
    stop();
    await ex.shutdown();
    const text = fs.readFileSync(file, 'utf8').trim();
    expect(text.match(/"seq":/g)).toHaveLength(1);
    const line = JSON.parse(text);
    expect(line).toMatchObject({
      label: 'real',
      host: 'h1',
      $stampError: expect.stringMatching(/seq, label/),
    });
    expect(line.seq).toBeGreaterThan(0);
  });
});
