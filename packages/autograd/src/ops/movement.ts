// Differentiable view and joining primitives: forward and backward side by side (STYLE §3).
// Every other view op (view, transpose, squeeze, narrow, select, split, stack...) is a
// composite of these in composite/movement.ts.
import * as nd from '@dl/tensor';
import { isFloating, type DType, type NDArray, type Shape, type SliceOptions } from '@dl/tensor';
import { constantOp, defineOp } from '../define-op.js';
import type { Tensor, TensorLike } from '../tensor.js';

/**
 * A new shape (one size may be -1): a view when the layout allows, else a copy, as `torch.reshape`.
 * @example
 * reshape(x, [2, -1])
 */
export const reshape = defineOp({
  name: 'reshape',
  forward: (x: NDArray, shape: Shape) => nd.reshape(x, shape),
  backward: (dy, { inputs: [x] }) => [nd.reshape(dy, x.shape)],
});

/**
 * Reorders dims (a view); `dims` is a permutation of 0..ndim-1, negatives allowed.
 * @example
 * permute(x, [2, 0, 1])
 */
export const permute = defineOp({
  name: 'permute',
  forward: (x: NDArray, dims: readonly number[]) => nd.permute(x, dims),
  backward: (dy, { inputs: [x], args: [, dims] }) => {
    const inverse = new Array<number>(x.ndim);
    nd.normalizeDims('permute', dims, x.ndim).forEach((d, i) => (inverse[d] = i));
    return [nd.permute(dy, inverse)];
  },
});

/**
 * Broadcasts to a larger shape without copying (-1 keeps a size), as `torch.Tensor.expand`.
 * @example
 * expand(bias, [batch, -1])
 */
export const expand = defineOp({
  name: 'expand',
  forward: (x: NDArray, shape: Shape) => nd.expand(x, shape),
  // NOTE: expand is exactly broadcasting, so the engine's sumToShape reduces dy to x's shape.
  backward: (dy) => [dy],
});

/**
 * `x[start:end:step]` along `dim` (a view), with Python's clamping of out-of-range bounds.
 * @example
 * slice(x, -1, { start: 1, step: 2 })
 */
export const slice = defineOp({
  name: 'slice',
  forward: (x: NDArray, dim: number, options: SliceOptions = {}) => nd.slice(x, dim, options),
  backward: (dy, { inputs: [x], args: [, dim, options = {}] }) => {
    const grad = nd.zeros(x.shape, { dtype: dy.dtype });
    nd.copy_(nd.slice(grad, dim, options), dy);
    return [grad];
  },
});

/**
 * Joins tensors along an existing dim, as `torch.cat`; sizes must match on every other dim.
 * @example
 * cat([a, b], 1)
 */
export const cat = defineOp({
  name: 'cat',
  inputs: 'list',
  forward: (tensors: readonly NDArray[], dim?: number) => nd.cat(tensors, dim),
  backward: (dy, { inputs, args: [, dim = 0] }) => {
    // NOTE: as nd.cat, 1-d empty inputs were skipped: they take no rows of dy.
    const skipped = (a: NDArray): boolean => a.ndim === 1 && a.size === 0;
    const first = inputs.find((a) => !skipped(a));
    if (first === undefined) return inputs.map((a) => nd.zerosLike(a));
    const d = nd.normalizeDim('cat', dim, first.ndim);
    let start = 0;
    return inputs.map((a) => {
      if (skipped(a)) return nd.zerosLike(a);
      const piece = nd.narrow(dy, d, start, a.shape[d]);
      start += a.shape[d];
      return piece;
    });
  },
});

/**
 * A contiguous copy that shares no memory with `x`; gradients pass through unchanged.
 * @example
 * const y = clone(x);
 */
export const clone = defineOp({
  name: 'clone',
  forward: (x: NDArray) => nd.clone(x),
  backward: (dy) => [dy],
});

const castFloat = defineOp({
  name: 'astype',
  forward: (x: NDArray, dtype: DType) => nd.astype(x, dtype),
  // NOTE: the gradient goes back in the input's dtype (float32 -> float64 -> float32), as torch's ToCopyBackward.
  backward: (dy, { inputs: [x] }) => [nd.astype(dy, x.dtype)],
});
const castConstant = constantOp('astype', 1, (x: NDArray, dtype: DType) => nd.astype(x, dtype));

/**
 * The same values as another dtype, as `torch.Tensor.to(dtype)`. Differentiable to float dtypes
 * (the gradient is cast back to the input's dtype); a cast to int32 or bool is a constant.
 * @example
 * astype(x, 'float64'); x.to('float64')
 */
export function astype(x: TensorLike, dtype: DType): Tensor {
  return isFloating(dtype) ? castFloat(x, dtype) : castConstant(x, dtype);
}
