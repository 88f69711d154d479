import { ArgumentError, formatShape, ShapeError } from '@dl/tensor';
import type { TopLevelSpec } from 'vega-lite';
import { VegaLiteFigure } from '../figure.js';
import { CONFIG, type ChartOptions } from './theme.js';
import { checkFinite, shaped, type Values } from './values.js';

/**
 * Options of `heatmap`.
 * @example
 * heatmap(weight, { xTitle: 'input', yTitle: 'output', scheme: 'redblue' });
 */
export interface HeatmapOptions extends ChartOptions {
  /** Labels of the columns (default 0, 1, ...). */
  readonly xLabels?: readonly string[];
  /** Labels of the rows (default 0, 1, ...). */
  readonly yLabels?: readonly string[];
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** A Vega colour scheme; default `viridis`, or `redblue` centred on 0 when values have both signs. */
  readonly scheme?: string;
  /** Title of the colour legend (default `value`). */
  readonly colorTitle?: string;
  /** Print each cell's value in it (default: when there are at most 20×20 cells). */
  readonly showValues?: boolean;
  /** Side of one cell in pixels when no width/height is given (default: fit about 400 px). */
  readonly cellSize?: number;
  /**
   * At most this many cells per side (default 200): a larger tensor is shown as means of blocks,
   * so a [784, 128] weight makes a 200×128 picture of a few MB, not 100,000 rectangles.
   */
  readonly maxCells?: number;
}

const axisLabels = (labels: readonly string[] | undefined, count: number, what: string, op: string): string | undefined => {
  if (labels === undefined) return undefined;
  if (labels.length !== count) throw new ArgumentError(`${op}: ${labels.length} ${what} labels for ${count} ${what === 'x' ? 'columns' : 'rows'}`);
  return `${JSON.stringify(labels)}[datum.value]`;
};

/** @internal The heatmap spec of a checked 2-d array. */
export function heatmapSpec(op: string, values: ArrayLike<number>, rows: number, cols: number, options: HeatmapOptions, step: readonly [number, number] = [1, 1]): TopLevelSpec {
  const data: { row: number; col: number; value: number }[] = [];
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = values[r * cols + c] ?? 0;
      min = Math.min(min, value);
      max = Math.max(max, value);
      // Rows and columns keep the original tensor's index of their block's first element.
      data.push({ row: r * step[0], col: c * step[1], value });
    }
  }
  const diverging = options.scheme === undefined && min < 0 && max > 0;
  const scale = diverging ? { scheme: 'redblue', domainMid: 0, reverse: true } : { scheme: options.scheme ?? 'viridis' };
  const cell = options.cellSize ?? Math.max(2, Math.min(40, Math.floor(400 / Math.max(rows, cols))));
  const showValues = options.showValues ?? rows * cols <= 400;
  // Labels index the original tensor; pooled callers (step > 1) have checked their counts already.
  const xLabelExpr = axisLabels(options.xLabels, step[1] === 1 ? cols : (options.xLabels?.length ?? 0), 'x', op);
  const yLabelExpr = axisLabels(options.yLabels, step[0] === 1 ? rows : (options.yLabels?.length ?? 0), 'y', op);
  const axis = (title: string | undefined, labelExpr: string | undefined, count: number, every: number) => ({
    title: title ?? null,
    ...(labelExpr === undefined ? {} : { labelExpr }),
    // Show every label when they fit, else a round-numbered subset.
    ...(count > 30 ? { values: Array.from({ length: Math.ceil(count / 10) }, (_, k) => k * 10 * every) } : {}),
    labelAngle: 0,
    ticks: false,
    domain: false,
  });
  const layers: object[] = [
    {
      mark: { type: 'rect' },
      encoding: {
        color: { field: 'value', type: 'quantitative', title: options.colorTitle ?? (step[0] * step[1] > 1 ? `mean of ${step[0]}×${step[1]}` : 'value'), scale },
        tooltip: [
          { field: 'row', type: 'ordinal' },
          { field: 'col', type: 'ordinal' },
          { field: 'value', type: 'quantitative', format: '.4g' },
        ],
      },
    },
  ];
  if (showValues) {
    const threshold = (min + max) / 2;
    const light = diverging ? `abs(datum.value) > ${0.6 * Math.max(-min, max)}` : `datum.value ${options.scheme === 'greys' || options.scheme === 'blues' ? '>' : '<'} ${threshold}`;
    layers.push({
      mark: { type: 'text', fontSize: Math.min(11, Math.max(7, cell / 3)) },
      encoding: {
        text: { field: 'value', type: 'quantitative', format: Number.isInteger(min) && Number.isInteger(max) && data.every((d) => Number.isInteger(d.value)) ? 'd' : '.2f' },
        color: { condition: { test: light, value: 'white' }, value: 'black' },
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...CONFIG, axis: { ...CONFIG.axis, grid: false } },
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? cols * cell,
    height: options.height ?? rows * cell,
    data: { values: data },
    encoding: {
      x: { field: 'col', type: 'ordinal', axis: { ...axis(options.xTitle, xLabelExpr, cols, step[1]), orient: 'bottom' } },
      y: { field: 'row', type: 'ordinal', axis: axis(options.yTitle, yLabelExpr, rows, step[0]) },
    },
    layer: layers,
  } as TopLevelSpec;
}

/**
 * Heatmap of a 2-d tensor (a weight matrix, an attention map) with a colour scale and axis
 * labels; hover a cell for its value in the browser.
 * @example
 * heatmap(model[0].weight, { title: 'layer 1 weights', xTitle: 'input pixel', yTitle: 'hidden unit' });
 */
export function heatmap(matrix: Values, options: HeatmapOptions = {}): VegaLiteFigure {
  const data = shaped(matrix);
  if (data.shape.length !== 2) {
    throw new ShapeError(`heatmap: expected a 2-d tensor, got shape ${formatShape(data.shape)} (${data.shape.length}-d)\nhint: select or reshape to [rows, columns] first`);
  }
  const [rows = 0, cols = 0] = data.shape;
  if (rows === 0 || cols === 0) throw new ShapeError(`heatmap: nothing to draw in an empty tensor of shape ${formatShape(data.shape)}`);
  checkFinite('heatmap', data);
  axisLabels(options.xLabels, cols, 'x', 'heatmap');
  axisLabels(options.yLabels, rows, 'y', 'heatmap');
  const maxCells = options.maxCells ?? 200;
  const step = [Math.ceil(rows / maxCells), Math.ceil(cols / maxCells)] as const;
  if (step[0] === 1 && step[1] === 1) return new VegaLiteFigure(heatmapSpec('heatmap', data.values, rows, cols, options), { title: options.title ?? 'heatmap' });
  const [outRows, outCols] = [Math.ceil(rows / step[0]), Math.ceil(cols / step[1])];
  const pooled = new Float64Array(outRows * outCols);
  const counts = new Float64Array(outRows * outCols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const at = Math.floor(r / step[0]) * outCols + Math.floor(c / step[1]);
      pooled[at] += data.values[r * cols + c] ?? 0;
      counts[at] += 1;
    }
  }
  for (let i = 0; i < pooled.length; i++) pooled[i] = (pooled[i] ?? 0) / (counts[i] ?? 1);
  return new VegaLiteFigure(heatmapSpec('heatmap', pooled, outRows, outCols, { ...options, showValues: false }, step), { title: options.title ?? 'heatmap' });
}

