/** `statetrail/vite` — Vite (and so Vitest) plugin: `plugins: [statetrail({ ...options })]`. */

import type { TransformerOptions } from './options';
import { unplugin } from './plugin';
import { viteDecorators } from './vite-decorators';

export type { TransformerOptions } from './options';

/** statetrail's transform, then the decorator lowering Vite 8 lacks for Node 20 (vite-decorators.ts). */
export default function statetrail(options?: TransformerOptions) {
  return [unplugin.vite(options), viteDecorators()].flat();
}
