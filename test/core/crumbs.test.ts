import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clearCrumbs,
  configureCrumbs,
  crumb,
  crumbs,
  exportJson,
  formatJson,
  formatText,
  history,
  track,
  withActor,
  writeCrumbsJson,
} from 'statetrail';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => {
  configureCrumbs({ limit: 100, maxBytes: 256 * 1024, changes: true, beforeCrumb: null });
  clearCrumbs();
});

describe('crumbs', () => {
  it('interleaves events and changes, oldest first', () => {
    const o = track({ n: 0 }, { label: 'counter' });
    crumb('start', { user: 'ann' });
    withActor('ann', () => {
      o.n = 1;
    });
    crumb('middle');
    o.n = 2;
    const list = crumbs();
    expect(list.map((c) => (c.kind === 'event' ? c.event : `#${c.change!.value}`))).toEqual([
      'start',
      '#1',
      'middle',
      '#2',
    ]);
    expect(list[0]!.data).toEqual({ user: 'ann' });
    const text = formatText(list);
    expect(text).toMatch(/start {2}\{"user":"ann"\}/);
    expect(text).toMatch(/counter\.n: 0 -> 1 {2}\(by ann\)/);
    const json = JSON.parse(formatJson(list));
    expect(json[1]).toMatchObject({
      kind: 'change',
      schema: 1,
      target: 'counter',
      path: ['n'],
      value: 1,
      old: 0,
    });
    expect(json[0]).toMatchObject({ kind: 'crumb', event: 'start' });
  });

  it('keeps data as it was when the crumb was made', () => {
    const data = { n: 1 };
    crumb('snap', data);
    data.n = 2;
    expect(crumbs()[0]!.data).toEqual({ n: 1 });
  });

  it('applies the count limit and the byte cap, dropping the oldest', () => {
    configureCrumbs({ limit: 3, changes: false });
    for (let i = 0; i < 10; i++) crumb(`e${i}`);
    expect(crumbs().map((c) => c.event)).toEqual(['e7', 'e8', 'e9']);
    configureCrumbs({ limit: 100, maxBytes: 300 });
    crumb('big', 'x'.repeat(200));
    crumb('small');
    const events = crumbs().map((c) => c.event);
    expect(events).toContain('small');
    expect(JSON.stringify(crumbs()).length).toBeLessThan(600);
    crumb('huge', 'y'.repeat(5000));
    const last = crumbs().at(-1)!;
    expect(last.event).toBe('huge'); // cut to fit, not dropped
    expect(last.data).toMatchObject({ $truncated: 5002 });
  });

  it('lets beforeCrumb rewrite or drop crumbs', () => {
    configureCrumbs({
      beforeCrumb: (c) => (c.event === 'noise' ? null : { ...c, event: c.event.toUpperCase() }),
    });
    crumb('noise');
    crumb('keep');
    expect(crumbs().map((c) => c.event)).toEqual(['KEEP']);
  });

  it('never throws, whatever it is given', () => {
    const cyclic: any = {};
    cyclic.self = cyclic;
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    expect(() => crumb(undefined as any, cyclic)).not.toThrow();
    expect(() => crumb('x', hostile)).not.toThrow();
    expect(() => crumb('x', 10n)).not.toThrow();
    configureCrumbs({
      beforeCrumb: () => {
        throw new Error('hook bug');
      },
    });
    expect(() => crumb('y')).not.toThrow();
    expect(crumbs().map((c) => c.event)).toEqual(['(invalid event: {"$undefined":true})', 'x', 'x']);
  });

  it('clears crumbs and the changes before the clear', () => {
    const o = track({ n: 0 });
    o.n = 1;
    crumb('a');
    clearCrumbs();
    o.n = 2;
    expect(crumbs().map((c) => c.change?.value)).toEqual([2]);
    expect(history.size).toBeGreaterThan(1);
  });

  it('keeps the last `limit` changes for crumbs even when the history is smaller', async () => {
    const { configure } = await import('statetrail');
    configure({ historyLimit: 2 });
    configureCrumbs({ limit: 5 });
    const o = track({ n: 0 });
    for (let i = 1; i <= 8; i++) o.n = i;
    expect(history.size).toBe(2);
    expect(crumbs().map((c) => c.change!.value)).toEqual([4, 5, 6, 7, 8]);
    configure({ historyLimit: 10_000 });
  });

  it('writes crumbs as JSON to a file (writeCrumbsJson; exportJson is its deprecated alias)', () => {
    crumb('saved');
    const dir = mkdtempSync(join(tmpdir(), 'st-'));
    const file = join(dir, 'crumbs.json');
    expect(writeCrumbsJson(file)).toBe(file);
    expect(JSON.parse(readFileSync(file, 'utf8')).at(-1)).toMatchObject({ event: 'saved' });
    expect(() => writeCrumbsJson('' as any)).toThrow(/writeCrumbsJson: path/);
    expect(exportJson).toBe(writeCrumbsJson);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects bad settings and lists', () => {
    expect(() => configureCrumbs({ limit: -1 })).toThrow(RangeError);
    expect(() => configureCrumbs({ maxBytes: 'big' as any })).toThrow(/maxBytes must be a number/);
    expect(() => configureCrumbs({ changes: 1 as any })).toThrow(/changes must be a boolean/);
    expect(() => configureCrumbs({ size: 1 } as any)).toThrow(/unknown option "size"/);
    expect(() => formatText('x' as any)).toThrow(/formatText: list must be an array/);
    expect(() => formatJson(null as any)).toThrow(/formatJson: list/);
  });
});
