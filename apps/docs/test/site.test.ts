// The built site in headless Chromium: pages load cleanly, links resolve, the demos work.
// Needs `pnpm --filter docs build` first (turbo runs it before this package's tests).
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery, WordSpace } from '../.vitepress/theme/demos/embeddings.js';
import { builtBase, serveSite, type SiteServer } from './serve.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const dist = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));
const artefacts = fileURLToPath(new URL('../test-results/', import.meta.url));
const inCi = Boolean(process.env.CI);

// Hand-written pages (guides, demos, home): each is opened in the browser. The generated API pages
// are checked for links only, which is what could break in them.
const PAGES = ['index.html', 'benchmarks.html', 'api/index.html', ...readdirIfAny('guide'), ...readdirIfAny('demos')];

function readdirIfAny(dir: string): string[] {
  const full = join(dist, dir);
  return existsSync(full) ? readdirSync(full).filter((file) => file.endsWith('.html')).map((file) => `${dir}/${file}`) : [];
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

/** The lines of `<!-- #region name -->` in a markdown file, as VitePress's `@include: file#name` takes them. */
function region(file: string, name: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === `<!-- #region ${name} -->`);
  const end = lines.findIndex((line) => line.trim() === `<!-- #endregion ${name} -->`);
  if (start < 0 || end < start) throw new Error(`${file}: no region "${name}" (<!-- #region ${name} --> ... <!-- #endregion ${name} -->)`);
  return lines.slice(start + 1, end);
}

const built = existsSync(join(dist, 'index.html'));
if (!built && inCi) throw new Error('apps/docs: .vitepress/dist is missing; run pnpm --filter docs build first');
const skipReason = !existsSync(CHROMIUM)
  ? `no ${CHROMIUM} (apt-get install chromium)`
  : 'no built site in .vitepress/dist (pnpm --filter docs build)';

