// Differentiable indexing primitives: forward and backward side by side (STYLE §3).
// Index and mask arguments are constants: they never receive a gradient.
import * as nd from '@dl/tensor';
import { ArgumentError, NDArray, type IndexAddOptions } from '@dl/tensor';
import { defineOp, toNDArray } from '../define-op.js';
import { Tensor, type TensorLike } from '../tensor.js';

/** An int32 index or a bool mask: a Tensor or an NDArray, never differentiated. */
export type IndexLike = Tensor | NDArray;

/** @internal The NDArray behind an index or mask argument. */
export function indexData(op: string, what: string, value: IndexLike): NDArray {
  if (Tensor.isTensor(value)) return value.data;
  if (NDArray.isNDArray(value)) return value;
  const got: unknown = value;
  throw new ArgumentError(
    `${op}: ${what} must be a Tensor or an NDArray, got ${got === null ? 'null' : typeof got}`,
  );
}

/**
 * `grad` (shaped like the index) zero-padded up to `shape`: scatter-style ops read only the
 * leading `index.shape` block of a larger `src`, so the rest of it gets zero gradient.
 */
function padTo(grad: NDArray, shape: readonly number[]): NDArray {
  if (grad.ndim !== shape.length || nd.shapesEqual(grad.shape, shape)) return grad;
  const padded = nd.zeros(shape, { dtype: grad.dtype });
  const block = grad.shape.reduce((view, size, d) => nd.narrow(view, d, 0, size), padded);
  nd.copy_(block, grad);
  return padded;
}

/**
 * The slices `index[i]` along `dim` (index 0-d or 1-d int32), as `torch.index_select`;
 * the gradient sums over repeated indices (the embedding lookup).
 * @example
 * indexSelect(weight, 0, tokens)
 */
export const indexSelect = defineOp({
  name: 'indexSelect',
  forward: (x: NDArray, dim: number, index: IndexLike) =>
    nd.indexSelect(x, dim, indexData('indexSelect', 'index', index)),
  backward: (dy, { inputs: [x], args: [, dim, index] }) => [
    nd.indexAdd_(
      nd.zeros(x.shape, { dtype: dy.dtype }),
      dim,
      indexData('indexSelect', 'index', index),
      dy,
    ),
  ],
});

/**
 * `out[i][j] = x[index[i][j]][j]` for dim 0 (likewise for other dims), as `torch.gather`.
 * @example
 * gather(logProbs, 1, targets.unsqueeze(1))
 */
export const gather = defineOp({
  name: 'gather',
  forward: (x: NDArray, dim: number, index: IndexLike) =>
    nd.gather(x, dim, indexData('gather', 'index', index)),
  backward: (dy, { inputs: [x], args: [, dim, index] }) => [
    nd.scatterAdd_(
      nd.zeros(x.shape, { dtype: dy.dtype }),
      dim,
      indexData('gather', 'index', index),
      dy,
    ),
  ],
});

// The scatter-style primitives take their two tensor operands first (defineOp differentiates
// leading operands); the exported functions keep PyTorch's argument order.

const scatterOp = defineOp({
  name: 'scatter',
  inputs: 2,
  forward: (x: NDArray, src: NDArray, dim: number, index: NDArray) =>
    nd.scatter(x, dim, index, src),
  // Overwritten positions of x get no gradient; each src element gets the gradient where it
  // landed (with repeated indices PyTorch also gives every duplicate that gradient).
  backward: (dy, { inputs: [, src], args: [, , dim, index], needsGrad }) => [
    needsGrad[0] ? nd.scatter(dy, dim, index, 0) : null,
    needsGrad[1] ? padTo(nd.gather(dy, dim, index), src.shape) : null,
  ],
});

/**
 * A copy of `x` with `src` (or a scalar) written at `index` along `dim`, as `torch.scatter`;
 * differentiable in `x` and `src`. With repeated indices the last write wins.
 * @example
 * scatter(zeros([2, 2]), 1, index, src)
 */
export function scatter(x: TensorLike, dim: number, index: IndexLike, src: TensorLike): Tensor {
  const idx = indexData('scatter', 'index', index);
  if (typeof src === 'number' || typeof src === 'boolean') {
    // A stride-0 block of x's dtype: no copy, and the store converts the value as PyTorch does.
    const { dtype } = toNDArray('scatter', x, undefined);
    return scatterOp(x, nd.expand(nd.full([], Number(src), { dtype }), idx.shape), dim, idx);
  }
  return scatterOp(x, src, dim, idx);
}

const scatterAddOp = defineOp({
  name: 'scatterAdd',
  inputs: 2,
  forward: (x: NDArray, src: NDArray, dim: number, index: NDArray) =>
    nd.scatterAdd(x, dim, index, src),
  backward: (dy, { inputs: [, src], args: [, , dim, index], needsGrad }) => [
    needsGrad[0] ? dy : null,
    needsGrad[1] ? padTo(nd.gather(dy, dim, index), src.shape) : null,
  ],
});

/**
 * A copy of `x` with `src` summed in at `index` along `dim` (repeated indices accumulate),
 * as `torch.scatter_add`; differentiable in `x` and `src`.
 * @example
 * scatterAdd(zeros([3]), 0, index, values)
 */
export function scatterAdd(x: TensorLike, dim: number, index: IndexLike, src: TensorLike): Tensor {
  return scatterAddOp(x, src, dim, indexData('scatterAdd', 'index', index));
}

const indexAddOp = defineOp({
  name: 'indexAdd',
  inputs: 2,
  forward: (
    x: NDArray,
    source: NDArray,
    dim: number,
    index: NDArray,
    options: IndexAddOptions = {},
  ) => nd.indexAdd(x, dim, index, source, options),
  backward: (dy, { args: [, , dim, index, options = {}], needsGrad }) => {
    const alpha = options.alpha ?? 1;
    const picked = needsGrad[1] ? nd.indexSelect(dy, dim, index) : null;
    return [needsGrad[0] ? dy : null, picked && alpha !== 1 ? nd.mul(picked, alpha) : picked];
  },
});

/**
 * A copy of `x` with `alpha * source` summed into the slices `index` along `dim`, as
 * `torch.index_add`; differentiable in `x` and `source`.
 * @example
 * indexAdd(x, 0, index, rows, { alpha: 0.5 })
 */
export function indexAdd(
  x: TensorLike,
  dim: number,
  index: IndexLike,
  source: TensorLike,
  options: IndexAddOptions = {},
): Tensor {
  return indexAddOp(x, source, dim, indexData('indexAdd', 'index', index), options);
}

/**
 * Elements of `x` read as 1-d at `index` (negatives count from the end), shaped like `index`,
 * as `torch.take`; repeated indices accumulate gradient.
 * @example
 * take(x, index)
 */
export const take = defineOp({
  name: 'take',
  forward: (x: NDArray, index: IndexLike) => nd.take(x, indexData('take', 'index', index)),
  backward: (dy, { inputs: [x], args: [, index] }) => {
    const flatIndex = nd.reshape(indexData('take', 'index', index), [-1]);
    const wrapped = nd.where(nd.lt(flatIndex, 0), nd.add(flatIndex, x.size), flatIndex);
    const grad = nd.indexAdd_(
      nd.zeros([x.size], { dtype: dy.dtype }),
      0,
      wrapped,
      nd.reshape(dy, [-1]),
    );
    return [nd.reshape(grad, x.shape)];
  },
});
