import type { NDArray } from '@dl/tensor';

/**
 * A row-sparse gradient, as PyTorch's sparse COO gradient of `Embedding(sparse=True)`: the
 * gradient is zero except in rows `indices[k]` of the parameter, where it is `values[k]`.
 * Indices may repeat (repeats add up) and need not be sorted. `embedding(..., { sparse: true })`
 * writes one into `weight.sparseGrad`; @dl/optim's SGD, Adagrad and SparseAdam read it.
 * @example
 * const grad: RowSparseGrad = { indices: nd.array([4, 1, 4], { dtype: 'int32' }), values: nd.ones([3, 8]) };
 */
export interface RowSparseGrad {
  /** Row numbers into the parameter's first dim: int32, shape [nnz]. */
  readonly indices: NDArray;
  /** One gradient row per index: shape [nnz, ...param.shape.slice(1)], the parameter's dtype. */
  readonly values: NDArray;
}
