import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { entries } from './entries';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Tests import the public package names; these aliases point them at the sources, or with
 * STATETRAIL_DIST=esm|cjs (`npm run test:dist`) at the built files, which then load unbundled.
 */
const dist = process.env.STATETRAIL_DIST;
if (dist !== undefined && dist !== 'esm' && dist !== 'cjs')
  throw new Error(`STATETRAIL_DIST must be esm or cjs, got ${JSON.stringify(dist)}`);
const target = (e: (typeof entries)[number]) =>
  here(dist === undefined ? e.source : dist === 'esm' ? e.import : e.require);

/** Tests that cannot run against dist/, each with why. */
const fromSourceOnly = [
  // rebuilds dist/ (tsup cleans it first) while the other files load it
  'test/dist.test.ts',
  // checks the internal line encoder (src/export/encode.ts, not exported) against the public
  // serializer: against dist/ the two would live in two copies of the core
  'test/export/encode.test.ts',
  // the collector is its own package (built by its own tsup); its tests never import statetrail,
  // so against dist/ they would repeat the source run exactly
  'collector/test/**',
  // these never load statetrail through the aliases: they run the cli or examples from source in child
  // processes, or pack/build the package themselves (what ships is their subject already), so against
  // dist/ they would repeat the source run exactly, at minutes per run
  'test/routes/**',
  'test/register/**',
  'test/transformer/package-types.test.ts',
  'test/cli/**',
  'test/session/*e2e.test.ts',
  'test/examples/{core,readme}.test.ts',
  'test/decorators/example.test.ts',
  'test/export/{example,exit,loss}.test.ts',
  'test/reliability/worker.test.ts',
  'test/bench/bench.test.ts',
  'test/core/clock.test.ts',
  'test/transformer/{thirdparty,vite-decorators}.test.ts',
];

export default defineConfig({
  resolve: {
    alias: entries.map((e) => ({
      find: new RegExp(`^${e.specifier.replace('/', '\\/')}$`),
      replacement: target(e),
    })),
  },
  test: {
    include: ['test/**/*.test.ts', 'collector/test/**/*.test.ts'],
    ...(dist === undefined ? {} : { exclude: [...fromSourceOnly, '**/node_modules/**'] }),
    testTimeout: 30_000,
    // the built files run as Node loads them for a user, not through vite's transform
    ...(dist === undefined ? {} : { server: { deps: { external: [/\/dist\//] } } }),
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90 },
    },
  },
});
