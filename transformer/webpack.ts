/** `statetrail/webpack` — webpack plugin: `plugins: [statetrail({ ...options })]`; runs before ts-loader / swc-loader. */
import { unplugin } from './plugin';

export type { TransformerOptions } from './options';
export default unplugin.webpack;
