/**
 * `statetrail/rollup` — Rollup plugin; put it before plugins that transform the source. With
 * `@rollup/plugin-typescript`, hand statetrail's transformer to it instead (see the warning below).
 */
import fs from 'node:fs';
import { createRollupPlugin } from 'unplugin';
import { unpluginFactory } from './plugin';
import { wrapTransform } from './sourcemap';

export type { TransformerOptions } from './options';

/**
 * Sites are the lines of the code statetrail is handed. A plugin that rewrote the file first shifts
 * them: the code then differs from the file on disk, which is said once per plugin instance, with the
 * fix. `@rollup/plugin-typescript` compiles in its load hook, before every transform, so there the
 * order of `plugins` cannot help: its own `transformers` option runs statetrail on the source.
 */
export default createRollupPlugin(
  wrapTransform(unpluginFactory, (handler) => {
    let warned = false;
    return function (code, id) {
      const result = handler.call(this, code, id);
      if (warned || result === null) return result;
      const file = id.replace(/[?#].*$/, '');
      let original: string;
      try {
        original = fs.readFileSync(file, 'utf8');
      } catch {
        return result; // not a file (virtual module): nothing to compare with
      }
      if (original !== code) {
        warned = true;
        this.warn(
          `statetrail: ${file} reached statetrail() already transformed (by a plugin listed before it, or one that compiles in its load hook such as @rollup/plugin-typescript), so recorded sites point at lines of that output, not of the source. List statetrail() before plugins that transform the source; with @rollup/plugin-typescript drop statetrail() and pass its transformer: typescript({ transformers: { before: [{ type: 'program', factory: () => createTransformer(options, ts) }] } }) (createTransformer from 'statetrail/transformer', ts from 'typescript')`,
        );
      }
      return result;
    };
  }),
);
