/** `statetrail/esbuild` — esbuild plugin (also tsup's `esbuildPlugins`): `plugins: [statetrail({ ...options })]`. */
import { createEsbuildPlugin } from 'unplugin';
import { unpluginFactory } from './plugin';
import { relativeSources, wrapTransform } from './sourcemap';

export type { TransformerOptions } from './options';
export default createEsbuildPlugin(
  wrapTransform(
    unpluginFactory,
    (handler) =>
      function (code, id) {
        const result = handler.call(this, code, id);
        return result?.map
          ? { ...result, map: relativeSources(result.map, id.replace(/[?#].*$/, '')) }
          : result;
      },
  ),
);
