/**
 * The fast line encoder must give exactly JSON.stringify(serializeChange(change)) for every
 * change, whatever the value, path, op, frame, site or capture: checked on random programs.
 */
import fc from 'fast-check';
import {
  type Change,
  configure,
  encodeCrumb,
  serializeChange,
  subscribe,
  track,
  transaction,
  withActor,
  withContext,
} from 'statetrail';
import { assigned, pending, sites, variables } from 'statetrail/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecord, encodeRecordInto, encodeValue } from '../../src/export/encode';
import { ON_RECORD } from '../../src/tracking/dispatch';

afterEach(() =>
  configure({ captureStack: false, captureSnapshots: false, redact: undefined, maxValueBytes: 16_384 }),
);

const bytes = new Uint8Array(1 << 16);
let encodedAsBytes = 0;

/** The line from the byte encoder where it takes the change (else the text encoder's). */
function fastLine(c: any, i: number): string {
  const text = encodeRecord(c, i);
  const end = encodeRecordInto(c, i, bytes, 7);
  if (end < 0) return text;
  encodedAsBytes++;
  expect(new TextDecoder().decode(bytes.subarray(7, end))).toBe(`${text}\n`);
  return text;
}

/** Collects [fast line, reference line] pairs for every change made by `fn`. */
function both(fn: () => void): Array<[string, string]> {
  const fast: string[] = [];
  const reference: string[] = [];
  const stop1 = subscribe({
    [ON_RECORD]: (c: any, i: number) => fast.push(fastLine(c, i)),
    onChange() {},
  } as any);
  const stop2 = subscribe((c: Change) => reference.push(JSON.stringify(serializeChange(c))));
  try {
    fn();
  } finally {
    stop1();
    stop2();
  }
  expect(fast.length).toBe(reference.length);
  return fast.map((f, i) => [f, reference[i]!]);
}

const value = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e21, 0.1),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('\u2028', '"quoted"\n', '\ud800', 'é'),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), fc.string()), { maxKeys: 3 }),
);
const key = fc.oneof(
  fc.constantFrom('a', 'b', 'total', '__proto__x', 'with "quote"', 'ü'),
  fc.string({ maxLength: 5 }),
);

type Step = { kind: string; key: string; value: unknown; frame: number };
const step: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom(
    'set',
    'delete',
    'nested',
    'push',
    'splice',
    'arrayIndex',
    'mapSet',
    'mapDelete',
    'setAdd',
    'clear',
  ),
  key,
  value,
  frame: fc.integer({ min: 0, max: 4 }),
});

function inFrame(frame: number, fn: () => void): void {
  if (frame === 1) withActor('ann', fn);
  else if (frame === 2) withContext({ request: 'r-1', n: 2n }, fn);
  else if (frame === 3) transaction('checkout', () => withActor('bob', fn));
  else fn();
}

function apply(root: any, s: Step): void {
  inFrame(s.frame, () => {
    switch (s.kind) {
      case 'set':
        root.obj[s.key] = s.value;
        break;
      case 'delete':
        delete root.obj[s.key];
        break;
      case 'nested':
        root.obj.inner ??= {};
        if (typeof root.obj.inner === 'object' && root.obj.inner !== null) root.obj.inner[s.key] = s.value;
        break;
      case 'push':
        root.list.push(s.value);
        break;
      case 'splice':
        root.list.splice(0, 1, s.value, s.value);
        break;
      case 'arrayIndex':
        root.list[root.list.length] = s.value;
        break;
      case 'mapSet':
        root.map.set(s.key, s.value);
        break;
      case 'mapDelete':
        root.map.delete(s.key);
        break;
      case 'setAdd':
        root.set.add(s.value);
        break;
      case 'clear':
        root.map.clear();
        break;
    }
  });
}

describe('fast line encoding', () => {
  it('equals JSON.stringify(serializeChange(change)) on random programs', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.boolean(), (steps, captures) => {
        configure({ captureStack: captures, captureSnapshots: captures, maxValueBytes: 64 });
        const root = track(
          { obj: {} as any, list: [] as unknown[], map: new Map(), set: new Set() },
          { label: 'Root "1"' },
        );
        for (const [fast, reference] of both(() => {
          for (const s of steps) apply(root, s);
        }))
          expect(fast).toBe(reference);
      }),
      { numRuns: 150 },
    );
  });

  it('covers redaction, sites, variables and non-string keys', () => {
    configure({ redact: { keys: ['password'] } });
    const o = track(
      { user: { password: 'x', name: 'n' }, tags: new Map<unknown, unknown>() },
      { label: 'U' },
    );
    const [holder] = variables('src/app.ts', ['counter']);
    const base = sites('src/app.ts', [[3, 5, 'o.user.name = "m"']]);
    const lines = both(() => {
      o.user.password = 'secret';
      pending.s = base;
      o.user.name = 'm';
      o.tags.set(1, 'one');
      o.tags.set({ k: 1 }, 'obj');
      (o as any)[Symbol('s')] = 1;
      assigned(holder!, 1, 2, base);
    });
    expect(lines.length).toBeGreaterThan(4);
    for (const [fast, reference] of lines) expect(fast).toBe(reference);
    expect(lines.some(([f]) => f.includes('"site":{"file":"src/app.ts"'))).toBe(true);
  });

  it('writes common changes straight into bytes exactly as the text encoder', () => {
    const o = track({ n: 0 as unknown, s: 'a' as unknown }, { label: 'Bytes' });
    const before = encodedAsBytes;
    const values = [
      0,
      7,
      9,
      10,
      99,
      100,
      -1,
      -10,
      2 ** 31 - 1,
      2 ** 31,
      -(2 ** 31),
      2 ** 53 - 1,
      -(2 ** 53 - 1),
    ];
    const lines = withActor('a', () =>
      both(() => {
        for (const v of [...values, -0, 0.5, 1e21, true, null, undefined, 'plain', 'é', '"q"']) o.n = v;
        o.s = 'b';
      }),
    );
    for (const [fast, reference] of lines) expect(fast).toBe(reference);
    expect(encodedAsBytes - before).toBeGreaterThan(values.length);
  });

  it('encodes common values like the safe serializer', () => {
    for (const v of [1, -0, 1.5, 'é"\n', true, false, null, undefined, Number.NaN, 10n, { a: 1 }]) {
      expect(JSON.parse(encodeValue(v))).toEqual(
        JSON.parse(
          JSON.stringify(
            serializeChange({ seq: 1, time: 1, target: {}, label: 'x', path: [], op: 'set', value: v }).value,
          ),
        ),
      );
    }
  });

  it('writes crumbs with kind "crumb"', () => {
    expect(JSON.parse(encodeCrumb('login', { user: 'ann' }, 5))).toEqual({
      schema: 1,
      kind: 'crumb',
      time: 5,
      event: 'login',
      data: { user: 'ann' },
    });
    expect(JSON.parse(encodeCrumb('tick', undefined, 6))).toEqual({
      schema: 1,
      kind: 'crumb',
      time: 6,
      event: 'tick',
    });
  });
});