describe.skipIf(!built || !existsSync(CHROMIUM))(`the built site in Chromium (skipped when absent: ${skipReason})`, () => {
  let site: SiteServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artefacts, { recursive: true });
    site = await serveSite(dist, builtBase(dist));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => site.server.close(resolve));
  });

  async function open(path: string, options: { dark?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: options.dark ? 'dark' : 'light' });
    page.setDefaultTimeout(120_000); // CI machines are slower and busier than ours
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${path}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${path}: ${response.status()} ${response.url()}`);
    });
    await page.goto(site.root + path, { waitUntil: 'load' });
    return { page, errors };
  }

  it('serves every internal link and asset of every page (base-aware)', async () => {
    const base = builtBase(dist);
    const targets = new Set<string>();
    for (const file of htmlFiles(dist)) {
      const pagePath = relative(dist, file);
      const html = readFileSync(file, 'utf8');
      for (const [, url] of html.matchAll(/(?:href|src)="([^"#?]+)[^"]*"/g)) {
        if (!url || /^(?:[a-z]+:|\/\/)/i.test(url)) continue;
        const absolute = new URL(url, site.root + pagePath).pathname;
        expect(absolute.startsWith(base), `${pagePath} links outside the base ${base}: ${url}`).toBe(true);
        targets.add(absolute);
      }
    }
    expect(targets.size).toBeGreaterThan(100);
    const origin = new URL(site.root).origin;
    const broken: string[] = [];
    for (const target of targets) {
      const response = await fetch(origin + target);
      if (response.status !== 200) broken.push(`${response.status} ${target}`);
    }
    expect(broken).toEqual([]);
  });

  it.each(PAGES)('%s loads without console errors', async (path) => {
    const { page, errors } = await open(path);
    await page.waitForSelector('.VPContent');
    expect(await page.title()).toMatch(/@dl/);
    // Let client-side components (demos, search index) start before judging.
    await page.waitForTimeout(300);
    expect(errors).toEqual([]);
    await page.close();
  });

  // .ci/run sets DOCS_BASE=/dl/: one build under a sub-path, and every check in this file runs under it.
  it.runIf(process.env.DOCS_BASE !== undefined)('was built for the sub-path DOCS_BASE names', () => {
    const wanted = process.env.DOCS_BASE ?? '/';
    // Normalised as .vitepress/config.ts does: 'dl', '/dl' and '/dl/' all mean '/dl/'.
    expect(builtBase(dist)).toBe(`/${wanted.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/'));
  });

  it('benchmarks page: each README region it includes is there, and each of their tables has a date', async () => {
    const source = fileURLToPath(new URL('../benchmarks.md', import.meta.url));
    const includes = [...readFileSync(source, 'utf8').matchAll(/<!--@include: ([^#]+)#([\w-]+)-->/g)];
    expect(includes.map(([, , name]) => name)).toEqual(['benchmarks', 'comparison']);
    const { page, errors } = await open('benchmarks.html');
    const text = (await page.locator('.vp-doc').textContent()) ?? '';
    for (const [, path = '', name = ''] of includes) {
      const lines = region(fileURLToPath(new URL(path, new URL('../', import.meta.url))), name);
      const rows = lines.filter((line) => /^\|(?!\s*-)/.test(line.trim()));
      // Every table row's first cell, and the region's first line (a heading loses its #s), made it onto the page.
      for (const row of rows) expect(text).toContain(row.split('|')[1]?.trim().replace(/[`*]/g, ''));
      const first = lines.find((line) => line.trim())?.trim().replace(/^#+\s*/, '').replace(/[`*]/g, '');
      expect(text.replace(/\s+/g, ' ')).toContain(first?.slice(0, 40));
      expect(rows.length === 0 || /\d{4}-\d{2}-\d{2}/.test(lines.join('\n')), `${path}#${name} has a table without a date`).toBe(true);
    }
    expect(text).not.toContain('@include');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('finds a guide with the local search', async () => {
    const { page, errors } = await open('index.html');
    await page.click('.VPNavBarSearch button');
    await page.fill('.VPLocalSearchBox input', 'broadcasting');
    const result = page.locator('.VPLocalSearchBox .result').first();
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Broadcasting/i);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('MLP demo: ready quickly, loss falls while it trains, the page stays responsive', async () => {
    const { page, errors } = await open('demos/mlp.html');
    const demo = page.locator('.mlp-demo');
    await page.waitForSelector('.mlp-demo[data-ready="true"]', { timeout: 120_000 });
    const readyMs = Number(await demo.getAttribute('data-ready-ms'));
    // Time to first interaction: from navigation start to an enabled Start button (worker loaded, first frame drawn).
    console.log(`docs: MLP demo time to first interaction ${readyMs} ms`);
    expect(readyMs).toBeGreaterThan(0);
    await page.click('.dl-start');
    await page.waitForFunction(() => Number(document.querySelector('.mlp-demo')?.getAttribute('data-step')) >= 10);
    const early = Number(await demo.getAttribute('data-loss'));
    // Count animation frames for 1 s while the worker trains: a blocked main thread would draw none.
    const frames = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let count = 0;
          const start = performance.now();
          const tick = (): void => {
            count++;
            if (performance.now() - start < 1000) requestAnimationFrame(tick);
            else resolve(count);
          };
          requestAnimationFrame(tick);
        }),
    );
    await page.waitForFunction(() => Number(document.querySelector('.mlp-demo')?.getAttribute('data-step')) >= 400, undefined, { timeout: 240_000 });
    const late = Number(await demo.getAttribute('data-loss'));
    console.log(`docs: MLP demo loss ${early.toFixed(4)} at step 10, ${late.toFixed(4)} at step ${await demo.getAttribute('data-step')}; ${frames} frames/s while training`);
    expect(late).toBeLessThan(early * 0.7);
    expect(frames).toBeGreaterThan(10);
    await page.click('.dl-start'); // pause
    await page.locator('.mlp-demo .dl-panels').screenshot({ path: join(artefacts, 'mlp-demo.png') });
    await page.click('.dl-reset');
    await page.waitForFunction(() => document.querySelector('.mlp-demo')?.getAttribute('data-step') === '0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('embedding explorer: neighbours of a word and a typed analogy as @dl computes them, a map with hover labels', async () => {
    const { page, errors } = await open('demos/embeddings.html');
    const demo = page.locator('.explorer-demo');
    await page.waitForSelector('.explorer-demo[data-rendered="1"]', { timeout: 180_000 });
    // Time to first interaction: navigation start to the vectors loaded, the inputs enabled and the
    // first query answered; the map (Vega, loaded on first use) is drawn by data-map-ms.
    const readyMs = Number(await demo.getAttribute('data-ready-ms'));
    const mapMs = Number(await demo.getAttribute('data-map-ms'));
    // The same file and code in Node: the page must answer exactly what @dl answers here.
    const space = WordSpace.fromWord2VecBinary(readFileSync(join(dist, 'vectors', 'brown.bin')));
    const expected = (query: string): string => space.nearest(parseQuery(query), 10).map((answer) => answer.word).join(' ');
    expect(await demo.getAttribute('data-neighbours')).toBe(expected('president'));

    const rendered = Number(await demo.getAttribute('data-rendered'));
    const typed = await page.evaluate(() => performance.now());
    await page.fill('.dl-word', 'monday');
    await page.waitForSelector(`.explorer-demo[data-rendered="${rendered + 1}"]`);
    const answeredMs = Math.round((await page.evaluate(() => performance.now())) - typed);
    console.log(`docs: embedding explorer time to first interaction ${readyMs} ms, first map ${mapMs} ms; a typed word answered and mapped in ${answeredMs} ms (200 ms of it debounce)`);
    expect(readyMs).toBeGreaterThan(0);
    expect(mapMs).toBeGreaterThanOrEqual(readyMs);
    expect(await demo.getAttribute('data-neighbours')).toBe(expected('monday'));
    expect((await demo.getAttribute('data-neighbours'))?.split(' ')).toContain('tuesday');

    await page.fill('.dl-analogy', 'his - he + she');
    await page.waitForFunction(() => document.querySelector('.explorer-demo')?.getAttribute('data-answers')?.startsWith('her '));
    expect(await demo.getAttribute('data-answers')).toBe(space.nearest(parseQuery('his - he + she'), 5).map((answer) => answer.word).join(' '));
    await page.fill('.dl-analogy', 'his - he +');
    await page.waitForSelector('.dl-analogy-error');
    expect(await page.locator('.dl-analogy-error').textContent()).toMatch(/expected a word after '\+' at the end/);
    await page.fill('.dl-analogy', 'men - man + woman');
    await page.waitForFunction(() => document.querySelector('.explorer-demo')?.getAttribute('data-answers')?.split(' ').includes('women'));

    // The map: the chosen word in it, and hovering a point names its word (Vega's tooltip).
    const map = page.locator('.dl-map svg');
    expect(await map.textContent()).toContain('monday');
    const point = page.locator('.dl-map svg .mark-symbol path').first();
    await point.hover();
    await page.waitForFunction(() => /word: \S+/.test(document.querySelector('.dl-map [title], .dl-map[title]')?.getAttribute('title') ?? ''));
    // The fixed nav bar would cover the top of a screenshot taller than the viewport.
    await page.addStyleTag({ content: '.VPNav, .VPLocalNav { display: none !important; }' });
    await demo.screenshot({ path: join(artefacts, 'embedding-explorer.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('graph demo: one node per op of a typed expression, in light and dark themes', async () => {
    for (const dark of [false, true]) {
      const { page, errors } = await open('demos/graph.html', { dark });
      await page.waitForSelector('.graph-demo[data-rendered="1"]', { timeout: 120_000 });
      await page.fill('.dl-expression >> nth=0', 'exp(a * b) + relu(a - 3) / b');
      await page.fill('.dl-bindings', 'a = 2, b = -1.5');
      await page.waitForSelector('.graph-demo[data-rendered="2"]', { timeout: 120_000 });
      // mul, exp, sub, relu, div, add: six ops; a and b: two leaves; one output.
      expect(await page.locator('.dl-graph svg g.node.op').count()).toBe(6);
      expect(await page.locator('.dl-graph svg g.node.leaf').count()).toBe(2);
      expect(await page.locator('.dl-graph svg g.node.output').count()).toBe(1);
      expect(await page.locator('.dl-graph svg').textContent()).toContain('ExpBackward');
      await page.fill('.dl-expression >> nth=0', 'x * (y');
      await page.waitForSelector('.dl-error');
      expect(await page.locator('.dl-error').textContent()).toMatch(/expected '\)'/);
      await page.fill('.dl-expression >> nth=0', 'exp(a * b) + relu(a - 3) / b');
      await page.waitForSelector('.graph-demo[data-error=""]');
      await page.locator('.graph-demo').screenshot({ path: join(artefacts, `graph-demo${dark ? '-dark' : ''}.png`) });
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
