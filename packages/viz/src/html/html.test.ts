import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { manualSeed, randn } from '@dl/tensor';
import { tensor } from '@dl/autograd';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleViz, launchChromium, openPage, SKIPPED } from '../__fixtures__/chromium.js';
import { embeddingMap } from '../embedding/map.js';
import { drawGraph } from '../graph/graph.js';
import { lineChart } from '../plot/line.js';
import { saveHtml, toHtml } from '../node/index.js';
import type * as Viz from '../index.js';
import { figureToHtml } from './html.js';


describe('figureToHtml', () => {
  it('inlines everything: no external scripts, styles or URLs to fetch', async () => {
    const html = await toHtml(lineChart({ loss: [3, 2, 1] }));
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).toContain('"name":"series"');
    expect(html.length).toBeLessThan(1_000_000);
  });

  it('needs the Vega source for charts', async () => {
    await expect(figureToHtml(lineChart({ loss: [1, 2] }))).rejects.toThrow(/figureToHtml: a chart page needs the Vega runtime source/);
  });
});

describe.skipIf(SKIPPED !== '')(`interactive HTML in headless Chromium${SKIPPED}`, () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    manualSeed(0);
    browser = await launchChromium();
    dir = await mkdtemp(join(tmpdir(), 'dl-viz-'));
  });
  afterAll(async () => {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(file: string) {
    const { page, errors } = await openPage(browser, { viewport: { width: 900, height: 700 } });
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready="true"]');
    return { page, errors, requests };
  }

  it('draws every word, shows a word with its neighbours on hover, and zooms', async () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    const file = await saveHtml(embeddingMap(randn([40, 2]), { words, vectors: randn([40, 5]), highlight: 'word3', neighbours: 4 }), join(dir, 'map.html'));
    const { page, errors, requests } = await open(file);
    const points = page.locator('.mark-symbol.role-mark.layer_1_marks path');
    expect(await points.count()).toBe(40);
    const box = await points.nth(7).boundingBox();
    expect(box).not.toBeNull();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = page.locator('#tooltip');
    await tooltip.waitFor({ state: 'visible' });
    expect(await tooltip.locator('.word').textContent()).toBe('word7');
    expect(await tooltip.locator('.neighbours').textContent()).toMatch(/^neighbours: (word\d+, ){3}word\d+$/);
    // Scrolling over the plot zooms: the x axis shows other tick labels afterwards.
    const ticks = async () => page.locator('.role-axis-label text').allTextContents();
    const before = await ticks();
    await page.mouse.wheel(0, -400);
    await expect.poll(ticks).not.toEqual(before);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('toggles a series by clicking its legend entry', async () => {
    const file = await saveHtml(lineChart({ train: [3, 2, 1], test: [3.5, 2.5, 2] }), join(dir, 'line.html'));
    const { page, errors } = await open(file);
    const lines = page.locator('.mark-line.role-mark path');
    expect(await lines.count()).toBe(2);
    const opacities = async () => lines.evaluateAll((paths) => paths.map((path) => path.getAttribute('stroke-opacity') ?? path.getAttribute('opacity') ?? '1'));
    const before = await opacities();
    await page.locator('.role-legend-label text', { hasText: 'test' }).click();
    await expect.poll(opacities).not.toEqual(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a graph page with the SVG inline', async () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.name = 'x';
    const file = await saveHtml(drawGraph(x.mul(x).sum()), join(dir, 'graph.html'));
    const { page, errors } = await open(file);
    expect(await page.locator('#view svg g.node').count()).toBe(4);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders into a DOM element from a browser bundle of the main entry (no Node built-ins)', async () => {
    const bundle = await bundleViz();
    const { page, errors } = await openPage(browser);
    await page.setContent('<div id="chart"></div><div id="graph"></div>');
    await page.addScriptTag({ content: bundle });
    await page.evaluate(async () => {
      const { viz, tensor: make } = window as unknown as { viz: typeof Viz; tensor: typeof tensor };
      const [chart, graph] = [document.querySelector<HTMLElement>('#chart'), document.querySelector<HTMLElement>('#graph')];
      if (!chart || !graph) throw new Error('page: missing #chart or #graph');
      await viz.lineChart({ loss: [3, 2, 1] }).renderInto(chart);
      const x = make([1, 2], { requiresGrad: true });
      await viz.drawGraph(x.mul(x).sum()).renderInto(graph);
    });
    expect(await page.locator('#chart svg .mark-line path').count()).toBe(1);
    expect(await page.locator('#graph svg g.node').count()).toBe(4);
    expect(errors).toEqual([]);
    await page.close();
  });
});
