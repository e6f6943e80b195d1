import { defineConfig } from 'tsup';

// One entry per subpath export in package.json; `cli` is the `statetrail` bin.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    runtime: 'src/runtime.ts',
    decorators: 'decorators/index.ts',
    transformer: 'transformer/index.ts',
    vite: 'transformer/vite.ts',
    esbuild: 'transformer/esbuild.ts',
    rollup: 'transformer/rollup.ts',
    webpack: 'transformer/webpack.ts',
    jest: 'transformer/jest.ts',
    cli: 'transformer/cli.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  clean: true,
});
