/** The entry points are listed once, in package.json `exports`; tsconfig `paths` must mirror them. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { entries } from '../entries';

it('tsconfig paths name exactly the sources of package.json exports', () => {
  const text = readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8');
  // tsconfig.json allows comments: drop whole-line ones before parsing
  const tsconfig = JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));
  const expected = Object.fromEntries(entries.map((e) => [e.specifier, [e.source]]));
  expect(tsconfig.compilerOptions.paths).toEqual(expected);
  expect(entries.map((e) => e.specifier)).toContain('statetrail/webpack');
});
