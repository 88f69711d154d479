// Differentiable reductions: forward and backward side by side (STYLE §3).
// A reduction's gradient is its output gradient put back in the reduced dims (size 1) and
// expanded to the input's shape: the result may be a stride-0 view, which later rules accept.
import * as nd from '@dl/tensor';
import { ArgumentError, type Dims, type NDArray, type ReduceOptions } from '@dl/tensor';
import { defineOp } from '../define-op.js';

/**
 * @internal The dims a reduction runs over, normalized and ascending (all dims when omitted).
 * Throws the op's IndexError for a dim out of range, as the NDArray reductions do.
 */
export function reducedDims(op: string, shape: readonly number[], dim: Dims | undefined): number[] {
  if (dim === undefined) return shape.map((_, d) => d);
  // Callers from JS may pass the options object where the dim belongs.
  const given: unknown = dim;
  if (typeof given !== 'number' && !Array.isArray(given)) {
    throw new ArgumentError(
      `${op}: dim must be an integer or an array of integers, got ${given === null ? 'null' : typeof given}\nhint: to reduce all dims with options, pass undefined: ${op}(x, undefined, { keepdim: true })`,
    );
  }
  const dims = typeof dim === 'number' ? [nd.normalizeDim(op, dim, shape.length)] : nd.normalizeDims(op, dim, shape.length);
  // A 0-d array accepts dim 0 / -1 but has no dim to reduce.
  return shape.length === 0 ? [] : dims.sort((a, b) => a - b);
}

/** A reduced array (with or without keepdim) viewed with its reduced dims as size 1. */
function keepdimView(reduced: NDArray, shape: readonly number[], dim: Dims | undefined): NDArray {
  const dims = reducedDims('keepdimView', shape, dim);
  return nd.reshape(reduced, shape.map((s, d) => (dims.includes(d) ? 1 : s)));
}

/** A reduced array broadcast back to the input's `shape`, as every reduction's backward needs. */
function expandReduced(reduced: NDArray, shape: readonly number[], dim: Dims | undefined): NDArray {
  return nd.expand(keepdimView(reduced, shape, dim), shape);
}

/**
 * Sum over all dims, one dim or several (negative dims count from the end).
 * @example
 * sum(x) // 0-d
 * sum(x, [0, -1], { keepdim: true })
 */
export const sum = defineOp({
  name: 'sum',
  forward: (x: NDArray, dim?: Dims, options: ReduceOptions = {}) => nd.sum(x, dim, options),
  backward: (dy, { inputs: [x], args: [, dim] }) => [expandReduced(dy, x.shape, dim)],
});

/**
 * Product over all dims, one dim or several.
 * @example
 * prod(x, 1)
 */
export const prod = defineOp({
  name: 'prod',
  forward: (x: NDArray, dim?: Dims, options: ReduceOptions = {}) => nd.prod(x, dim, options),
  backward: (dy, { inputs: [x], args: [, dim] }) => {
    // NOTE: out / x is NaN where x = 0, so zeros are counted per slice, as PyTorch's prod_backward:
    // no zero: out / x; one zero: the product of the others at the zero, 0 elsewhere; more: 0.
    const isZero = nd.eq(x, 0);
    const zeroCount = nd.sum(isZero, dim, { keepdim: true });
    const nonzeros = nd.where(isZero, 1, x);
    const others = nd.prod(nonzeros, dim, { keepdim: true });
    const local = nd.where(
      nd.eq(zeroCount, 0),
      nd.div(others, nonzeros),
      nd.where(nd.logicalAnd(nd.eq(zeroCount, 1), isZero), others, 0),
    );
    return [nd.mul(expandReduced(dy, x.shape, dim), local)];
  },
});

function flip(x: NDArray, dim: number): NDArray {
  const n = x.shape[dim];
  return nd.indexSelect(x, dim, nd.arange(n - 1, -1, -1, { dtype: 'int32' }));
}

/**
 * Running sum along `dim` (required), keeping the shape.
 * @example
 * cumsum(x, -1)
 */
export const cumsum = defineOp({
  name: 'cumsum',
  forward: (x: NDArray, dim: number) => nd.cumsum(x, dim),
  backward: (dy, { inputs: [x], args: [, dim] }) => {
    if (x.ndim === 0) return [dy];
    // Each input feeds every later output, so its gradient is the reverse running sum of dy.
    // NOTE: flipped with indexSelect rather than total - cumsum(dy) + dy, which cancels.
    const d = nd.normalizeDim('cumsum', dim, x.ndim);
    return [flip(nd.cumsum(flip(dy, d), d), d)];
  },
});

/**
 * log Σ exp(x) over all dims, one dim or several, without overflow; a fused primitive.
 * @example
 * logsumexp(logits, -1)
 */
export const logsumexp = defineOp({
  name: 'logsumexp',
  forward: (x: NDArray, dim?: Dims, options: ReduceOptions = {}) => nd.logsumexp(x, dim, options),
  // d/dx log Σ exp(x) = softmax(x) = exp(x - out), finite for any logits. A slice of only
  // -Infinity gives NaN, as PyTorch's logsumexp_backward.
  backward: (dy, { inputs: [x], out, args: [, dim] }) => [
    nd.mul(expandReduced(dy, x.shape, dim), nd.exp(nd.sub(x, keepdimView(out, x.shape, dim)))),
  ],
});

/** amax and amin share one rule: the gradient is split evenly among the elements equal to the result. */
function extremumBackward(dy: NDArray, x: NDArray, out: NDArray, dim: Dims | undefined): NDArray[] {
  const value = keepdimView(out, x.shape, dim);
  // NOTE: a NaN result selects the NaN elements (as PyTorch's evenly_distribute_backward for
  // max()); torch.amax would give NaN to every element instead.
  const selected = nd.logicalOr(nd.eq(x, value), nd.logicalAnd(nd.isNaN(x), nd.isNaN(value)));
  const count = nd.sum(selected, dim, { keepdim: true });
  return [nd.where(selected, nd.div(keepdimView(dy, x.shape, dim), count), 0)];
}

/**
 * Largest value over all dims, one dim or several; the gradient is split evenly among ties.
 * @example
 * amax(x, -1, { keepdim: true })
 */
export const amax = defineOp({
  name: 'amax',
  forward: (x: NDArray, dim?: Dims, options: ReduceOptions = {}) => nd.amax(x, dim, options),
  backward: (dy, { inputs: [x], out, args: [, dim] }) => extremumBackward(dy, x, out, dim),
});

/**
 * Smallest value over all dims, one dim or several; the gradient is split evenly among ties.
 * @example
 * amin(x, 0)
 */
export const amin = defineOp({
  name: 'amin',
  forward: (x: NDArray, dim?: Dims, options: ReduceOptions = {}) => nd.amin(x, dim, options),
  backward: (dy, { inputs: [x], out, args: [, dim] }) => extremumBackward(dy, x, out, dim),
});