/**
 * Options of `confusionMatrix`.
 * @example
 * confusionMatrix(predictions, labels, { classNames: ['cat', 'dog'], normalize: true });
 */
export interface ConfusionMatrixOptions extends ChartOptions {
  /** Class names (default '0', '1', ...); their count fixes the number of classes. */
  readonly classNames?: readonly string[];
  /** Number of classes (default: the largest label or prediction + 1). */
  readonly numClasses?: number;
  /** Show each row as fractions of the true class (default false: counts). */
  readonly normalize?: boolean;
}

/**
 * Counts of (true label, predicted class) pairs: `matrix[t * k + p]`, as scikit-learn's `confusion_matrix`.
 * @example
 * confusionCounts([0, 1, 1], [0, 1, 0], 2); // Int32Array [1, 0, 1, 1]
 */
export function confusionCounts(predictions: Values, labels: Values, numClasses?: number): { matrix: Int32Array; numClasses: number } {
  const predicted = shaped(predictions).values;
  const truth = shaped(labels).values;
  if (predicted.length !== truth.length) {
    throw new ShapeError(`confusionMatrix: ${predicted.length} predictions but ${truth.length} labels`);
  }
  let k = numClasses ?? 0;
  for (let i = 0; i < truth.length; i++) {
    for (const [what, value] of [['prediction', predicted[i] ?? 0], ['label', truth[i] ?? 0]] as const) {
      if (!Number.isInteger(value) || value < 0 || (numClasses !== undefined && value >= numClasses)) {
        throw new ArgumentError(`confusionMatrix: ${what} ${value} at index ${i} is not a class index${numClasses === undefined ? '' : ` in 0..${numClasses - 1}`}`);
      }
      if (numClasses === undefined) k = Math.max(k, value + 1);
    }
  }
  const matrix = new Int32Array(k * k);
  for (let i = 0; i < truth.length; i++) matrix[(truth[i] ?? 0) * k + (predicted[i] ?? 0)] += 1;
  return { matrix, numClasses: k };
}

/**
 * Confusion matrix of class predictions against true labels: rows are true classes, columns
 * predicted ones, each cell printed with its count (or row fraction with `normalize`).
 * @example
 * confusionMatrix(argmax(logits, 1), labels, { title: 'digits, test set' });
 */
export function confusionMatrix(predictions: Values, labels: Values, options: ConfusionMatrixOptions = {}): VegaLiteFigure {
  const classes = options.classNames?.length ?? options.numClasses;
  const { matrix, numClasses } = confusionCounts(predictions, labels, classes);
  if (numClasses === 0) throw new ArgumentError('confusionMatrix: no predictions given (empty input)');
  let values: ArrayLike<number> = matrix;
  if (options.normalize === true) {
    const fractions = new Float64Array(matrix.length);
    for (let t = 0; t < numClasses; t++) {
      let total = 0;
      for (let p = 0; p < numClasses; p++) total += matrix[t * numClasses + p] ?? 0;
      for (let p = 0; p < numClasses; p++) fractions[t * numClasses + p] = total === 0 ? 0 : (matrix[t * numClasses + p] ?? 0) / total;
    }
    values = fractions;
  }
  const names = options.classNames ?? Array.from({ length: numClasses }, (_, k) => String(k));
  const spec = heatmapSpec('confusionMatrix', values, numClasses, numClasses, {
    ...options,
    xLabels: names,
    yLabels: names,
    xTitle: 'predicted',
    yTitle: 'true',
    scheme: 'blues',
    colorTitle: options.normalize === true ? 'fraction' : 'count',
    showValues: true,
    cellSize: 32,
  });
  return new VegaLiteFigure(spec, { title: options.title ?? 'confusion matrix' });
}
