/**
 * Installs the Proxy handler factories of every kind into wrap.ts's table. Each module that can
 * create tracked children (track.ts, instances.ts) calls installTraps() at its top level: an
 * explicit call, because bundlers drop side-effect-only imports under `"sideEffects": false`,
 * and a table, because the handlers themselves need wrap.ts (a direct import would be a cycle).
 */
import { mapHandler, setHandler } from './collections';
import { KIND_ARRAY, KIND_MAP, KIND_OBJECT, KIND_SET } from './node';
import { objectHandler } from './objects';
import { handlerFor } from './wrap';

export function installTraps(): void {
  handlerFor[KIND_OBJECT] = objectHandler;
  handlerFor[KIND_ARRAY] = objectHandler;
  handlerFor[KIND_MAP] = mapHandler;
  handlerFor[KIND_SET] = setHandler;
}
