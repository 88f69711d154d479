import { allocate, DEFAULT_DTYPE, isFloating } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { kernels, type StatisticOp } from '../kernels/registry.js';
import { NDArray } from '../ndarray.js';
import { describe, expectNDArray } from './operand.js';
import { checkFloat, planReduction, type Dims, type ReduceOptions } from './reduce.js';

/** Options of `var` and `std`. */
export interface VarianceOptions extends ReduceOptions {
  /** Subtracted from the element count in the divisor: 1 (Bessel's correction, the default) or 0. */
  correction?: number;
}

/**
 * Mean over all dims, one dim or several; float only, as PyTorch (the mean of nothing is NaN).
 * @example
 * mean(array([[1, 2], [3, 4]]), 1).toArray() // [1.5, 3.5]
 */
export function mean(x: NDArray, dim?: Dims, options: ReduceOptions = {}): NDArray {
  expectNDArray('mean', x);
  checkFloat('mean', x);
  const plan = planReduction('mean', x, dim, options.keepdim);
  // NOTE: sum into float64 and divide before rounding, so a float32 mean is rounded once.
  const sums = new Float64Array(plan.outer * plan.inner);
  kernels().reduce('sum', plan.data, plan.outer, plan.size, plan.inner, sums);
  const out = allocate(x.dtype, sums.length);
  for (let i = 0; i < sums.length; i++) out[i] = sums[i] / plan.size;
  return new NDArray(out, x.dtype, plan.shape);
}

function statistic(op: StatisticOp, name: string, x: NDArray, dim: Dims | undefined, keepdim: boolean | undefined, param: number, root = false): NDArray {
  const plan = planReduction(name, x, dim, keepdim);
  const dtype = isFloating(x.dtype) ? x.dtype : DEFAULT_DTYPE;
  const out = allocate(dtype, plan.outer * plan.inner);
  if (!root) {
    kernels().statistic(op, plan.data, plan.outer, plan.size, plan.inner, out, param);
  } else {
    // NOTE: the square root is taken in float64 before rounding, so std is rounded once.
    const variances = new Float64Array(out.length);
    kernels().statistic(op, plan.data, plan.outer, plan.size, plan.inner, variances, param);
    for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(variances[i]);
  }
  return new NDArray(out, dtype, plan.shape);
}

function checkCorrection(op: string, correction: unknown): number {
  if (typeof correction !== 'number' || !Number.isFinite(correction)) {
    throw new ArgumentError(`${op}: correction must be a finite number, got ${describe(correction)}`);
  }
  return correction;
}

/**
 * Variance over all dims, one dim or several, with Bessel's correction unless `correction` says
 * otherwise; float only. Several dims are reduced together (not one after another).
 * Exported as both `var` (PyTorch's name, a reserved word in JS: use `nd.var(x)` or `x.var()`)
 * and `variance` (for named imports).
 * @example
 * variance(array([1, 2, 3, 4])).item() // 1.6666666
 */
export function variance(x: NDArray, dim?: Dims, options: VarianceOptions = {}): NDArray {
  expectNDArray('variance', x);
  checkFloat('var', x);
  const correction = checkCorrection('var', options.correction ?? 1);
  return statistic('var', 'var', x, dim, options.keepdim, correction);
}

/**
 * Standard deviation (the square root of `var`) over all dims, one dim or several; float only.
 * @example
 * std(array([1, 2, 3, 4]), 0, { correction: 0 }).item() // 1.1180340
 */
export function std(x: NDArray, dim?: Dims, options: VarianceOptions = {}): NDArray {
  expectNDArray('std', x);
  checkFloat('std', x);
  const correction = checkCorrection('std', options.correction ?? 1);
  return statistic('var', 'std', x, dim, options.keepdim, correction, true);
}

/**
 * log Σ exp(x) over all dims, one dim or several, without overflow; int32 and bool give float32.
 * NOTE: computed as max + log Σ exp(x - max): a row of -Infinity gives -Infinity, one holding
 * +Infinity gives +Infinity, and NaN propagates, as torch.logsumexp.
 * @example
 * logsumexp(array([1e4, 1e4]), 0).item() // 10000.693
 */
export function logsumexp(x: NDArray, dim?: Dims, options: ReduceOptions = {}): NDArray {
  expectNDArray('logsumexp', x);
  return statistic('logsumexp', 'logsumexp', x, dim, options.keepdim, 0);
}

/** The order of a norm: a number (including ±Infinity and 0) or 'fro' (the same as 2). */
export type NormOrder = number | 'fro';

/**
 * Vector p-norm over all dims, one dim or several, as torch.norm: p = 2 (the default, also
 * 'fro'), 1, Infinity (max |x|), -Infinity (min |x|), 0 (count of nonzeros) or any other p
 * giving (Σ |x|^p)^(1/p). Float only; the norm of an empty reduction is 0.
 * @example
 * norm(array([3, -4])).item() // 5
 * norm(array([[3, -4], [1, 1]]), 1, 1).toArray() // [7, 2]
 */
export function norm(x: NDArray, p: NormOrder = 2, dim?: Dims, options: ReduceOptions = {}): NDArray {
  expectNDArray('norm', x);
  const order = p === 'fro' ? 2 : p;
  if (typeof order !== 'number' || Number.isNaN(order)) {
    throw new ArgumentError(`norm: p must be a number or 'fro', got ${describe(p)}${(p as unknown) === 'nuc' ? "\nhint: the nuclear norm needs an SVD, which @dl/tensor does not have" : ''}`);
  }
  checkFloat('norm', x);
  return statistic('norm', 'norm', x, dim, options.keepdim, order);
}
