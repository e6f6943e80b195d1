import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../examples/readme/', import.meta.url));
const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe('README examples', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    it(`${file} stands in the README verbatim and runs`, async () => {
      const code = readFileSync(dir + file, 'utf8').trimEnd();
      expect(readme).toContain(code);
      await expect(import(dir + file)).resolves.toBeDefined();
    });
  }
});
