import statetrail from 'statetrail/vite';
import { defineConfig } from 'vite';

// The plugin also applies under Vitest, which reads this config.
export default defineConfig({
  plugins: [statetrail({ include: ['src/**/*.ts'] })],
  build: { ssr: 'src/main.ts', outDir: 'dist', sourcemap: true },
  ssr: { noExternal: true },
});
