/** `statetrail/esbuild` — esbuild plugin (also tsup's `esbuildPlugins`): `plugins: [statetrail({ ...options })]`. */
import { unplugin } from './plugin';

export type { TransformerOptions } from './options';
export default unplugin.esbuild;
