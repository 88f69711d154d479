// The thread pool in a real browser, from the installed tarball: a module Web Worker sets two
// threads, and large ops split to the pool's own Web Workers (cross-origin isolated page) or
// stay on one thread with a one-time notice (a page without isolation), never an error.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
// Only a skipped suite says why in its title.
const SKIPPED = existsSync(CHROMIUM) ? '' : ` (skipped: no ${CHROMIUM}; apt-get install chromium)`;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };
const fixtures = new URL('../fixtures/browser/', import.meta.url);

interface Report {
  isolated?: boolean;
  threads?: number;
  chunkPosts?: number;
  identical?: boolean;
  warnings?: string[];
  error?: string;
}

/**
 * Serves the fixture page at /isolated/ (COOP same-origin + COEP require-corp: SharedArrayBuffer
 * allowed) and /plain/ (no isolation), and the scratch project's node_modules under both.
 */
function serve(scratch: string): Promise<Server> {
  const server = createServer((request, response) => {
    const [, mode, ...rest] = (request.url ?? '/').split('?')[0].split('/');
    const relative = rest.join('/');
    const file = relative.startsWith('node_modules/') ? path.join(scratch, relative) : new URL(relative || 'index.html', fixtures);
    readFile(file).then(
      (body) => {
        const headers: Record<string, string> = { 'content-type': TYPES[path.extname(String(file))] ?? 'application/octet-stream' };
        if (mode === 'isolated') Object.assign(headers, { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
        response.writeHead(200, headers).end(body);
      },
      () => {
        response.writeHead(404).end();
      },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => { resolve(server); }));
}

describe.skipIf(SKIPPED !== '')(`@dl/tensor threads in headless Chromium${SKIPPED}`, () => {
  let browser: Browser;
  let server: Server;
  let origin = '';

  beforeAll(async () => {
    server = await serve(inject('scratch'));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser.close();
    server.close();
  });

  async function report(mode: 'isolated' | 'plain'): Promise<{ report: Report; errors: string[] }> {
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000); // CI machines are slower and busier than ours
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${origin}/${mode}/index.html`);
    const result = await page.evaluate<Report>('window.result');
    await page.close();
    return { report: result, errors };
  }

  it('splits large ops across Web Workers in a cross-origin isolated page, bit for bit as one thread', async () => {
    const { report: result, errors } = await report('isolated');
    expect(result.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(result).toMatchObject({ isolated: true, threads: 2, identical: true, warnings: [] });
    // matmul and the first exp each posted their chunk list to the one pool worker (the sigmoid
    // right after may have been handed over in shared memory instead).
    expect([2, 3]).toContain(result.chunkPosts);
  });

  it('stays on one thread with a one-time notice when the page is not isolated', async () => {
    const { report: result, errors } = await report('plain');
    expect(result.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(result).toMatchObject({ isolated: false, threads: 1, chunkPosts: 0, identical: true });
    expect(result.warnings).toEqual([expect.stringMatching(/^@dl\/tensor: using 1 thread: SharedArrayBuffer is unavailable/)]);
  });
});
