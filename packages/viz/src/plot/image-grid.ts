import { ArgumentError, formatShape, ShapeError } from '@dl/tensor';
import type { TopLevelSpec } from 'vega-lite';
import { VegaLiteFigure } from '../figure.js';
import { CONFIG } from './theme.js';
import { checkFinite, shaped, type Values } from './values.js';

/**
 * Options of `imageGrid`.
 * @example
 * imageGrid(batch, { columns: 8, captions: predictions.map(String), pixelSize: 4 });
 */
export interface ImageGridOptions {
  readonly title?: string;
  /** Images per row (default: up to 10). */
  readonly columns?: number;
  /** One caption under each image (e.g. `true 3 → 8`); default: each image's index above it. */
  readonly captions?: readonly string[];
  /** Side of one pixel in screen pixels (default: images about 64 px wide). */
  readonly pixelSize?: number;
  /** Image shape `[H, W]` when the batch is flat `[N, H*W]` (default: square). */
  readonly imageShape?: readonly [number, number];
  /** Value range mapped to black..white (default: the batch's min and max). */
  readonly range?: readonly [number, number];
  /** Draw high values dark, as ink on paper (default true for 1 channel). */
  readonly invert?: boolean;
}

/**
 * A grid of images from a batch `[N, C, H, W]` (C = 1 or 3), `[N, H, W]` or flat `[N, H*W]`
 * (the 8×8 digits), with optional captions under each image.
 * @example
 * imageGrid(images.narrow(0, 0, 32), { captions: labels.map((label, i) => `${label} → ${predicted[i]}`) });
 */
export function imageGrid(images: Values, options: ImageGridOptions = {}): VegaLiteFigure {
  const data = shaped(images);
  const shape = data.shape;
  let n: number;
  let channels = 1;
  let h: number;
  let w: number;
  if (shape.length === 4) [n = 0, channels = 0, h = 0, w = 0] = shape;
  else if (shape.length === 3) [n = 0, h = 0, w = 0] = shape;
  else if (shape.length === 2) {
    n = shape[0] ?? 0;
    const size = shape[1] ?? 0;
    [h, w] = options.imageShape ?? [Math.round(Math.sqrt(size)), Math.round(Math.sqrt(size))];
    if (h * w !== size) throw new ShapeError(`imageGrid: cannot view rows of ${size} values as ${formatShape([h, w])} images\nhint: pass imageShape: [height, width]`);
  } else {
    throw new ShapeError(`imageGrid: expected a batch [N, C, H, W], [N, H, W] or [N, H*W], got shape ${formatShape(shape)} (${shape.length}-d)`);
  }
  if (channels !== 1 && channels !== 3) throw new ShapeError(`imageGrid: expected 1 or 3 channels, got ${channels} in shape ${formatShape(shape)}`);
  if (n === 0 || h === 0 || w === 0) throw new ShapeError(`imageGrid: no images to draw in shape ${formatShape(shape)}`);
  if (options.captions !== undefined && options.captions.length !== n) {
    throw new ArgumentError(`imageGrid: ${options.captions.length} captions for ${n} images`);
  }
  checkFinite('imageGrid', data, 'pixel');
  let [low, high] = options.range ?? [Infinity, -Infinity];
  if (options.range === undefined) {
    for (const value of data.values) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
  }
  const span = high > low ? high - low : 1;
  const invert = options.invert ?? channels === 1;
  const level = (value: number): number => {
    const t = Math.min(1, Math.max(0, (value - low) / span));
    return Math.round(255 * (invert ? 1 - t : t));
  };
  const hex = (value: number): string => value.toString(16).padStart(2, '0');
  const rows: { image: number; y: number; x: number; color: string }[] = [];
  const plane = h * w;
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const at = (c: number): number => data.values[(i * channels + c) * plane + y * w + x] ?? 0;
        const [r, g, b] = channels === 3 ? [level(at(0)), level(at(1)), level(at(2))] : [level(at(0)), level(at(0)), level(at(0))];
        rows.push({ image: i, y, x, color: `#${hex(r)}${hex(g)}${hex(b)}` });
      }
    }
  }
  const pixel = options.pixelSize ?? Math.max(1, Math.round(64 / Math.max(h, w)));
  const columns = options.columns ?? Math.min(n, 10);
  const captions = options.captions;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...CONFIG, view: { stroke: null }, facet: { spacing: 8 } },
    ...(options.title ? { title: options.title } : {}),
    data: { values: rows },
    columns,
    facet: {
      field: 'image',
      type: 'ordinal',
      title: null,
      header: captions === undefined ? { title: null, labelFontSize: 11 } : { labelOrient: 'bottom', labelExpr: `${JSON.stringify(captions)}[datum.value]`, labelFontSize: 11, labelPadding: 3 },
    },
    spec: {
      width: w * pixel,
      height: h * pixel,
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'x', type: 'ordinal', axis: null, scale: { paddingInner: 0 } },
        y: { field: 'y', type: 'ordinal', axis: null, scale: { paddingInner: 0 } },
        color: { field: 'color', type: 'nominal', scale: null, legend: null },
      },
    },
  } as TopLevelSpec;
  return new VegaLiteFigure(spec, { title: options.title ?? 'images' });
}
