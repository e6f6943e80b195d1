/**
 * Issue 15 items 1 and 17: human-readable output (formatText, the crash dump's text, consoleObserver)
 * cannot be driven by the data it prints, and never throws on odd Map keys or Set elements.
 */
import { Console } from 'node:console';
import { PassThrough } from 'node:stream';
import {
  consoleObserver,
  crumb,
  crumbs,
  formatText,
  lastChange,
  subscribe,
  track,
  withActor,
} from 'statetrail';
import { describe, expect, it } from 'vitest';
import { printable } from '../../src/serialize/printable';

/** Terminal controls and bidi characters an attacker would send. */
const ATTACKS = {
  title: '\u001b]0;pwned\u0007',
  clipboard: '\u001b]52;c;ZWNobyBoaQ==\u0007',
  clear: '\u001b[2J\u001b[H',
  erase: '\r\u001b[2K',
  csi8bit: '\u009b2J',
  bidi: 'user\u202enimda',
  isolate: '\u2066x\u2069',
  forged: 'x\nprefs.role: "user" -> "admin" (by root)',
  separator: 'a\u2028b',
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters the output must not contain
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

function printed(
  run: (observer: ReturnType<typeof consoleObserver>) => void,
  format: 'text' | 'json',
): string {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => {
    text += d;
  });
  const observer = consoleObserver({ format, console: new Console(out) });
  run(observer);
  return text;
}

describe('terminal injection', () => {
  it('printable escapes controls, bidi characters and separators, and leaves the rest', () => {
    expect(printable('plain é 😀 "q"')).toBe('plain é 😀 "q"');
    expect(printable('a\nb\tc\r')).toBe('a\\nb\\tc\\r');
    expect(printable('\u001b[2J')).toBe('\\u001b[2J');
    expect(printable('\u009b\u202e\u2066')).toBe('\\u009b\\u202e\\u2066');
    for (const attack of Object.values(ATTACKS)) expect(printable(attack)).not.toMatch(UNSAFE);
  });

  it('formatText escapes labels, path keys, actors, transactions, values and crumb names', () => {
    for (const [name, attack] of Object.entries(ATTACKS)) {
      const prefs = track({} as Record<string, unknown>, { label: `prefs${attack}` });
      withActor(`ann${attack}`, () => {
        prefs[attack] = attack;
      });
      crumb(`event${attack}`, { attack });
      const text = formatText([lastChange(prefs)!, ...crumbs().slice(-1)]);
      expect(text.split('\n').length, name).toBe(3); // two lines and the final newline: nothing forged
      for (const line of text.trimEnd().split('\n')) expect(line, name).not.toMatch(UNSAFE);
    }
  });

  it('consoleObserver text and json lines are escaped; the json stays the same JSON', () => {
    const o = track({} as Record<string, unknown>, { label: 'o' });
    const text = printed((observer) => {
      const stop = subscribe(observer);
      o[ATTACKS.forged] = ATTACKS.clipboard;
      stop();
    }, 'text');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text.trimEnd()).not.toMatch(UNSAFE);
    const json = printed((observer) => {
      const stop = subscribe(observer);
      o.bidi = ATTACKS.bidi + ATTACKS.csi8bit;
      stop();
    }, 'json');
    expect(json.trimEnd()).not.toMatch(UNSAFE);
    expect(JSON.parse(json).value).toBe(ATTACKS.bidi + ATTACKS.csi8bit);
  });

  it('formatText never throws on Map keys and Set elements without a usable toString (item 17)', () => {
    const bare = Object.create(null);
    bare.id = 1;
    const hostile = {
      toString: () => {
        throw new Error('no');
      },
    };
    const m = track(
      new Map<unknown, unknown>([
        [bare, { n: 1 }],
        [hostile, { n: 1 }],
      ]),
    );
    (m.get(bare) as { n: number }).n = 2;
    (m.get(hostile) as { n: number }).n = 3;
    const s = track(new Set<unknown>());
    s.add(bare);
    const text = formatText([
      ...crumbs()
        .filter((c) => c.change !== undefined)
        .slice(-3),
    ]);
    expect(text).toContain('[{"id":1}].n: 1 -> 2');
    expect(text).toContain('.n: 1 -> 3');
    expect(text).toContain('added {"id":1}');
  });
});
