import { ArgumentError } from '@dl/tensor';
import type { TopLevelSpec } from 'vega-lite';
import { VegaLiteFigure } from '../figure.js';
import { CONFIG, type ChartOptions } from './theme.js';
import { checkFinite, shaped, type Values } from './values.js';

/**
 * Options of `histogram`.
 * @example
 * histogram(weights, { bins: 50, xTitle: 'weight' });
 */
export interface HistogramOptions extends ChartOptions {
  /** Number of equal-width bins (default 30). */
  readonly bins?: number;
  /** Title of the x axis (default `value`). */
  readonly xTitle?: string;
  /** Logarithmic count axis. */
  readonly logScale?: boolean;
}

/**
 * Histogram of every value of a tensor (any shape), binned here so a million weights make a
 * small chart.
 * @example
 * histogram(model.fc1.weight, { title: 'fc1.weight', bins: 40 });
 */
export function histogram(values: Values, options: HistogramOptions = {}): VegaLiteFigure {
  const data = shaped(values);
  if (data.values.length === 0) throw new ArgumentError('histogram: no values to bin (empty tensor)');
  checkFinite('histogram', data);
  const bins = options.bins ?? 30;
  if (!Number.isInteger(bins) || bins < 1) throw new ArgumentError(`histogram: bins must be a positive integer, got ${bins}`);
  let min = Infinity;
  let max = -Infinity;
  for (const value of data.values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const value of data.values) counts[Math.min(bins - 1, Math.floor((value - min) / width))] += 1;
  const rows = counts.map((count, k) => ({ start: min + k * width, end: min + (k + 1) * width, count }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 360,
    height: options.height ?? 220,
    data: { values: rows },
    mark: { type: 'rect', color: '#4c78a8', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'start', type: 'quantitative', title: options.xTitle ?? 'value', scale: { domain: [min, max], nice: false } },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: 'count', ...(options.logScale === true ? { scale: { type: 'symlog' } } : {}) },
      y2: { datum: 0 },
      tooltip: [
        { field: 'start', type: 'quantitative', format: '.4g' },
        { field: 'end', type: 'quantitative', format: '.4g' },
        { field: 'count', type: 'quantitative' },
      ],
    },
  } as TopLevelSpec;
  return new VegaLiteFigure(spec, { title: options.title ?? 'histogram' });
}
