/**
 * Issue 15 item 15: own `__proto__` keys (JSON.parse makes them) survive serialisation and snapshots
 * as data, a prototype replaced through `__proto__` is not "reverted" silently, and nothing pollutes
 * Object.prototype.
 */
import { configure, lastChange, revert, safeStringify, serializeChange, track } from 'statetrail';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => configure({ captureSnapshots: false }));

describe('__proto__', () => {
  it('an own __proto__ key is exported as data and never becomes a prototype', () => {
    const body = JSON.parse('{"name":"x","__proto__":{"isAdmin":true}}');
    expect(Object.hasOwn(body, '__proto__')).toBe(true);
    expect(JSON.parse(safeStringify(body))).toEqual(body);
    expect(Object.hasOwn(JSON.parse(safeStringify(body)), '__proto__')).toBe(true);
    const req = track({ body: null as unknown });
    req.body = body;
    const line = JSON.stringify(serializeChange(lastChange(req)!));
    expect(line).toContain('"__proto__":{"isAdmin":true}');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('snapshots copy an own __proto__ key as a key', () => {
    configure({ captureSnapshots: true });
    const o = track({ data: JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown> });
    o.data.n = 1;
    const after = lastChange(o)!.after as { data: Record<string, unknown> };
    expect(Object.hasOwn(after.data, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(after.data)).toBe(Object.prototype);
    expect(after.data.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('revert refuses to undo a prototype replaced through __proto__, and changes nothing', () => {
    const o = track({ a: 1 } as Record<string, unknown>);
    const mark = lastChange(o)?.seq ?? 0;
    o.a = 2;
    const proto = { hello: 'world' };
    // biome-ignore lint/suspicious/noProto: the write under test
    o.__proto__ = proto;
    expect(lastChange(o)).toMatchObject({ path: ['__proto__'], op: 'set' });
    expect(() => revert(o, mark)).toThrow(/replaced the prototype through __proto__, which cannot be undone/);
    expect(o.a).toBe(2);
    expect(Object.getPrototypeOf(o)).toBe(proto);
  });
});
