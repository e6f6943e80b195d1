import { type Asset, VENDOR } from './assets';

// Each page answers with <link rel="modulepreload"> for every module it will import, found by reading the
// static imports of our own client files once at start: the browser fetches them all at once instead of
// discovering them one import level at a time. Dynamic import() is left out on purpose.

const STATIC_IMPORT = /^import\s[^'"]*?from\s*'([^']+)';?$|^import\s*'([^']+)';?$/gm;

function resolve(specifier: string): string | undefined {
  if (specifier.startsWith('./')) return `/ui/${specifier.slice(2)}`;
  return VENDOR[specifier]?.url;
}

/** `entries` and everything they import statically, as asset URLs. */
export function importClosure(assets: ReadonlyMap<string, Asset>, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    const asset = assets.get(url);
    if (!asset || url.startsWith('/ui/vendor/')) return;
    for (const match of asset.body.toString('utf8').matchAll(STATIC_IMPORT)) {
      const target = resolve(match[1] ?? match[2]!);
      if (target) visit(target);
    }
  };
  for (const entry of entries) visit(entry);
  return [...seen];
}
