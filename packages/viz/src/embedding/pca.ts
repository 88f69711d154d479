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
  // With fewer points than features, the n×n Gram matrix has the same non-zero eigenvalues as
  // the d×d covariance and is cheaper; its eigenvectors u map to axes as Xᵀu / |Xᵀu|.
  const gramSide = n < d;
  const product = gramSide ? matmul(centred, transpose(centred, 0, 1)) : matmul(transpose(centred, 0, 1), centred);
  const m = gramSide ? n : d;
  const { vectors, values } = topEigen(Float64Array.from(product.dataSync(), (v) => v / (n - 1)), m, k);
  let total = 0;
  for (const value of centred.dataSync()) total += (value * value) / (n - 1);
  let components = vectors;
  if (gramSide) {
    const mapped = matmul(fromTypedArray(vectors, [k, n]), centred).dataSync();
    components = new Float64Array(k * d);
    for (let c = 0; c < k; c++) {
      const row = Float64Array.from(mapped.subarray(c * d, (c + 1) * d));
      const norm = euclidean(row) || 1;
      components.set(row.map((value) => value / norm), c * d);
    }
  }
  for (let c = 0; c < k; c++) {
    // scikit-learn's sign rule: the largest loading of each axis is positive.
    const row = components.subarray(c * d, (c + 1) * d);
    let maxAt = 0;
    for (let j = 0; j < d; j++) if (Math.abs(row[j] ?? 0) > Math.abs(row[maxAt] ?? 0)) maxAt = j;
    if ((row[maxAt] ?? 0) < 0) row.set(row.map((value) => -value));
  }
  const variances = values;
  const axes = fromTypedArray(components, [k, d]);
  return {
    points: matmul(centred, transpose(axes, 0, 1)),
    components: axes,
    explainedVariance: variances,
    explainedVarianceRatio: variances.map((value) => (total > 0 ? value / total : 0)),
  };
}

/** Top `k` eigenpairs of a symmetric `[m, m]` matrix by power iteration with deflation (the matrix is consumed). */
function topEigen(matrix: Float64Array, m: number, k: number): { vectors: Float64Array; values: number[] } {
  const vectors = new Float64Array(k * m);
  const values: number[] = [];
  for (let c = 0; c < k; c++) {
    // Start from the row of largest norm: deterministic, and never orthogonal to the top axis by accident.
    let best = 0;
    let bestNorm = -1;
    for (let i = 0; i < m; i++) {
      let norm = 0;
      for (let j = 0; j < m; j++) norm += (matrix[i * m + j] ?? 0) ** 2;
      if (norm > bestNorm) [best, bestNorm] = [i, norm];
    }
    let v = Float64Array.from({ length: m }, (_, j) => (matrix[best * m + j] ?? 0) + 1e-9 * (j + 1));
    let lambda = 0;
    for (let iter = 0; iter < 2000; iter++) {
      const next = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += (matrix[i * m + j] ?? 0) * (v[j] ?? 0);
        next[i] = s;
      }
      const norm = euclidean(next);
      if (norm === 0) break;
      let change = 0;
      for (let i = 0; i < m; i++) {
        next[i] = (next[i] ?? 0) / norm;
        change += Math.abs(Math.abs(next[i] ?? 0) - Math.abs(v[i] ?? 0));
      }
      v = next;
      lambda = norm;
      if (change < 1e-12 * m) break;
    }
    vectors.set(v, c * m);
    values.push(lambda);
    // Deflate: remove the found axis so the next power iteration finds the next one.
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) matrix[i * m + j] = (matrix[i * m + j] ?? 0) - lambda * (v[i] ?? 0) * (v[j] ?? 0);
  }
  return { vectors, values };
}

function euclidean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value * value;
  return Math.sqrt(sum);
}
