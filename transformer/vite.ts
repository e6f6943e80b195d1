/** `statetrail/vite` — Vite (and so Vitest) plugin: `plugins: [statetrail({ ...options })]`. */
import { unplugin } from './plugin';

export type { TransformerOptions } from './options';
export default unplugin.vite;
