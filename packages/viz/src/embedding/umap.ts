import { ArgumentError, fromTypedArray, Generator, type NDArray } from '@dl/tensor';
import { UMAP } from 'umap-js';
import type { Values } from '../plot/values.js';
import { matrix } from './matrix.js';

/**
 * Options of `umap` (umap-js's names and defaults).
 * @example
 * umap(vectors, { nNeighbors: 10, minDist: 0.05, seed: 3 });
 */
export interface UMAPOptions {
  /** Output dimensions (default 2). */
  readonly nComponents?: number;
  /** Size of the local neighbourhood (default 15; below the number of points). */
  readonly nNeighbors?: number;
  /** How tightly points may pack (default 0.1). */
  readonly minDist?: number;
  /** Optimisation epochs (default: umap-js's choice by size). */
  readonly nEpochs?: number;
  /** Seed of @dl/tensor's generator that drives umap-js (default 0): same seed, same map. */
  readonly seed?: number;
}

/**
 * UMAP projection through `umap-js` (the maintained JavaScript port of McInnes' UMAP), made
 * reproducible by feeding it @dl/tensor's seeded generator instead of `Math.random`.
 * @example
 * const points = umap(wordVectors, { nNeighbors: 10 }); points.shape // [n, 2]
 */
export function umap(input: Values, options: UMAPOptions = {}): NDArray {
  const { data, n, d } = matrix('umap', input, 3);
  const nNeighbors = options.nNeighbors ?? Math.min(15, n - 1);
  if (!Number.isInteger(nNeighbors) || nNeighbors < 2 || nNeighbors >= n) throw new ArgumentError(`umap: nNeighbors must be an integer in 2..${n - 1} for ${n} points, got ${nNeighbors}`);
  const dims = options.nComponents ?? 2;
  const generator = new Generator(options.seed ?? 0);
  const model = new UMAP({
    nComponents: dims,
    nNeighbors,
    minDist: options.minDist ?? 0.1,
    ...(options.nEpochs === undefined ? {} : { nEpochs: options.nEpochs }),
    random: () => generator.uniform(),
  });
  const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
  const embedding = model.fit(rows);
  return fromTypedArray(Float64Array.from(embedding.flat()), [n, dims]);
}
