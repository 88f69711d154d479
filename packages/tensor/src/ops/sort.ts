import { allocate, type TypedArray } from '../dtype.js';
import { IndexError } from '../errors.js';
import { NDArray } from '../ndarray.js';
import { normalizeDim, type Shape } from '../shape.js';
import { contiguous, reshape, transpose } from './movement.js';
import { expectNDArray } from './operand.js';

/** Options of `sort` and `argsort`. */
export interface SortOptions {
  /** Largest first; equal elements still keep their original order. */
  descending?: boolean;
  /** Accepted for PyTorch parity: the sort is always stable. */
  stable?: boolean;
}

/** Options of `topk`. */
export interface TopkOptions {
  /** The k largest (default) or the k smallest. */
  largest?: boolean;
  /** Accepted for PyTorch parity: the result is always sorted (best first). */
  sorted?: boolean;
}

/** Sorted values and the positions along the sorted dim they came from (int32). */
export interface SortResult {
  values: NDArray;
  indices: NDArray;
}

type Compare = (i: number, j: number) => number;

/**
 * A total order on positions of `row()`: by value with NaN as the largest value (as PyTorch),
 * then by position, so every sort is stable and topk keeps the earliest of equal elements.
 */
function comparator(row: () => TypedArray, descending: boolean): Compare {
  const sign = descending ? -1 : 1;
  return (i, j) => {
    const v = row();
    const a = v[i];
    const b = v[j];
    if (a < b) return -sign;
    if (a > b) return sign;
    const aNaN = a !== a;
    if (aNaN !== (b !== b)) return aNaN ? sign : -sign;
    return i - j;
  };
}

/** The first `k` positions of `0..n-1` under `compare`, best first, into `best`. */
function selectBest(n: number, k: number, compare: Compare, best: Int32Array): void {
  if (k * 16 > n) {
    // Large k: a full sort is as cheap as selection.
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort(compare);
    best.set(order.subarray(0, k));
    return;
  }
  // Small k (nearest neighbours over a vocabulary): insertion into a sorted buffer of k;
  // most candidates lose to the current k-th best with a single comparison.
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (count === k && (k === 0 || compare(i, best[k - 1]) > 0)) continue;
    let p = count < k ? count++ : k - 1;
    while (p > 0 && compare(i, best[p - 1]) < 0) {
      best[p] = best[p - 1];
      p--;
    }
    best[p] = i;
  }
}

/** Runs `selectBest` on every 1-d row of `x` along `dim` and lays the results back out. */
function selectAlong(op: string, x: NDArray, dim: number, k: number | null, descending: boolean): SortResult {
  const d = normalizeDim(op, dim, x.ndim);
  const x1 = x.ndim === 0 ? reshape(x, [1]) : x;
  const moved = transpose(x1, d, -1);
  const last = moved.ndim - 1;
  const n = moved.shape[last];
  const count = k ?? n;
  if (count > n || count < 0 || !Number.isInteger(count)) {
    throw new IndexError(`${op}: k (${count}) is out of range for dim ${d} with size ${n} (expected 0..${n})`);
  }
  const outShape: Shape = [...moved.shape.slice(0, last), count];
  const rows = moved.shape.slice(0, last).reduce((a, b) => a * b, 1);
  const values = allocate(x.dtype, rows * count);
  const indices = new Int32Array(rows * count);
  if (values.length > 0) {
    const data = moved.dataSync();
    let row = data.subarray(0, n);
    const compare = comparator(() => row, descending);
    const best = new Int32Array(count);
    for (let r = 0; r < rows; r++) {
      row = data.subarray(r * n, (r + 1) * n);
      selectBest(n, count, compare, best);
      const base = r * count;
      for (let j = 0; j < count; j++) {
        indices[base + j] = best[j];
        values[base + j] = row[best[j]];
      }
    }
  }
  const layOut = (out: NDArray): NDArray => {
    const back = contiguous(transpose(out, d, -1));
    return x.ndim === 0 ? reshape(back, []) : back;
  };
  return {
    values: layOut(new NDArray(values, x.dtype, outShape)),
    indices: layOut(new NDArray(indices, 'int32', outShape)),
  };
}

/**
 * Sorts along `dim` (stable; NaN sorts as the largest value), as `torch.sort`.
 * @example
 * sort(array([3, NaN, 1])) // { values: [1, 3, NaN], indices: [2, 0, 1] }
 */
export function sort(x: NDArray, dim = -1, options: SortOptions = {}): SortResult {
  expectNDArray('sort', x);
  return selectAlong('sort', x, dim, null, options.descending ?? false);
}

/**
 * The int32 positions that sort `x` along `dim`, as `torch.argsort`.
 * @example
 * argsort(array([3, 1, 2]), -1, { descending: true }) // [0, 2, 1]
 */
export function argsort(x: NDArray, dim = -1, options: SortOptions = {}): NDArray {
  expectNDArray('argsort', x);
  return selectAlong('argsort', x, dim, null, options.descending ?? false).indices;
}

/**
 * The `k` largest (or smallest) elements along `dim`, best first, and their positions, as
 * `torch.topk`; among equal values the earliest comes first, and NaN counts as the largest.
 * @example
 * topk(array([1, 5, 3, 4]), 2) // { values: [5, 4], indices: [1, 3] }
 */
export function topk(x: NDArray, k: number, dim = -1, options: TopkOptions = {}): SortResult {
  expectNDArray('topk', x);
  return selectAlong('topk', x, dim, k, options.largest ?? true);
}
