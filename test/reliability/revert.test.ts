/** Issue 15 item 21: revert undoes all changes or none. */
import { changesOf, revert, track } from 'statetrail';
import { describe, expect, it } from 'vitest';

describe('revert, all or nothing', () => {
  it('takes back the undos already made when one fails (a frozen child)', () => {
    const doc = track({
      title: 'a',
      meta: { n: 1 },
      tags: ['x'],
      seen: new Set([1]),
      index: new Map([['k', 1]]),
    });
    const mark = changesOf(doc).length;
    doc.title = 'b';
    doc.meta.n = 2; // fails to undo: meta is frozen below
    doc.tags.push('y');
    doc.seen.add(2);
    doc.index.set('k', 2);
    doc.title = 'c';
    Object.freeze(doc.meta);
    const before = JSON.stringify({ ...doc, seen: [...doc.seen], index: [...doc.index] });
    expect(() => revert(doc, mark)).toThrow(/revert: change #\d+ could not be undone .*nothing was reverted/);
    expect(JSON.stringify({ ...doc, seen: [...doc.seen], index: [...doc.index] })).toBe(before);
    expect(doc).toMatchObject({ title: 'c', meta: { n: 2 }, tags: ['x', 'y'] });
  });

  it('still reverts everything when every undo succeeds', () => {
    const doc = track({ a: 1, list: [1, 2], m: new Map<string, number>() });
    const mark = changesOf(doc).length;
    doc.a = 2;
    doc.list.splice(0, 1, 9, 8);
    doc.m.set('x', 1);
    delete (doc as Partial<typeof doc>).a;
    expect(revert(doc, mark)).toBe(4);
    expect(doc.a).toBe(1);
    expect(doc.list).toEqual([1, 2]);
    expect(doc.m.size).toBe(0);
  });
});
