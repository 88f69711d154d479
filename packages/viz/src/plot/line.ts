import { ArgumentError } from '@dl/tensor';
import type { TopLevelSpec } from 'vega-lite';
import { VegaLiteFigure } from '../figure.js';
import { CONFIG, type ChartOptions } from './theme.js';
import { finiteArray, type Values } from './values.js';

/** One curve: `y` against `x` (default 0, 1, 2, ...). */
export interface Series {
  readonly x?: Values;
  readonly y: Values;
}

/**
 * Options of `lineChart`.
 * @example
 * lineChart({ loss }, { smoothing: 0.6, logScale: true, xTitle: 'step' });
 */
export interface LineChartOptions extends ChartOptions {
  /** TensorBoard's smoothing: an exponential moving average with this weight, 0 (off, default) to < 1; the raw curve stays faint behind it. */
  readonly smoothing?: number;
  /** Logarithmic y axis (every value must be positive). */
  readonly logScale?: boolean;
  /** Title of the x axis (default `step`). */
  readonly xTitle?: string;
  /** Title of the y axis (default `value`, or the metric's name in panels). */
  readonly yTitle?: string;
}

/** @internal A row of a line chart's data. */
export interface LineRow {
  panel: string;
  series: string;
  step: number;
  value: number;
  smoothed: number;
}

/**
 * TensorBoard's debiased exponential moving average: `weight` 0 returns the values unchanged.
 * @example
 * smooth([1, 0, 1, 0], 0.5); // [1, 0.333..., 0.714..., 0.333...]
 */
export function smooth(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new ArgumentError(`smooth: weight must be in [0, 1), got ${weight}`);
  let last = 0;
  return values.map((value, i) => {
    last = last * weight + (1 - weight) * value;
    return weight === 0 ? value : last / (1 - weight ** (i + 1));
  });
}

/** @internal Rows of one named curve, checked. */
export function seriesRows(op: string, panel: string, name: string, series: Series, options: LineChartOptions): LineRow[] {
  const y = finiteArray(op, series.y, `series "${name}" value`);
  const x = series.x === undefined ? y.map((_, i) => i) : finiteArray(op, series.x, `series "${name}" x`);
  if (x.length !== y.length) throw new ArgumentError(`${op}: series "${name}" has ${x.length} x values but ${y.length} y values`);
  if (options.logScale === true) {
    const bad = y.findIndex((value) => value <= 0);
    if (bad >= 0) throw new ArgumentError(`${op}: logScale needs positive values, series "${name}" has ${y[bad]} at index ${bad}`);
  }
  const smoothed = smooth(y, options.smoothing ?? 0);
  return y.map((value, i) => ({ panel, series: name, step: x[i] ?? i, value, smoothed: smoothed[i] ?? value }));
}

/** @internal The line chart spec over rows; several panels side by side when `panels` is set. */
export function lineSpec(rows: readonly LineRow[], options: LineChartOptions & { panels?: boolean }): TopLevelSpec {
  const smoothing = (options.smoothing ?? 0) > 0;
  const x = { field: 'step', type: 'quantitative' as const, title: options.xTitle ?? 'step' };
  const yScale = options.logScale === true ? { type: 'log' as const } : { zero: false };
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: options.panels === true ? null : (options.yTitle ?? 'value'), scale: yScale });
  const color = { field: 'series', type: 'nominal' as const, title: null, legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } };
  const opacity = (on: number) => ({ condition: { param: 'series', value: on, empty: true }, value: 0.08 });
  const tooltip = [
    { field: 'series', type: 'nominal' as const },
    { field: 'step', type: 'quantitative' as const },
    { field: 'value', type: 'quantitative' as const, format: '.4g' },
    ...(smoothing ? [{ field: 'smoothed', type: 'quantitative' as const, format: '.4g' }] : []),
  ];
  const layers = [
    ...(smoothing ? [{ mark: { type: 'line' as const, strokeWidth: 1 }, encoding: { x, y: y('value'), color, opacity: opacity(0.25) } }] : []),
    {
      params: [
        { name: 'series', select: { type: 'point' as const, fields: ['series'] }, bind: 'legend' as const },
        { name: 'zoom', select: 'interval' as const, bind: 'scales' as const },
      ],
      mark: { type: 'line' as const, strokeWidth: 2, point: rows.length <= 60 },
      encoding: { x, y: y(smoothing ? 'smoothed' : 'value'), color, opacity: opacity(1), tooltip },
    },
  ];
  const size = { width: options.width ?? 360, height: options.height ?? 240 };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CONFIG, data: { values: rows } };
  if (options.panels !== true) return { ...base, ...(options.title ? { title: options.title } : {}), ...size, layer: layers };
  return {
    ...base,
    ...(options.title ? { title: options.title } : {}),
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: [...new Set(rows.map((row) => row.panel))], header: { labelFontSize: 13, labelFontWeight: 'bold' } } },
    spec: { ...size, layer: layers },
    resolve: { scale: { y: 'independent' } },
  };
}

/**
 * Line chart of one or more scalar series over steps (losses, accuracies, learning rates),
 * with TensorBoard-style smoothing and an optional log scale. Click a legend entry to toggle a
 * series; drag to pan and scroll to zoom in the browser and the interactive HTML.
 * @example
 * lineChart({ train: trainLoss, test: { x: [0, 100, 200], y: testLoss } }, { smoothing: 0.6, yTitle: 'loss' });
 */
export function lineChart(series: Readonly<Record<string, Values | Series>>, options: LineChartOptions = {}): VegaLiteFigure {
  const names = Object.keys(series);
  if (names.length === 0) throw new ArgumentError('lineChart: no series given (an empty object)');
  const rows = names.flatMap((name) => {
    const entry = series[name];
    const curve: Series = typeof entry === 'object' && 'y' in entry ? entry : { y: entry };
    return seriesRows('lineChart', '', name, curve, options);
  });
  if (rows.length === 0) throw new ArgumentError(`lineChart: every series is empty (${names.join(', ')})`);
  return new VegaLiteFigure(lineSpec(rows, options), { title: options.title ?? 'line chart' });
}
