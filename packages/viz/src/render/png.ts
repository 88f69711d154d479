import { initWasm, Resvg, type InitInput } from '@resvg/resvg-wasm';
import { ArgumentError } from '@dl/tensor';
import type { Figure } from '../figure.js';

/**
 * Where resvg's WebAssembly and the fonts come from. In the browser pass `wasm` (a URL or
 * `fetch()` of `@resvg/resvg-wasm/index_bg.wasm`) and `fonts` (TTF/OTF bytes, e.g. from
 * `dejavu-fonts-ttf`); `@dl/viz/node` fills both in from node_modules.
 * @example
 * await initPng({ wasm: fetch(wasmUrl), fonts: [new Uint8Array(await (await fetch(fontUrl)).arrayBuffer())] });
 */
export interface PngSetup {
  readonly wasm: InitInput | Promise<InitInput>;
  readonly fonts: readonly Uint8Array[];
}

/**
 * Options of `svgToPng` / `toPng`.
 * @example
 * await toPng(figure, { scale: 2, background: 'white' });
 */
export interface PngOptions {
  /** Pixels per SVG unit (default 2, for sharp text). */
  readonly scale?: number;
  /** Background colour behind transparent parts (default white). */
  readonly background?: string;
}

let ready: Promise<void> | undefined;
let fontBuffers: Uint8Array[] = [];

/**
 * Loads the SVG → PNG renderer (resvg compiled to WebAssembly, no native code) and its fonts.
 * Call once before `svgToPng`; later calls only add fonts. If loading fails it rejects and can be retried.
 * @example
 * await initPng({ wasm: wasmBytes, fonts: [dejaVuSansBytes] });
 */
export async function initPng(setup: PngSetup): Promise<void> {
  if (ready === undefined) {
    const loading = initWasm(setup.wasm);
    ready = loading;
    // A failed load (say a wrong wasm URL) must not stick: the next initPng tries again.
    loading.catch(() => {
      if (ready === loading) ready = undefined;
    });
  }
  await ready;
  fontBuffers = [...fontBuffers, ...setup.fonts];
}

/** @internal */
export const pngReady = (): boolean => ready !== undefined;

/**
 * Renders an SVG string to PNG bytes with resvg (WebAssembly); text uses the fonts given to `initPng`.
 * @example
 * const png = await svgToPng(await figure.toSVG(), { scale: 2 });
 */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  if (ready === undefined) {
    throw new ArgumentError('svgToPng: the PNG renderer is not loaded\nhint: call initPng({ wasm, fonts }) first, or use toPng from @dl/viz/node');
  }
  await ready;
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new ArgumentError(`svgToPng: scale must be a positive number, got ${scale}`);
  if (fontBuffers.length === 0) throw new ArgumentError('svgToPng: no fonts loaded, text would not render\nhint: pass fonts to initPng');
  const family = 'DejaVu Sans';
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: options.background ?? 'white',
    font: {
      fontBuffers,
      defaultFontFamily: family,
      sansSerifFamily: family,
      serifFamily: family,
      monospaceFamily: 'DejaVu Sans Mono',
    },
  });
  try {
    const image = renderer.render();
    const png = image.asPng();
    image.free();
    return png;
  } finally {
    renderer.free();
  }
}

/**
 * Renders a figure to PNG bytes (after `initPng`; `@dl/viz/node` has a `toPng` that needs no setup).
 * @example
 * const png = await figureToPng(drawGraph(loss));
 */
export async function figureToPng(figure: Figure, options: PngOptions = {}): Promise<Uint8Array> {
  return svgToPng(await figure.toSVG(), options);
}
