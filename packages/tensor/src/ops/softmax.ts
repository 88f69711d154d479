import { allocateEmpty } from '../dtype.js';
import { kernels, type SoftmaxOp } from '../kernels/registry.js';
import { NDArray } from '../ndarray.js';
import { checkFloat, planAlong } from './reduce.js';
import { expectNDArray } from './operand.js';

function normalize(op: SoftmaxOp, x: NDArray, dim: number): NDArray {
  const { data, outer, size, inner } = planAlong(op, x, dim);
  checkFloat(op, x);
  const out = allocateEmpty(x.dtype, x.size); // the kernels write every element
  kernels().softmax(op, data, outer, size, inner, out);
  return new NDArray(out, x.dtype, x.shape);
}

/**
 * exp(x) / Σ exp(x) along `dim` (required; negative counts from the end); float only.
 * NOTE: the max along `dim` is subtracted first, so logits of ±1e4 give finite results that
 * sum to 1. A row of -Infinity, or one holding +Infinity or NaN, gives NaN, as PyTorch.
 * @example
 * softmax(array([[1, 1], [0, Math.log(3)]]), -1).toArray() // [[0.5, 0.5], [0.25, 0.75]]
 */
export function softmax(x: NDArray, dim: number): NDArray {
  expectNDArray('softmax', x);
  return normalize('softmax', x, dim);
}

/**
 * log(softmax(x)) along `dim` (required), computed as (x - max) - log Σ exp(x - max), so
 * differences between logits survive exactly where log(softmax(x)) would give -Infinity.
 * @example
 * logSoftmax(array([1e4, -1e4, 0]), 0).toArray() // [0, -20000, -10000]
 */
export function logSoftmax(x: NDArray, dim: number): NDArray {
  expectNDArray('logSoftmax', x);
  return normalize('logSoftmax', x, dim);
}
