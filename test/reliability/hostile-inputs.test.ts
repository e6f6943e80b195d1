/** Issue 15 item 19 (the table over every public function is test/core/bad-input.test.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  encodeCrumb,
  jsonlExporter,
  lastChange,
  safeStringify,
  serializeChange,
  toSerializable,
  track,
} from 'statetrail';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-hostile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('functions that promise never to throw', () => {
  it('toSerializable, safeStringify and serializeChange take null or unreadable options', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(toSerializable({ a: 1 }, null as any)).toEqual({ a: 1 });
    expect(safeStringify({ a: 1 }, proxy as any)).toBe('{"a":1}');
    const o = track({ n: 0 });
    o.n = 1;
    expect(serializeChange(lastChange(o)!, null as any)).toMatchObject({ value: 1, old: 0 });
  });

  it('encodeCrumb writes valid JSON for a NaN time and odd event names', () => {
    expect(JSON.parse(encodeCrumb('tick', 1, Number.NaN)).time).toBeGreaterThan(0);
    expect(JSON.parse(encodeCrumb(Object.create(null), undefined, 1)).event).toBe('{}');
  });

  it("an exporter's crumb() takes anything", async () => {
    const ex = jsonlExporter({ path: path.join(dir, 'c.jsonl') });
    expect(() => ex.crumb(Object.create(null), Object.create(null))).not.toThrow();
    await ex.shutdown();
  });
});
