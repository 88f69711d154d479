import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';

// The headless Chromium both browser suites (html.test.ts, png.browser.test.ts) run in.

/** Debian's chromium, which `.ci/run` installs. */
export const CHROMIUM = '/usr/bin/chromium';

/** '' when Chromium is here, else the reason a suite adds to its title (only a skipped suite says why). */
export const SKIPPED = existsSync(CHROMIUM) ? '' : ` (skipped: no ${CHROMIUM}; apt-get install chromium)`;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** CI machines are slower and busier than ours: page waits get two minutes, not playwright's 30 s. */
export const PAGE_TIMEOUT = 120_000;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * Opens a page with the suite's timeout that records its uncaught errors and console errors;
 * `ignore` drops console messages a test expects (a deliberate 404).
 */
export async function openPage(browser: Browser, options: { viewport?: { width: number; height: number }; ignore?: RegExp } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage(options.viewport ? { viewport: options.viewport } : {});
  page.setDefaultTimeout(PAGE_TIMEOUT);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !options.ignore?.test(message.text())) errors.push(message.text());
  });
  return { page, errors };
}

/** An IIFE browser bundle of the main entry (from source) that sets `window.viz` and `window.tensor` (@dl/autograd's). */
export async function bundleViz(): Promise<string> {
  const { build } = await import('esbuild');
  const entry = fileURLToPath(new URL('../index.ts', import.meta.url));
  const bundle = await build({
    stdin: {
      contents: `import * as viz from ${JSON.stringify(entry)}; import { tensor } from '@dl/autograd'; window.viz = viz; window.tensor = tensor;`,
      resolveDir: fileURLToPath(new URL('..', import.meta.url)),
      loader: 'ts',
    },
    bundle: true, platform: 'browser', format: 'iife', write: false, conditions: ['@dl/source'], logLevel: 'silent',
  });
  return bundle.outputFiles[0]?.text ?? '';
}
