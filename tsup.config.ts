import { defineConfig, type Options } from 'tsup';
import { entries, SOURCE_CONDITION } from './entries';

type Plugin = NonNullable<Options['plugins']>[number];

/**
 * A CJS entry whose only export is `default` (the bundler plugins) exports the function itself, so
 * `require('statetrail/webpack')(...)` works as webpack configs expect; `.default` stays for interop.
 */
const defaultAsModule: Plugin = {
  name: 'default-as-module',
  renderChunk(code, info) {
    if (this.format !== 'cjs' || info.type !== 'chunk' || !info.entryPoint) return;
    if (info.exports?.length !== 1 || info.exports[0] !== 'default') return;
    return {
      code: `${code}\nmodule.exports = Object.assign(exports.default, { default: exports.default });\n`,
      map: info.map,
    };
  },
};

// One entry per subpath export in package.json (entries.ts); `cli` is the `statetrail` bin,
// `register-hooks` the module hooks that `statetrail/register` hands to `module.register`.
export default defineConfig({
  entry: {
    ...Object.fromEntries(entries.map((e) => [e.name, e.source])),
    cli: 'cli/main.ts',
    'register-hooks': 'transformer/register-hooks.ts',
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
  plugins: [defaultAsModule],
  // the bin imports the core by its public name: bundle it from the sources, as TypeScript resolves it
  esbuildOptions(options) {
    options.conditions = [SOURCE_CONDITION];
  },
});
