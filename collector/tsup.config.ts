import { defineConfig } from 'tsup';

// The collector ships as ESM for Node 20: `statetrail collect` imports dist/index.js.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  target: 'node20',
  platform: 'node',
  clean: true,
});
