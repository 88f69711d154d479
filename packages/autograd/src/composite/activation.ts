// Activations and small element-wise helpers built from primitives (STYLE §3, tier 3): no
// backward code here. Each NOTE says why a formula is written the way it is.
import type { Tensor, TensorLike } from '../tensor.js';
import { abs, add, div, erf, exp, expm1, log1p, maximum, mul, neg, sqrt, tanh, where } from '../ops/elementwise.js';
import * as nd from '@dl/tensor';
import { asTensor } from './operand.js';

/** x · x. @example square(x) */
export const square = (x: TensorLike): Tensor => mul(x, x);

/** 1 / x. @example reciprocal(x) */
export const reciprocal = (x: TensorLike): Tensor => div(1, x);

/** 1 / √x. @example rsqrt(variance) */
export const rsqrt = (x: TensorLike): Tensor => reciprocal(sqrt(x));

/**
 * log(1 + eˣ), stable for any x.
 * NOTE: written as max(x, 0) + log1p(e^-|x|), which never overflows. maximum (not relu) splits
 * its gradient evenly at x = 0, so the slope there is ½ + 0 = sigmoid(0), as PyTorch's.
 * @example
 * softplus(x)
 */
export const softplus = (x: TensorLike): Tensor => add(maximum(x, 0), log1p(exp(neg(abs(x)))));

/**
 * log(sigmoid(x)), stable for any x.
 * NOTE: logSigmoid uses -softplus(-x) to avoid log(0) where sigmoid(x) rounds to 0.
 * @example
 * logSigmoid(scores) // word2vec's log σ(u·v)
 */
export const logSigmoid = (x: TensorLike): Tensor => neg(softplus(neg(x)));

/** Options of `gelu`. */
export interface GeluOptions {
  /** 'none' (default): the exact erf form; 'tanh': the tanh approximation, as PyTorch's. */
  approximate?: 'none' | 'tanh';
}

/**
 * Gaussian error linear unit x · Φ(x), exact (erf) by default, as torch.nn.functional.gelu.
 * @example
 * gelu(x)
 * gelu(x, { approximate: 'tanh' })
 */
export function gelu(x: TensorLike, options: GeluOptions = {}): Tensor {
  if (options.approximate === 'tanh') {
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  }
  return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
}

/**
 * x where x > 0, else alpha · (eˣ - 1); the slope at 0 is alpha, as PyTorch's.
 * NOTE: the negative branch sees min(x, 0) through a where, so a large x cannot overflow eˣ
 * in the branch that is not taken (Infinity · 0 would make the gradient NaN).
 * @example
 * elu(x)
 */
export function elu(x: TensorLike, alpha = 1): Tensor {
  const positive = nd.gt(asTensor('elu', x).data, 0);
  return where(positive, x, mul(expm1(where(positive, 0, x)), alpha));
}
