import { changesOf, configure, lastChange, track } from 'statetrail';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => configure({ captureStack: false, captureSnapshots: false, redact: undefined }));

describe('opt-in captures and redaction', () => {
  it('captures the stack of the writer without statetrail frames', () => {
    const o = track({ n: 0 }, { captureStack: true });
    function writerInTheTest() {
      o.n = 1;
    }
    writerInTheTest();
    const stack = lastChange(o)!.stack!;
    expect(stack).toContain('writerInTheTest');
    expect(stack).not.toMatch(/src[\\/](tracking|history)/);
    const plain = track({ n: 0 });
    plain.n = 1;
    expect(lastChange(plain)!.stack).toBeUndefined();
    configure({ captureStack: true });
    plain.n = 2;
    expect(lastChange(plain)!.stack).toBeDefined();
  });

  it('captures root snapshots before and after a change', () => {
    const o = track({ a: { n: 1 }, list: [1] }, { captureSnapshots: true });
    o.a.n = 2;
    o.list.push(2);
    const [first, second] = changesOf(o);
    expect(first).toMatchObject({ before: { a: { n: 1 }, list: [1] }, after: { a: { n: 2 }, list: [1] } });
    expect(second).toMatchObject({ before: { list: [1] }, after: { list: [1, 2] } });
    const m = track(new Map([['k', new Set([1])]]), { captureSnapshots: true });
    m.set('j', new Set());
    expect(lastChange(m)!.before).toEqual(new Map([['k', new Set([1])]]));
  });

  it('redacts by key (on the path too) and by value pattern at record time', () => {
    const user = track(
      { password: 'a', auth: { token: 't' }, note: '' },
      { redact: { keys: ['password', 'auth'], patterns: [/\d{4}-\d{4}/g] } },
    );
    user.password = 'hunter2';
    user.auth.token = 'secret';
    user.note = 'card 1234-5678';
    user.note = 'fine';
    expect(changesOf(user).map((c) => [c.value, c.old])).toEqual([
      ['[REDACTED]', '[REDACTED]'],
      ['[REDACTED]', '[REDACTED]'],
      ['[REDACTED]', ''],
      ['fine', '[REDACTED]'],
    ]);
  });

  it('applies the global redact setting to objects without their own', () => {
    configure({ redact: { keys: ['ssn'] } });
    const o = track({ ssn: '1' });
    o.ssn = '2';
    expect(lastChange(o)!.value).toBe('[REDACTED]');
    expect(() => configure({ redact: { keys: [1] as any } })).toThrow(
      /redact.keys must be an array of strings/,
    );
    expect(() => configure({ redact: { patterns: ['x'] as any } })).toThrow(
      /redact.patterns must be an array of RegExp/,
    );
  });
});
