/**
 * The TypeScript 6 compiler API used when no host hands one in: the copy bundled in ts-morph, never the
 * user's `typescript` (which may be TypeScript 7, without a transformer API). Loaded on first use, not
 * on import: it is ~13 MB of JavaScript, and `statetrail/transformer`, the bundler plugins and the
 * register hook are imported long before (or without ever) instrumenting a file.
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

let loaded: typeof TS | undefined;

export function typescript6(): typeof TS {
  if (loaded === undefined) {
    let tsMorph: { ts: unknown };
    try {
      // a CommonJS bundle made without tsup's shim has an empty import.meta, but has __filename
      tsMorph = createRequire(import.meta.url ?? __filename)('ts-morph');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
      throw new Error(MISSING, { cause: e });
    }
    loaded = tsMorph.ts as typeof TS;
  }
  return loaded;
}

const MISSING =
  'statetrail: instrumenting needs the TypeScript 6 compiler that ts-morph bundles, and ts-morph is not ' +
  'installed. Install it next to statetrail: npm i -D ts-morph@28';
