// @dl/viz/node: files and PNG in Node. The main entry stays free of Node built-ins for browsers.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ArgumentError } from '@dl/tensor';
import type { Figure } from '../figure.js';
import { History } from '../plot/history.js';
import { figureToHtml } from '../html/html.js';
import { initPng, svgToPng, type PngOptions } from '../render/png.js';

const require = createRequire(import.meta.url);

let loading: Promise<void> | undefined;

/**
 * Loads resvg's WebAssembly and the DejaVu fonts from node_modules (done for you by `toPng`/`savePng`).
 * @example
 * await loadPngRenderer();
 */
export function loadPngRenderer(): Promise<void> {
  loading ??= (async () => {
    const [wasm, ...fonts] = await Promise.all(
      [
        '@resvg/resvg-wasm/index_bg.wasm',
        'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
        'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
        'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
      ].map(async (name) => new Uint8Array(await readFile(require.resolve(name)))),
    );
    await initPng({ wasm, fonts });
  })();
  return loading;
}

const svgOf = (figure: Figure | string): Promise<string> => (typeof figure === 'string' ? Promise.resolve(figure) : figure.toSVG());

/**
 * Renders a figure (or an SVG string) to PNG bytes, with no native code (resvg in WebAssembly).
 * @example
 * const png = await toPng(drawGraph(loss), { scale: 2 });
 */
export async function toPng(figure: Figure | string, options: PngOptions = {}): Promise<Uint8Array> {
  await loadPngRenderer();
  return svgToPng(await svgOf(figure), options);
}

async function write(path: string, data: string | Uint8Array): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
  return path;
}

/**
 * Writes a figure as an SVG file (folders are created); returns the path.
 * @example
 * await saveSvg(drawGraph(loss), 'out/graph.svg');
 */
export async function saveSvg(figure: Figure | string, path: string): Promise<string> {
  return write(path, await svgOf(figure));
}

/**
 * Writes a figure as a PNG file (folders are created); returns the path.
 * @example
 * await savePng(lineChart({ loss }), 'out/loss.png');
 */
export async function savePng(figure: Figure | string, path: string, options: PngOptions = {}): Promise<string> {
  return write(path, await toPng(figure, options));
}

let vegaSource: Promise<string> | undefined;

/**
 * A self-contained interactive HTML page of a figure (the Vega runtime is inlined, so it opens
 * from disk with no server or network): scroll to zoom, drag to pan, hover for values, click
 * legend entries to toggle series; embedding maps show a word and its neighbours on hover.
 * @example
 * const html = await toHtml(embeddingMap(points, { words }));
 */
export async function toHtml(figure: Figure): Promise<string> {
  // vega's package exports only its ES module; the self-contained UMD build sits beside it.
  vegaSource ??= readFile(join(dirname(require.resolve('vega')), 'vega.min.js'), 'utf8');
  return figureToHtml(figure, { vegaSource: await vegaSource });
}

/**
 * Writes `toHtml(figure)` to a file (folders are created); returns the path.
 * @example
 * await saveHtml(embeddingMap(points, { words }), 'out/words.html');
 */
export async function saveHtml(figure: Figure, path: string): Promise<string> {
  return write(path, await toHtml(figure));
}

const historyFormat = (op: string, path: string): 'json' | 'csv' => {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (extension === 'json' || extension === 'csv') return extension;
  throw new ArgumentError(`${op}: cannot tell the format of "${path}" (expected a .json or .csv file)`);
};

/**
 * Writes a training `History` as JSON or CSV, chosen by the file's extension; returns the path.
 * @example
 * await saveHistory(history, 'runs/digits/history.csv');
 */
export async function saveHistory(history: History, path: string): Promise<string> {
  return write(path, historyFormat('saveHistory', path) === 'json' ? JSON.stringify(history) : history.toCSV());
}

/**
 * Reads a `History` written by `saveHistory` (or by hand: a CSV with a `step` column), to plot it again.
 * @example
 * const history = await loadHistory('runs/digits/history.csv'); await savePng(history.plot(), 'curves.png');
 */
export async function loadHistory(path: string): Promise<History> {
  const format = historyFormat('loadHistory', path);
  const text = await readFile(path, 'utf8');
  return format === 'json' ? History.fromJSON(text) : History.fromCSV(text);
}
