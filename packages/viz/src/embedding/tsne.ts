import { ArgumentError, fromTypedArray, Generator, matmul, transpose, type NDArray } from '@dl/tensor';
import type { Values } from '../plot/values.js';
import { matrix } from './matrix.js';
import { pca } from './pca.js';

/**
 * Options of `tsne`, named and defaulted as scikit-learn's `TSNE`.
 * @example
 * tsne(vectors, { perplexity: 15, maxIter: 500, seed: 1 });
 */
export interface TSNEOptions {
  /** Output dimensions (default 2). */
  readonly nComponents?: number;
  /** Effective number of neighbours (default 30; must be below the number of points). */
  readonly perplexity?: number;
  /** Gradient steps (default 1000). */
  readonly maxIter?: number;
  /** Step size (default scikit-learn's 'auto': max(n / 48, 50)). */
  readonly learningRate?: number;
  /** Attraction multiplier for the first 250 steps (default 12). */
  readonly earlyExaggeration?: number;
  /** Start from the scaled PCA layout (default, deterministic) or from small seeded noise. */
  readonly init?: 'pca' | 'random';
  /** Seed of the random start (default 0). */
  readonly seed?: number;
}

/** Conditional affinities P(j|i) matching the perplexity (binary search on the precision per row). */
function affinities(distances: Float64Array, n: number, perplexity: number): Float64Array {
  const p = new Float64Array(n * n);
  const target = Math.log(perplexity);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let beta = 1;
    let low = -Infinity;
    let high = Infinity;
    for (let step = 0; step < 100; step++) {
      let total = 0;
      for (let j = 0; j < n; j++) {
        row[j] = j === i ? 0 : Math.exp(-(distances[i * n + j] ?? 0) * beta);
        total += row[j] ?? 0;
      }
      if (total === 0) total = 1e-300;
      let entropy = 0;
      for (let j = 0; j < n; j++) entropy += (distances[i * n + j] ?? 0) * (row[j] ?? 0);
      entropy = Math.log(total) + (beta * entropy) / total;
      for (let j = 0; j < n; j++) p[i * n + j] = (row[j] ?? 0) / total;
      const gap = entropy - target;
      if (Math.abs(gap) < 1e-5) break;
      if (gap > 0) {
        low = beta;
        beta = high === Infinity ? beta * 2 : (beta + high) / 2;
      } else {
        high = beta;
        beta = low === -Infinity ? beta / 2 : (beta + low) / 2;
      }
    }
  }
  return p;
}

/**
 * t-SNE (exact, O(n²) per step: fine for the few thousand points a labelled map can show), as
 * scikit-learn's: perplexity-calibrated affinities, early exaggeration, momentum with gains,
 * PCA start. Pairwise distances are one `matmul` of @dl/tensor. Deterministic for a seed.
 * @example
 * const points = tsne(wordVectors, { perplexity: 20 }); points.shape // [n, 2]
 */
export function tsne(input: Values, options: TSNEOptions = {}): NDArray {
  const { data, n, d } = matrix('tsne', input, 2);
  const dims = options.nComponents ?? 2;
  const perplexity = options.perplexity ?? 30;
  if (!(perplexity > 0 && perplexity < n)) throw new ArgumentError(`tsne: perplexity must be in (0, ${n}) for ${n} points, got ${perplexity}\nhint: use a perplexity of about n / 4 for small sets`);
  if (!Number.isInteger(dims) || dims < 1 || dims > 3) throw new ArgumentError(`tsne: nComponents must be 1, 2 or 3, got ${dims}`);
  const maxIter = options.maxIter ?? 1000;
  const learningRate = options.learningRate ?? Math.max(n / (options.earlyExaggeration ?? 12) / 4, 50);
  const exaggeration = options.earlyExaggeration ?? 12;

  // Squared distances |x_i|² + |x_j|² - 2 x_i·x_j, the product by matmul.
  const x = fromTypedArray(data, [n, d]);
  const gram = matmul(x, transpose(x, 0, 1)).dataSync();
  const distances = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) distances[i * n + j] = Math.max(0, (gram[i * n + i] ?? 0) + (gram[j * n + j] ?? 0) - 2 * (gram[i * n + j] ?? 0));
  const conditional = affinities(distances, n, perplexity);
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) p[i * n + j] = Math.max(((conditional[i * n + j] ?? 0) + (conditional[j * n + i] ?? 0)) / (2 * n), 1e-12);

  let y: Float64Array;
  if ((options.init ?? 'pca') === 'pca' && d >= dims) {
    y = Float64Array.from(pca(x, dims).points.dataSync());
    // scikit-learn scales the PCA start to a standard deviation of 1e-4 on the first axis.
    let sq = 0;
    for (let i = 0; i < n; i++) sq += (y[i * dims] ?? 0) ** 2;
    const scale = 1e-4 / Math.max(Math.sqrt(sq / n), 1e-12);
    y = y.map((value) => value * scale);
  } else {
    const generator = new Generator(options.seed ?? 0);
    y = Float64Array.from({ length: n * dims }, () => 1e-4 * generator.normal());
  }
  const update = new Float64Array(n * dims);
  const gains = new Float64Array(n * dims).fill(1);
  const q = new Float64Array(n * n);
  const gradient = new Float64Array(n * dims);
  for (let iter = 0; iter < maxIter; iter++) {
    const early = iter < 250;
    const momentum = early ? 0.5 : 0.8;
    const boost = early ? exaggeration : 1;
    let qTotal = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dist = 0;
        for (let k = 0; k < dims; k++) dist += ((y[i * dims + k] ?? 0) - (y[j * dims + k] ?? 0)) ** 2;
        const value = 1 / (1 + dist);
        q[i * n + j] = value;
        q[j * n + i] = value;
        qTotal += 2 * value;
      }
    }
    gradient.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const kernel = q[i * n + j] ?? 0;
        const force = (boost * (p[i * n + j] ?? 0) - kernel / qTotal) * kernel;
        for (let k = 0; k < dims; k++) gradient[i * dims + k] = (gradient[i * dims + k] ?? 0) + 4 * force * ((y[i * dims + k] ?? 0) - (y[j * dims + k] ?? 0));
      }
    }
    for (let t = 0; t < n * dims; t++) {
      const g = gradient[t] ?? 0;
      const u = update[t] ?? 0;
      // Gains grow where the gradient keeps changing sign against the step, shrink otherwise (Jacobs 1988).
      gains[t] = Math.max(0.01, g * u < 0 ? (gains[t] ?? 1) + 0.2 : (gains[t] ?? 1) * 0.8);
      update[t] = momentum * u - learningRate * (gains[t] ?? 1) * g;
      y[t] = (y[t] ?? 0) + (update[t] ?? 0);
    }
  }
  return fromTypedArray(y, [n, dims]);
}
