import fc from 'fast-check';
import { lastChange, safeStringify, serializeChange, toSerializable, track } from 'statetrail';
import { describe, expect, it } from 'vitest';

describe('the safe serializer', () => {
  it('never throws and always gives valid JSON, whatever the value', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
          withObjectString: true,
          withBoxedValues: true,
        }),
        (value) => {
          const text = safeStringify(value);
          expect(() => JSON.parse(text)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('describes special values explicitly', () => {
    class Point {
      constructor(
        public x = 1,
        public y = 2,
      ) {}
    }
    const cyclic: any = { a: 1 };
    cyclic.self = cyclic;
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const throwing = {
      get bad() {
        throw new Error('getter');
      },
    };
    expect(
      toSerializable({
        big: 10n,
        map: new Map([['k', 1]]),
        set: new Set([1]),
        date: new Date(0),
        error: new TypeError('t'),
        sym: Symbol('s'),
        fn: function named() {},
        inf: Number.POSITIVE_INFINITY,
        point: new Point(),
        cyclic,
        revoked: revoked.proxy,
        throwing,
        undef: undefined,
        re: /x/g,
        bytes: new Uint8Array(3),
      }),
    ).toMatchObject({
      big: { $bigint: '10' },
      map: { $map: [['k', 1]] },
      set: { $set: [1] },
      date: { $date: '1970-01-01T00:00:00.000Z' },
      error: { $error: 'TypeError', message: 't' },
      sym: { $symbol: 's' },
      fn: { $function: 'named' },
      inf: { $number: 'Infinity' },
      point: { $class: 'Point', x: 1, y: 2 },
      cyclic: { a: 1, self: { $circular: true } },
      revoked: { $unserializable: expect.any(String) },
      throwing: { bad: { $thrown: 'getter' } },
      undef: { $undefined: true },
      re: { $regexp: '/x/g' },
      bytes: { $bytes: 3 },
    });
  });

  it('truncates values above maxBytes and redacts keys of nested values', () => {
    expect(toSerializable('x'.repeat(100), { maxBytes: 20 })).toEqual({
      $truncated: 102,
      preview: `"${'x'.repeat(19)}`,
    });
    expect(
      toSerializable(
        { user: { password: 'p', name: 'n' }, m: new Map([['password', 1]]) },
        { redactor: { keys: new Set(['password']), patterns: [] } },
      ),
    ).toEqual({ user: { password: '[REDACTED]', name: 'n' }, m: { $map: [['password', '[REDACTED]']] } });
  });

  it('serialises a change with schema 1 and the target as its label', () => {
    const inner = track({ v: 1 }, { label: 'inner' });
    const o = track({ child: null as unknown, tags: new Set<string>() }, { label: 'outer' });
    o.child = inner;
    const out = serializeChange(lastChange(o)!);
    expect(out).toMatchObject({
      schema: 1,
      target: 'outer',
      label: 'outer',
      path: ['child'],
      op: 'set',
      value: { $ref: 'inner' },
    });
    expect(out.old).toBeNull();
    o.tags.add('x');
    expect(serializeChange(lastChange(o)!)).toMatchObject({ op: 'add', value: 'x', path: ['tags'] });
  });
});
