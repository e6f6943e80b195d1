import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

// Debian's Chromium (apt-get install chromium); playwright's own browser downloads do not work here.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
}

/** Screenshots go to the test output folder (gitignored); they are looked at, not compared. */
export const OUT = fileURLToPath(new URL('./.out/', import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: `${OUT}${name}.png`, fullPage: true });
}

/**
 * Collects every page error, dialog and Content-Security-Policy violation (Chromium reports those on the
 * console), so a test can assert that nothing ran and nothing even tried.
 */
export function watch(page: Page): { errors: string[]; dialogs: string[]; csp: string[] } {
  const seen = { errors: [] as string[], dialogs: [] as string[], csp: [] as string[] };
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) seen.csp.push(m.text());
  });
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  return seen;
}
