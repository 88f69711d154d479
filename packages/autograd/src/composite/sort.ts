// Sorting: the order is a constant (int32 indices, no gradient); the values are a gather of
// the input along it, so gradients flow back through gather's scatterAdd. No backward code here.
import * as nd from '@dl/tensor';
import type { NDArray, SortOptions, TopkOptions } from '@dl/tensor';
import { constantOp } from '../define-op.js';
import { gather } from '../ops/indexing.js';
import type { Tensor, TensorLike } from '../tensor.js';

/** Sorted values (differentiable) and the int32 positions along the dim they came from. */
export interface SortResult {
  values: Tensor;
  indices: Tensor;
}

/**
 * The int32 positions that sort `x` along `dim` (stable; NaN sorts as the largest value),
 * as `torch.argsort`; never requires grad.
 * @example
 * argsort(scores, -1, { descending: true })
 */
export const argsort = constantOp('argsort', 1, nd.argsort);

// Own constantOps, so errors name sort and topk rather than argsort.
const sortIndices = constantOp(
  'sort',
  1,
  (x: NDArray, dim?: number, options?: SortOptions) => nd.sort(x, dim, options).indices,
);
const topkIndices = constantOp(
  'topk',
  1,
  (x: NDArray, k: number, dim?: number, options?: TopkOptions) =>
    nd.topk(x, k, dim, options).indices,
);

/**
 * Sorts along `dim` (stable; NaN sorts as the largest value), as `torch.sort`.
 * @example
 * const { values, indices } = sort(x, -1, { descending: true });
 */
export function sort(x: TensorLike, dim = -1, options: SortOptions = {}): SortResult {
  const indices = sortIndices(x, dim, options);
  return { values: gather(x, dim, indices), indices };
}

/**
 * The `k` largest (or smallest) elements along `dim`, best first, and their positions, as
 * `torch.topk`; among equal values the earliest comes first.
 * @example
 * const { values, indices } = topk(similarities, 10);
 */
export function topk(x: TensorLike, k: number, dim = -1, options: TopkOptions = {}): SortResult {
  const indices = topkIndices(x, k, dim, options);
  return { values: gather(x, dim, indices), indices };
}
