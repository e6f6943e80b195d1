/** Issue 15 item 20: keys and labels are cut at maxValueBytes like values, in every written form. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonlExporter, lastChange, serializeChange, subscribe, track } from 'statetrail';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-sizes-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('huge keys and labels', () => {
  it('21 changes under a 1 MB key and a 1 MB label write small lines', async () => {
    const key = 'k'.repeat(1 << 20);
    const file = path.join(dir, 'a.jsonl');
    const ex = jsonlExporter({ path: file });
    const stop = subscribe(ex);
    const o = track({} as Record<string, number>, { label: 'L'.repeat(1 << 20) });
    for (let i = 0; i < 21; i++) o[key] = i;
    stop();
    await ex.shutdown();
    const size = fs.statSync(file).size;
    expect(size).toBeLessThan(21 * 4 * 16_384); // label twice (target, label) and the key, each cut; was 63 MB
    const lines = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(21);
    expect(lines[20].label.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(lines[20].path[0])).toBeLessThanOrEqual(16_384);
    expect(lines[20]).toEqual(serializeChange(lastChange(o)!));
  });
});
