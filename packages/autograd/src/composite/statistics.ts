// Statistics built from primitives (STYLE §3, tier 3): no backward code here.
import * as nd from '@dl/tensor';
import { ArgumentError, type Dims, type NormOrder, type ReduceOptions, type VarianceOptions } from '@dl/tensor';
import type { Tensor, TensorLike } from '../tensor.js';
import { abs, div, mul, pow, sqrt, sub, where } from '../ops/elementwise.js';
import { amax, amin, reducedDims, sum } from '../ops/reduce.js';
import { asFloatTensor } from './operand.js';

function countOf(shape: readonly number[], dims: readonly number[]): number {
  return dims.reduce((n, d) => n * shape[d], 1);
}

/**
 * f(s) with f(0) = 0 and a zero gradient at s = 0, as PyTorch masks the gradients of norm and
 * std there. NOTE: the inner where keeps f away from 0 (where sqrt' is Infinity); the outer one
 * drops that branch, so no Infinity · 0 = NaN reaches the inputs.
 */
function zeroAtZero(s: Tensor, f: (s: Tensor) => Tensor): Tensor {
  const isZero = nd.eq(s.data, 0);
  return where(isZero, 0, f(where(isZero, 1, s)));
}

/**
 * Mean over all dims, one dim or several; float only (the mean of nothing is NaN).
 * @example
 * mean(x, -1, { keepdim: true })
 */
export function mean(x: TensorLike, dim?: Dims, options: ReduceOptions = {}): Tensor {
  const t = asFloatTensor('mean', x);
  const n = countOf(t.shape, reducedDims('mean', t.shape, dim));
  return div(sum(t, dim, options), n);
}

/**
 * Variance over all dims, one dim or several, with Bessel's correction unless `correction`
 * says otherwise. Exported as `var` (PyTorch's name) and `variance`.
 * NOTE: two passes, Σ (x - mean)² / (n - correction), not E[x²] - E[x]², which cancels.
 * @example
 * variance(x, 0, { correction: 0 })
 */
export function variance(x: TensorLike, dim?: Dims, options: VarianceOptions = {}): Tensor {
  return varianceOf('var', x, dim, options);
}

function varianceOf(op: string, x: TensorLike, dim: Dims | undefined, options: VarianceOptions): Tensor {
  const t = asFloatTensor(op, x);
  const correction: unknown = options.correction ?? 1;
  if (typeof correction !== 'number' || !Number.isFinite(correction)) {
    throw new ArgumentError(`${op}: correction must be a finite number, got ${String(correction)}`);
  }
  const n = countOf(t.shape, reducedDims(op, t.shape, dim));
  const centered = sub(t, mean(t, dim, { keepdim: true }));
  // As PyTorch, the divisor is max(0, n - correction): one sample with correction 1 gives NaN.
  return div(sum(mul(centered, centered), dim, { keepdim: options.keepdim }), Math.max(n - correction, 0));
}

/**
 * Standard deviation, the square root of `var`; its gradient is 0 where it is 0, as PyTorch.
 * @example
 * std(x, -1, { keepdim: true })
 */
export function std(x: TensorLike, dim?: Dims, options: VarianceOptions = {}): Tensor {
  return zeroAtZero(varianceOf('std', x, dim, options), sqrt);
}

/**
 * Vector p-norm over all dims, one dim or several, as torch.norm: p = 2 (default, also 'fro'),
 * 1, Infinity, -Infinity, 0 (count of nonzeros, zero gradient) or any other p.
 * At a zero vector the gradient is 0, as PyTorch's (the norm has no derivative there).
 * NOTE: p = 2 squares the values, so |x| above ~1e19 (float32) or ~1e154 (float64) overflows.
 * @example
 * norm(x) // 2-norm of all elements
 * norm(x, 1, -1)
 */
export function norm(x: TensorLike, p: NormOrder = 2, dim?: Dims, options: ReduceOptions = {}): Tensor {
  const order = p === 'fro' ? 2 : p;
  if (typeof order !== 'number' || Number.isNaN(order)) {
    throw new ArgumentError(`norm: p must be a number or 'fro', got ${String(p)}`);
  }
  const t = asFloatTensor('norm', x);
  reducedDims('norm', t.shape, dim);
  const magnitude = abs(t);
  if (order === Infinity) return amax(magnitude, dim, options);
  if (order === -Infinity) return amin(magnitude, dim, options);
  // x · 0 keeps the count in the graph with a zero gradient, as PyTorch's p = 0 norm.
  if (order === 0) return sum(where(nd.ne(t.data, 0), 1, mul(t, 0)), dim, options);
  if (order === 1) return sum(magnitude, dim, options);
  if (order === 2) return zeroAtZero(sum(mul(t, t), dim, options), sqrt);
  // NOTE: |x|^p for 0 < p < 1 has an infinite slope at 0; PyTorch gives such elements 0.
  const powered = order > 0 ? zeroAtZero(magnitude, (m) => pow(m, order)) : pow(magnitude, order);
  return zeroAtZero(sum(powered, dim, options), (s) => pow(s, 1 / order));
}
