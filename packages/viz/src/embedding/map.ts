import { ArgumentError, formatShape, ShapeError } from '@dl/tensor';
import type { TopLevelSpec } from 'vega-lite';
import { VegaLiteFigure } from '../figure.js';
import { CONFIG, type ChartOptions } from '../plot/theme.js';
import type { Values } from '../plot/values.js';
import { matrix } from './matrix.js';

/**
 * Options of `embeddingMap`.
 * @example
 * embeddingMap(tsne(vectors), { words, groups: clusters, vectors, highlight: 'king' });
 */
export interface EmbeddingMapOptions extends ChartOptions {
  /** One word (label) per point. */
  readonly words: readonly string[];
  /** A label or cluster per point; points are coloured by it. */
  readonly groups?: readonly (string | number)[];
  /** Title of the colour legend (default `group`). */
  readonly groupTitle?: string;
  /** The original vectors `[n, d]`: neighbours are found there by cosine similarity (default: in the map). */
  readonly vectors?: Values;
  /** A word whose nearest neighbours are highlighted and joined to it by lines. */
  readonly highlight?: string;
  /** How many neighbours to highlight and to show on hover (default 8). */
  readonly neighbours?: number;
  /** At most this many word labels are printed (default: as many as fit without overlapping). */
  readonly maxLabels?: number;
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/**
 * The `k` nearest neighbours of every row of `[n, d]` vectors by cosine similarity, best first
 * (indices, the row itself left out).
 * @example
 * nearestNeighbours(vectors, 5)[0]; // [12, 40, 7, 3, 99]
 */
export function nearestNeighbours(vectors: Values, k: number): number[][] {
  const { data, n, d } = matrix('nearestNeighbours', vectors);
  if (!Number.isInteger(k) || k < 1 || k >= n) throw new ArgumentError(`nearestNeighbours: k must be an integer in 1..${n - 1} for ${n} points, got ${k}`);
  const norms = Array.from({ length: n }, (_, i) => Math.sqrt(data.subarray(i * d, (i + 1) * d).reduce((sum, value) => sum + value * value, 0)) || 1);
  const result: number[][] = [];
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += (data[i * d + t] ?? 0) * (data[j * d + t] ?? 0);
      scores[j] = j === i ? -Infinity : dot / ((norms[i] ?? 1) * (norms[j] ?? 1));
    }
    result.push(Array.from(scores.keys()).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0)).slice(0, k));
  }
  return result;
}

interface PointRow {
  word: string;
  group: string;
  x: number;
  y: number;
  role: 'word' | 'neighbour' | 'other';
  /** Where the word's label goes, or false when it is not printed. */
  label: LabelSide | false;
}

const FONT_SIZE = 10;
const CHAR_WIDTH = FONT_SIZE * 0.62;

type LabelSide = 'right' | 'left' | 'above' | 'below';
const OFFSET = 9;

/** The box a label takes on each side of its point (pixels). */
function labelBox(px: number, py: number, text: string, side: LabelSide): [number, number, number, number] {
  const width = text.length * CHAR_WIDTH;
  const half = FONT_SIZE / 2 + 1;
  if (side === 'right') return [px + OFFSET - 1, py - half, px + OFFSET + width + 1, py + half];
  if (side === 'left') return [px - OFFSET - width - 1, py - half, px - OFFSET + 1, py + half];
  const y = side === 'above' ? py - OFFSET - half : py + OFFSET + half;
  return [px - width / 2 - 1, y - half, px + width / 2 + 1, y + half];
}

/**
 * Greedy label placement: labels in priority order each take the first side (right, then for the
 * chosen word and its neighbours left, above, below) where they overlap no kept label and stay inside the plot.
 */
function placeLabels(rows: PointRow[], order: number[], toPixel: (row: PointRow) => [number, number], size: [number, number], max: number): void {
  // The rings around the chosen word and its neighbours are obstacles too.
  const boxes: [number, number, number, number][] = rows
    .filter((row) => row.role !== 'other')
    .map((row) => {
      const [px, py] = toPixel(row);
      return [px - 7, py - 7, px + 7, py + 7];
    });
  let placed = 0;
  for (const i of order) {
    if (placed >= max) break;
    const row = rows[i];
    const [px, py] = toPixel(row);
    const forced = row.role !== 'other';
    const sides: LabelSide[] = forced ? ['right', 'left', 'above', 'below'] : ['right'];
    const fits = (box: [number, number, number, number]): boolean =>
      box[0] >= -2 && box[2] <= size[0] + 2 && box[1] >= -2 && box[3] <= size[1] + 2 && !boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]);
    const side = sides.find((candidate) => fits(labelBox(px, py, row.word, candidate))) ?? (forced ? 'right' : undefined);
    if (side === undefined) continue;
    boxes.push(labelBox(px, py, row.word, side));
    row.label = side;
    placed++;
  }
}

/**
 * A labelled scatter of 2-d points (a PCA, t-SNE or UMAP map of word vectors): points coloured
 * by group, as many word labels as fit without overlapping, and a chosen word's nearest
 * neighbours ringed and joined to it. In the browser or the HTML page: zoom, pan, and hover a
 * point for its word and neighbours.
 * @example
 * embeddingMap(pca(vectors).points, { words, vectors, highlight: 'paris', title: 'PCA of word vectors' });
 */
