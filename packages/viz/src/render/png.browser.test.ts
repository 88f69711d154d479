import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { tensor } from '@dl/autograd';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleViz, launchChromium, openPage, SKIPPED } from '../__fixtures__/chromium.js';
import type * as Viz from '../index.js';
import { pngInfo } from '../testing/index.js';

const require = createRequire(import.meta.url);

/** Chunk types of a PNG, in order. */
function chunks(png: Uint8Array): string[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  for (let at = 8; at + 8 <= png.length; at += 12 + view.getUint32(at)) {
    types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
  }
  return types;
}

describe.skipIf(SKIPPED !== '')(`PNG in headless Chromium${SKIPPED}`, () => {
  let browser: Browser;
  let server: Server;
  let origin: string;
  const missing: string[] = [];

  beforeAll(async () => {
    const bundle = await bundleViz();
    // The page, the bundle, resvg's wasm and a font, all from one local origin (no network).
    const files = new Map<string, { type: string; body: string | Uint8Array }>([
      ['/', { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><script src="/viz.js"></script>' }],
      ['/viz.js', { type: 'text/javascript', body: bundle }],
      ['/resvg.wasm', { type: 'application/wasm', body: await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')) }],
      ['/DejaVuSans.ttf', { type: 'font/ttf', body: await readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')) }],
    ]);
    server = createServer((request, response) => {
      const file = files.get(request.url ?? '');
      if (!file) missing.push(request.url ?? '');
      response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' });
      response.end(file?.body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('initPng(fetch(wasm), font bytes) then figureToPng renders a graph and a chart in the page', async () => {
    // One 404 is expected: the test asks initPng for a missing wasm file.
    const { page, errors } = await openPage(browser, { ignore: /404/ });
    await page.goto(`${origin}/`);
    const results = await page.evaluate(async () => {
      const { viz, tensor: make } = window as unknown as { viz: typeof Viz; tensor: typeof tensor };
      // Before initPng the renderer says how to set it up.
      const early = await viz.svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>').then(() => '', (error: unknown) => String(error));
      const font = new Uint8Array(await (await fetch('/DejaVuSans.ttf')).arrayBuffer());
      // A wrong wasm URL rejects, and a later initPng with the right one still works.
      const wrong = await viz.initPng({ wasm: fetch('/missing.wasm'), fonts: [font] }).then(() => '', (error: unknown) => String(error));
      await viz.initPng({ wasm: fetch('/resvg.wasm'), fonts: [font] });
      const [x, y, z] = [make([1], { requiresGrad: true }), make([2], { requiresGrad: true }), make([3], { requiresGrad: true })];
      [x.name, y.name, z.name] = ['x', 'y', 'z'];
      const figures = { graph: viz.drawGraph(x.add(y).mul(z), { outputNames: ['f'] }), chart: viz.lineChart({ loss: [3, 2, 1.5, 1.2] }) };
      // Decode each PNG in the browser and count the pixels that are not the white background.
      const measure = async (png: Uint8Array) => {
        const image = await createImageBitmap(new Blob([png.slice()], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext('2d');
        if (!context) throw new Error('page: no 2d context');
        context.drawImage(image, 0, 0);
        const { data } = context.getImageData(0, 0, image.width, image.height);
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) ink++;
        return { bytes: Array.from(png), width: image.width, height: image.height, ink };
      };
      const render = async (figure: Viz.Figure) => {
        const svg = await figure.toSVG();
        // Graphviz sizes its SVG in pt (4/3 px), Vega in px.
        const width = /<svg[^>]*\swidth="([\d.]+)(pt|px)?"/.exec(svg);
        const svgWidth = Number(width?.[1] ?? Number.NaN) * (width?.[2] === 'pt' ? 4 / 3 : 1);
        return { ...(await measure(await viz.figureToPng(figure, { scale: 1 }))), svgWidth };
      };
      const graph = await render(figures.graph);
      const chart = await render(figures.chart);
      // Text alone draws ink only if the font bytes reached resvg (it has no system fonts).
      const text = await measure(await viz.svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="22" font-size="18">f = (x+y)*z</text></svg>', { scale: 1 }));
      return { early, wrong, text: text.ink, graph, chart };
    });
    expect(results.early).toMatch(/svgToPng: the PNG renderer is not loaded/);
    expect(results.wrong).not.toBe('');
    expect(results.text).toBeGreaterThan(50);
    for (const result of [results.graph, results.chart]) {
      const png = Uint8Array.from(result.bytes);
      const info = pngInfo(png);
      expect(info).toEqual({ width: result.width, height: result.height });
      expect(Math.abs(info.width - result.svgWidth)).toBeLessThanOrEqual(1);
      expect(info.height).toBeGreaterThan(20);
      expect(chunks(png)).toContain('IDAT');
      expect(chunks(png).at(-1)).toBe('IEND');
      // Lines, boxes and text: a real picture, neither blank nor all ink.
      expect(result.ink).toBeGreaterThan(200);
      expect(result.ink).toBeLessThan(info.width * info.height * 0.9);
    }
    expect(errors).toEqual([]);
    expect(missing.filter((url) => url !== '/favicon.ico')).toEqual(['/missing.wasm']);
    await page.close();
  });
});
