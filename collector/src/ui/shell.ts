import { createHash } from 'node:crypto';
import { VENDOR } from './assets';

// One HTML shell serves every page; the client router picks the page from location.pathname. The only
// inline script is the import map (data, not code), allowed by its hash so the CSP can forbid every
// other inline script: a stored `<script>` in a product name has nothing to run with.

const importMap = JSON.stringify({
  imports: Object.fromEntries(Object.entries(VENDOR).map(([name, { url }]) => [name, url])),
});

const importMapHash = createHash('sha256').update(importMap).digest('base64');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src 'self' 'sha256-${importMapHash}'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page for every route; `modules` are preloaded so the browser fetches them at once, not level by level. */
export function shell(modules: readonly string[]): string {
  const preload = modules.map((url) => `<link rel="modulepreload" href="${url}">`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>statetrail</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/vendor/uplot.css">
<link rel="stylesheet" href="/ui/style.css">
<script type="importmap">${importMap}</script>
${preload}
<script type="module" src="/ui/app.js"></script>
</head>
<body><div id="app"></div></body>
</html>
`;
}
