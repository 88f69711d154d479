import { ArgumentError, Generator } from '@dl/tensor';
import type { Values } from '../plot/values.js';
import { matrix } from './matrix.js';

/**
 * Options of `kmeans`.
 * @example
 * kmeans(vectors, 8, { seed: 1, maxIter: 100 });
 */
export interface KMeansOptions {
  /** Seed of the k-means++ start (default 0). */
  readonly seed?: number;
  /** Lloyd iterations at most (default 100). */
  readonly maxIter?: number;
}

/** What `kmeans` returns. */
export interface KMeansResult {
  /** The cluster of each point, 0..k-1. */
  readonly labels: Int32Array;
  /** Cluster centres, row-major `[k, d]`. */
  readonly centres: Float64Array;
  /** Sum of squared distances of points to their centre. */
  readonly inertia: number;
}

/**
 * k-means (k-means++ start, Lloyd iterations), seeded: clusters to colour an `embeddingMap` by
 * when the points have no labels of their own.
 * @example
 * const { labels } = kmeans(wordVectors, 6);
 * embeddingMap(tsne(wordVectors), { words, groups: Array.from(labels) });
 */
export function kmeans(input: Values, k: number, options: KMeansOptions = {}): KMeansResult {
  const { data, n, d } = matrix('kmeans', input);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new ArgumentError(`kmeans: k must be an integer in 1..${n} (the number of points), got ${k}`);
  const generator = new Generator(options.seed ?? 0);
  const distance = (i: number, centres: Float64Array, c: number): number => {
    let sum = 0;
    for (let t = 0; t < d; t++) sum += ((data[i * d + t] ?? 0) - (centres[c * d + t] ?? 0)) ** 2;
    return sum;
  };
  const centres = new Float64Array(k * d);
  const first = generator.integer(0, n);
  centres.set(data.subarray(first * d, (first + 1) * d));
  // k-means++: each next centre is drawn with probability proportional to the squared distance to the nearest one so far.
  const nearest = Float64Array.from({ length: n }, (_, i) => distance(i, centres, 0));
  for (let c = 1; c < k; c++) {
    const total = nearest.reduce((a, b) => a + b, 0);
    let target = generator.uniform() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      target -= nearest[i] ?? 0;
      if (target < 0) {
        pick = i;
        break;
      }
    }
    centres.set(data.subarray(pick * d, (pick + 1) * d), c * d);
    for (let i = 0; i < n; i++) nearest[i] = Math.min(nearest[i] ?? 0, distance(i, centres, c));
  }
  const labels = new Int32Array(n);
  let inertia = 0;
  for (let iter = 0; iter < (options.maxIter ?? 100); iter++) {
    let moved = false;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const dist = distance(i, centres, c);
        if (dist < bestDistance) [best, bestDistance] = [c, dist];
      }
      if (labels[i] !== best) moved = true;
      labels[i] = best;
      inertia += bestDistance;
    }
    if (!moved && iter > 0) break;
    const sums = new Float64Array(k * d);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = labels[i] ?? 0;
      counts[c] += 1;
      for (let t = 0; t < d; t++) sums[c * d + t] += data[i * d + t] ?? 0;
    }
    // An empty cluster keeps its centre rather than becoming NaN.
    for (let c = 0; c < k; c++) if ((counts[c] ?? 0) > 0) for (let t = 0; t < d; t++) centres[c * d + t] = (sums[c * d + t] ?? 0) / (counts[c] ?? 1);
  }
  return { labels, centres, inertia };
}
