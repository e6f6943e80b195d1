import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Every byte the browser loads comes from this package or its node_modules: the UI works offline and no
// CDN sees who reads the audit trail. Files are read once at registration, so serving is a map lookup.

export interface Asset {
  body: Buffer;
  type: string;
  /** A content hash: browsers revalidate with If-None-Match and get a 304 while the file is unchanged. */
  etag: string;
}

function asset(file: string): Asset {
  const body = readFileSync(file);
  return {
    body,
    type: typeOf(file),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
  };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The vendored modules under /ui/vendor/, keyed by the bare specifier the client code imports. */
export const VENDOR: Readonly<Record<string, { url: string; resolve: string }>> = {
  preact: { url: '/ui/vendor/preact.mjs', resolve: 'preact' },
  'preact/hooks': { url: '/ui/vendor/hooks.mjs', resolve: 'preact/hooks' },
  htm: { url: '/ui/vendor/htm.mjs', resolve: 'htm' },
  uplot: { url: '/ui/vendor/uplot.mjs', resolve: 'uplot/dist/uPlot.esm.js' },
};

function typeOf(file: string): string {
  const type = TYPES[file.slice(file.lastIndexOf('.'))];
  if (!type) throw new Error(`statetrail ui: no content type for asset ${file}`);
  return type;
}

/**
 * The client modules sit next to this file in the sources; the tsup bundle (dist/index.js) does not copy
 * them, so from there they are read from the package's src/ui/client/.
 */
function clientFolder(): string {
  for (const relative of ['./client/', '../src/ui/client/']) {
    const folder = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(folder)) return folder;
  }
  throw new Error(`statetrail ui: the client modules are missing next to ${fileURLToPath(import.meta.url)}`);
}

export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const { url, resolve } of Object.values(VENDOR)) {
    const file = fileURLToPath(import.meta.resolve(resolve));
    assets.set(url, asset(file));
  }
  const css = fileURLToPath(import.meta.resolve('uplot/dist/uPlot.min.css'));
  assets.set('/ui/vendor/uplot.css', asset(css));
  const client = clientFolder();
  for (const name of readdirSync(client)) {
    const file = client + name;
    assets.set(`/ui/${name}`, asset(file));
  }
  return assets;
}
