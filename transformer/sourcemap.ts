/**
 * What the bundler adapters change in the shared plugin's result (plugin.ts): a wrapper over its
 * transform handler, and source maps whose `sources` are relative to the file, as esbuild expects.
 */
import path from 'node:path';
import type { UnpluginFactory } from 'unplugin';
import type { SourceMapV3 } from './instrument';

export interface TransformResult {
  code: string;
  map: SourceMapV3 | null;
}

type Handler = (this: any, code: string, id: string) => TransformResult | null;

/** The factory with `wrap` around its transform handler (plugin.ts's single plugin object). */
export function wrapTransform<T>(
  factory: UnpluginFactory<T>,
  wrap: (handler: Handler) => Handler,
): UnpluginFactory<T> {
  return (options, meta) => {
    const plugin = factory(options, meta) as any;
    return { ...plugin, transform: { ...plugin.transform, handler: wrap(plugin.transform.handler) } };
  };
}

/**
 * `sources` relative to the file's own directory: esbuild 0.17 (tsup 6) joins even an absolute
 * source to that directory (`src/core/work/…/src/core/box.ts`); later versions resolve both alike.
 */
export function relativeSources(map: SourceMapV3, file: string): SourceMapV3 {
  const dir = path.dirname(file);
  return {
    ...map,
    file: path.basename(file),
    sources: map.sources.map((s) =>
      path.isAbsolute(s) ? path.relative(dir, s).split(path.sep).join('/') : s,
    ),
  };
}