export function embeddingMap(points: Values, options: EmbeddingMapOptions): VegaLiteFigure {
  const { data, n, d } = matrix('embeddingMap', points);
  if (d !== 2) throw new ShapeError(`embeddingMap: expected 2-d points [n, 2], got shape ${formatShape([n, d])}\nhint: project first with pca(vectors, 2), tsne(vectors) or umap(vectors)`);
  const { words, groups } = options;
  if (words.length !== n) throw new ShapeError(`embeddingMap: ${words.length} words for ${n} points`);
  if (groups !== undefined && groups.length !== n) throw new ShapeError(`embeddingMap: ${groups.length} groups for ${n} points`);
  const k = Math.min(options.neighbours ?? 8, n - 1);
  const index = new Map(words.map((word, i) => [word, i]));
  const highlighted = options.highlight === undefined ? undefined : index.get(options.highlight);
  if (options.highlight !== undefined && highlighted === undefined) {
    throw new ArgumentError(`embeddingMap: highlight word "${options.highlight}" is not among the ${n} words (${words.slice(0, 5).join(', ')}${n > 5 ? ', ...' : ''})`);
  }
  if (options.vectors !== undefined) {
    const rows = matrix('embeddingMap', options.vectors).n;
    if (rows !== n) throw new ShapeError(`embeddingMap: ${rows} vectors for ${n} points`);
  }
  const neighbours = k >= 1 ? nearestNeighbours(options.vectors ?? points, k) : words.map(() => []);
  const near = new Set(highlighted === undefined ? [] : neighbours[highlighted]);
  const rows: PointRow[] = words.map((word, i) => ({
    word,
    group: groups === undefined ? '' : String(groups[i]),
    x: data[i * 2] ?? 0,
    y: data[i * 2 + 1] ?? 0,
    role: i === highlighted ? 'word' : near.has(i) ? 'neighbour' : 'other',
    label: false,
  }));

  const width = options.width ?? 560;
  const height = options.height ?? 440;
  const extent = (values: number[]): [number, number] => {
    const low = Math.min(...values);
    const high = Math.max(...values);
    const pad = (high - low || 1) * 0.05;
    return [low - pad, high + pad];
  };
  const xDomain = extent(rows.map((row) => row.x));
  const yDomain = extent(rows.map((row) => row.y));
  const toPixel = (row: PointRow): [number, number] => [
    ((row.x - xDomain[0]) / (xDomain[1] - xDomain[0])) * width,
    height - ((row.y - yDomain[0]) / (yDomain[1] - yDomain[0])) * height,
  ];
  const order = [...(highlighted === undefined ? [] : [highlighted]), ...near, ...rows.keys()];
  placeLabels(rows, [...new Set(order)], toPixel, [width, height], options.maxLabels ?? Infinity);

  const x = { field: 'x', type: 'quantitative' as const, title: options.xTitle ?? null, scale: { domain: xDomain, nice: false, zero: false } };
  const y = { field: 'y', type: 'quantitative' as const, title: options.yTitle ?? null, scale: { domain: yDomain, nice: false, zero: false } };
  const dim = highlighted !== undefined;
  const color = groups === undefined ? { value: '#4c78a8' } : { field: 'group', type: 'nominal' as const, title: options.groupTitle ?? 'group' };
  const source = highlighted === undefined ? undefined : rows[highlighted];
  const layers: object[] = [
    ...(source === undefined
      ? []
      : [{
          data: { values: [...near].map((j) => ({ x: source.x, y: source.y, x2: rows[j]?.x ?? 0, y2: rows[j]?.y ?? 0 })) },
          mark: { type: 'rule', color: '#e45756', strokeWidth: 1, opacity: 0.7 },
          encoding: { x, y, x2: { field: 'x2' }, y2: { field: 'y2' } },
        }]),
    {
      params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
      mark: { type: 'circle', size: 45 },
      encoding: {
        x,
        y,
        color,
        opacity: dim ? { condition: { test: "datum.role !== 'other'", value: 1 }, value: 0.45 } : { value: 0.85 },
        tooltip: [{ field: 'word', type: 'nominal' }, ...(groups === undefined ? [] : [{ field: 'group', type: 'nominal', title: options.groupTitle ?? 'group' }])],
      },
    },
    ...(dim
      ? [{
          transform: [{ filter: "datum.role !== 'other'" }],
          mark: { type: 'point', size: 160, strokeWidth: 2, filled: false },
          encoding: { x, y, color: { condition: { test: "datum.role === 'word'", value: '#d62728' }, value: '#222222' } },
        }]
      : []),
    // Vega-Lite has no fontWeight, align or offset channels: one text layer per weight and side.
    ...(['right', 'left', 'above', 'below'] as const).flatMap((side) =>
      [false, true].map((bold) => ({
        transform: [{ filter: `datum.label === '${side}' && ${bold ? "datum.role !== 'other'" : "datum.role === 'other'"}` }],
        mark: {
          type: 'text',
          fontSize: FONT_SIZE,
          fontWeight: bold ? 'bold' : 'normal',
          align: side === 'right' ? 'left' : side === 'left' ? 'right' : 'center',
          baseline: 'middle',
          dx: side === 'right' ? OFFSET : side === 'left' ? -OFFSET : 0,
          dy: side === 'above' ? -OFFSET - FONT_SIZE / 2 : side === 'below' ? OFFSET + FONT_SIZE / 2 : 0,
        },
        encoding: {
          x,
          y,
          text: { field: 'word' },
          color: { condition: { test: "datum.role === 'word'", value: '#d62728' }, value: dim ? '#444444' : '#333333' },
        },
      })),
    ),
  ];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    ...(options.title ? { title: options.title } : {}),
    width,
    height,
    data: { values: rows },
    layer: layers,
  } as TopLevelSpec;
  const hover = Object.fromEntries(words.map((word, i) => [word, (neighbours[i] ?? []).map((j) => words[j] ?? '')]));
  return new VegaLiteFigure(spec, { title: options.title ?? 'embedding map', hover: { field: 'word', neighbours: hover } });
}
