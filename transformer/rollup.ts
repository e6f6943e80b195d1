/** `statetrail/rollup` — Rollup plugin; put it before the plugin that compiles TypeScript. */
import { unplugin } from './plugin';

export type { TransformerOptions } from './options';
export default unplugin.rollup;
