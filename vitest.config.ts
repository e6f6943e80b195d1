import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import the public package names; these aliases point them at the sources.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^statetrail$/, replacement: here('./src/index.ts') },
      { find: /^statetrail\/runtime$/, replacement: here('./src/runtime.ts') },
      { find: /^statetrail\/decorators$/, replacement: here('./decorators/index.ts') },
      { find: /^statetrail\/transformer$/, replacement: here('./transformer/index.ts') },
      { find: /^statetrail\/(express|fastify|koa|hono)$/, replacement: here('./src/middleware/$1.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90 },
    },
  },
});
