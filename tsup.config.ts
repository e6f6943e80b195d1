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
    express: 'src/middleware/express.ts',
    fastify: 'src/middleware/fastify.ts',
    koa: 'src/middleware/koa.ts',
    hono: 'src/middleware/hono.ts',
  },
  format: ['esm', 'cjs'],
  // tsup's declaration build sets baseUrl, which TypeScript 6 deprecates
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  target: 'node20',
  platform: 'node',
  splitting: true,
  // import.meta.url in the CJS build (otel.ts resolves optional peers from the package's own folder)
  shims: true,
  clean: true,
});
