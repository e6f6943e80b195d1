/** `maxValueBytes`, global and per object, measured in UTF-8 bytes in every serialised form. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  configure,
  jsonlExporter,
  lastChange,
  serializeChange,
  subscribe,
  toSerializable,
  track,
} from 'statetrail';
import { tracked } from 'statetrail/decorators';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-limits-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => configure({ maxValueBytes: 16_384 }));

async function exported(write: () => void): Promise<any[]> {
  const file = path.join(dir, `${Math.random()}.jsonl`);
  const ex = jsonlExporter({ path: file });
  const stop = subscribe(ex);
  write();
  stop();
  await ex.shutdown();
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

describe('maxValueBytes', () => {
  it('counts UTF-8 bytes, not UTF-16 units', () => {
    configure({ maxValueBytes: 150 });
    expect(toSerializable('a'.repeat(100))).toBe('a'.repeat(100)); // 102 bytes of JSON
    const cut = toSerializable('é'.repeat(100)) as { $truncated: number; preview: string };
    expect(cut.$truncated).toBe(202); // 2 quotes + 100 × 2 bytes
    expect(Buffer.byteLength(cut.preview)).toBeLessThanOrEqual(150);
    expect(toSerializable('😀'.repeat(40))).toMatchObject({ $truncated: 162 });
    expect((toSerializable('😀'.repeat(40)) as { preview: string }).preview).not.toMatch(/[\ud800-\udbff]$/);
  });

  it('per object (track), in serializeChange and in the JSON Lines fast path', async () => {
    const small = track({ blob: '' }, { label: 'small', maxValueBytes: 32 });
    const big = track({ blob: '' }, { label: 'big' });
    const lines = await exported(() => {
      small.blob = 'x'.repeat(100);
      big.blob = 'x'.repeat(100);
    });
    expect(serializeChange(lastChange(small)!).value).toMatchObject({ $truncated: 102 });
    expect(serializeChange(lastChange(big)!).value).toBe('x'.repeat(100));
    expect(lines.map((l) => [l.label, typeof l.value])).toEqual([
      ['small', 'object'],
      ['big', 'string'],
    ]);
    expect(lines[0].value).toEqual(serializeChange(lastChange(small)!).value);
    expect(serializeChange(lastChange(small)!, { maxBytes: 1000 }).value).toBe('x'.repeat(100));
  });

  it('per object (@tracked), also for values that are objects', async () => {
    const Doc = tracked({ maxValueBytes: 40 })(
      class Doc {
        body: unknown = null;
      },
    );
    const doc = new Doc();
    const lines = await exported(() => {
      doc.body = { text: 'y'.repeat(60) };
    });
    expect(lines[0].value).toMatchObject({ $truncated: 71 });
    expect(serializeChange(lastChange(doc)!).value).toEqual(lines[0].value);
  });

  it('rejects a per-object limit that is not a count', () => {
    expect(() => track({}, { maxValueBytes: 1.5 })).toThrow(/track: options.maxValueBytes/);
    expect(() => tracked({ maxValueBytes: 'big' as any })(class {})).toThrow(/maxValueBytes/);
  });
});
