// The `plot` subcommand's work: a 2-d map of the most frequent words of a vectors file through
// @dl/viz (PCA, t-SNE or UMAP; colours from k-means on the full vectors), written as SVG, PNG
// or a self-contained interactive HTML page.
import type { WordVectors } from '@dl/io';
import * as nd from '@dl/tensor';
import { embeddingMap, kmeans, pca, tsne, umap, type VegaLiteFigure } from '@dl/viz';
import { saveHtml, savePng, saveSvg } from '@dl/viz/node';

/** Projections `plot` offers. */
export type MapMethod = 'pca' | 'tsne' | 'umap';
export const MAP_METHODS: readonly MapMethod[] = ['pca', 'tsne', 'umap'];

/** What `wordMap` draws. */
export interface WordMapOptions {
  /** How many words, taken in file order (most frequent first for files `train` writes). */
  top: number;
  /** Leave out this many words first (the most frequent are mostly function words). */
  skip: number;
  method: MapMethod;
  /** k-means clusters (on the full vectors) that colour the points; 1 gives one colour. */
  clusters: number;
  /** A word whose nearest neighbours are ringed and joined to it. */
  highlight?: string;
  seed: number;
}

/** The words `wordMap` keeps and their vectors `[n, dim]`. */
export function selectWords(vectors: WordVectors, top: number, skip: number): { words: string[]; matrix: nd.NDArray } {
  const available = vectors.words.length - skip;
  if (available < 2) throw new Error(`the file holds ${vectors.words.length} words, too few after --skip ${skip}`);
  const n = Math.min(top, available);
  return { words: vectors.words.slice(skip, skip + n), matrix: nd.contiguous(nd.narrow(vectors.vectors, 0, skip, n)) };
}

/** A labelled 2-d map of the selected words. */
export function wordMap(vectors: WordVectors, options: WordMapOptions): VegaLiteFigure {
  const { words, matrix } = selectWords(vectors, options.top, options.skip);
  if (options.highlight !== undefined && !words.includes(options.highlight)) {
    throw new Error(`--highlight ${JSON.stringify(options.highlight)} is not among the ${words.length} plotted words; raise --top or lower --skip`);
  }
  const n = words.length;
  const points =
    options.method === 'pca' ? pca(matrix, 2).points
    : options.method === 'tsne' ? tsne(matrix, { perplexity: Math.min(30, Math.max(2, Math.floor((n - 1) / 3))) })
    : umap(matrix, { nNeighbors: Math.min(15, n - 1), seed: options.seed });
  const clusters = Math.min(options.clusters, n);
  const groups = clusters > 1 ? Array.from(kmeans(matrix, clusters, { seed: options.seed }).labels, (label) => `cluster ${label + 1}`) : undefined;
  const name = { pca: 'PCA', tsne: 't-SNE', umap: 'UMAP' }[options.method];
  return embeddingMap(points, {
    words, vectors: matrix, groups, groupTitle: 'k-means', highlight: options.highlight,
    title: `${name} of the ${n} most frequent words${options.skip > 0 ? ` after the first ${options.skip}` : ''}`,
    xTitle: `${name} 1`, yTitle: `${name} 2`,
  });
}

/** Writes the map as SVG, PNG or HTML, chosen by the path's extension. */
export async function savePlot(figure: VegaLiteFigure, path: string): Promise<void> {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (extension === 'svg') await saveSvg(figure, path);
  else if (extension === 'png') await savePng(figure, path, { scale: 2 });
  else if (extension === 'html') await saveHtml(figure, path);
  else throw new Error(`cannot tell the format of ${path} (expected .svg, .png or .html)`);
}
