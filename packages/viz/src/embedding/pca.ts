import { ArgumentError, fromTypedArray, matmul, mean, sub, transpose, type NDArray } from '@dl/tensor';
import type { Values } from '../plot/values.js';
import { matrix } from './matrix.js';

/** What `pca` returns. */
export interface PCAResult {
  /** The points in the new coordinates, `[n, k]` float64. */
  readonly points: NDArray;
  /** The principal axes, `[k, d]`, unit length, by decreasing variance. */
  readonly components: NDArray;
  /** Variance along each axis. */
  readonly explainedVariance: readonly number[];
  /** Share of the total variance along each axis. */
  readonly explainedVarianceRatio: readonly number[];
}

/**
 * Principal component analysis with @dl/tensor: centres the points, forms the `[d, d]`
 * covariance with `matmul` and takes its top `k` eigenvectors by power iteration with deflation.
 * Signs are fixed as scikit-learn does (largest loading positive), so results are deterministic.
 * @example
 * const { points, explainedVarianceRatio } = pca(wordVectors, 2); points.shape // [n, 2]
 */
export function pca(input: Values, k = 2): PCAResult {
  const { data, n, d } = matrix('pca', input, 2);
  if (!Number.isInteger(k) || k < 1 || k > d) throw new ArgumentError(`pca: k must be an integer in 1..${d} (the number of features), got ${k}`);
  const x = fromTypedArray(data, [n, d]);
  const centred = sub(x, mean(x, 0, { keepdim: true }));
  const covariance = Float64Array.from(matmul(transpose(centred, 0, 1), centred).dataSync(), (v) => v / (n - 1));
  let total = 0;
  for (let i = 0; i < d; i++) total += covariance[i * d + i] ?? 0;
  const components = new Float64Array(k * d);
  const variances: number[] = [];
  for (let c = 0; c < k; c++) {
    // Start from the covariance row of largest norm: deterministic, and never orthogonal to the top axis by accident.
    let best = 0;
    let bestNorm = -1;
    for (let i = 0; i < d; i++) {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += (covariance[i * d + j] ?? 0) ** 2;
      if (norm > bestNorm) [best, bestNorm] = [i, norm];
    }
    let v = Float64Array.from({ length: d }, (_, j) => (covariance[best * d + j] ?? 0) + 1e-9 * (j + 1));
    let lambda = 0;
    for (let iter = 0; iter < 1000; iter++) {
      const next = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (covariance[i * d + j] ?? 0) * (v[j] ?? 0);
        next[i] = s;
      }
      const norm = Math.hypot(...next);
      if (norm === 0) break;
      for (let i = 0; i < d; i++) next[i] = (next[i] ?? 0) / norm;
      let change = 0;
      for (let i = 0; i < d; i++) change += Math.abs(Math.abs(next[i] ?? 0) - Math.abs(v[i] ?? 0));
      v = next;
      lambda = norm;
      if (change < 1e-12 * d) break;
    }
    let maxAt = 0;
    for (let j = 0; j < d; j++) if (Math.abs(v[j] ?? 0) > Math.abs(v[maxAt] ?? 0)) maxAt = j;
    if ((v[maxAt] ?? 0) < 0) v = v.map((value) => -value);
    components.set(v, c * d);
    variances.push(lambda);
    // Deflate: remove the found axis so the next power iteration finds the next one.
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) covariance[i * d + j] = (covariance[i * d + j] ?? 0) - lambda * (v[i] ?? 0) * (v[j] ?? 0);
  }
  const axes = fromTypedArray(components, [k, d]);
  return {
    points: matmul(centred, transpose(axes, 0, 1)),
    components: axes,
    explainedVariance: variances,
    explainedVarianceRatio: variances.map((value) => (total > 0 ? value / total : 0)),
  };
}
