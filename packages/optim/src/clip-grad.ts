import { ArgumentError, DLError, abs, amax, clamp_, mul_, norm, type NDArray } from '@dl/tensor';
import { Tensor, adoptSparseGrad } from '@dl/autograd';
import { show } from './hyperparameters.js';
import { coalesceSparseGrad, sparseGradOf } from './sparse-grad.js';

/**
 * Options of `clipGradNorm_`.
 * @example
 * clipGradNorm_(params, 1.0, { normType: Infinity, errorIfNonfinite: true });
 */
export interface ClipGradNormOptions {
  /** The p of the p-norm: a positive number or Infinity (max |g|) (default 2). */
  normType?: number;
  /** Throw when the total norm is NaN or infinite instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

/**
 * The gradients of `params` to clip: dense grads, and the values of row-sparse ones (coalesced
 * first, so a repeated row counts once in the norm).
 */
function gradientsOf(op: string, params: Iterable<Tensor> | Tensor): NDArray[] {
  const list = Tensor.isTensor(params) ? [params] : [...params];
  const grads: NDArray[] = [];
  list.forEach((param, i) => {
    if (!Tensor.isTensor(param)) throw new ArgumentError(`${op}: expected Tensors, but parameter ${i} is ${show(param)}`);
    if (param.grad !== null) grads.push(param.grad);
    const sparse = sparseGradOf(param);
    if (sparse !== null) {
      const coalesced = coalesceSparseGrad(sparse);
      // A new coalesced gradient is the parameter's own, with the lifetime backward gives one.
      if (coalesced !== sparse) adoptSparseGrad(param, coalesced);
      grads.push(coalesced.values);
    }
  });
  return grads;
}

/**
 * Scales the gradients of `params` in place so that their total p-norm (all gradients taken as
 * one vector) is at most `maxNorm`, as `torch.nn.utils.clip_grad_norm_`; returns the total norm
 * before clipping.
 * @example
 * loss.backward();
 * const total = clipGradNorm_(model.parameters(), 1.0); // or { normType: Infinity }
 * optimizer.step();
 */
export function clipGradNorm_(params: Iterable<Tensor> | Tensor, maxNorm: number, options: ClipGradNormOptions = {}): number {
  const { normType = 2, errorIfNonfinite = false } = options;
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm)) throw new ArgumentError(`clipGradNorm_: maxNorm must be a number, got ${show(maxNorm)}`);
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new ArgumentError(`clipGradNorm_: normType must be a positive number or Infinity, got ${show(normType)}`);
  }
  const grads = gradientsOf('clipGradNorm_', params);
  if (grads.length === 0) return 0;
  // Per-gradient norms in the gradients' dtype (as PyTorch), combined in float64.
  const norms = grads.map((g) => (g.size === 0 ? 0 : normType === Infinity ? amax(abs(g)).item() : norm(g, normType).item()));
  const total = normType === Infinity ? Math.max(...norms) : norms.reduce((sum, n) => sum + n ** normType, 0) ** (1 / normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new DLError(
      `clipGradNorm_: the total norm of order ${normType} of the gradients is non-finite (${total}), so it cannot be clipped\nhint: pass { errorIfNonfinite: false } to scale the gradients by it anyway`,
    );
  }
  // NOTE: 1e-6 keeps the coefficient finite for an all-zero gradient, as PyTorch.
  const coefficient = maxNorm / (total + 1e-6);
  if (coefficient < 1 || Number.isNaN(coefficient)) for (const g of grads) mul_(g, coefficient);
  return total;
}

/**
 * Clamps every gradient of `params` into [-clipValue, clipValue] in place, as
 * `torch.nn.utils.clip_grad_value_`.
 * @example
 * loss.backward(); clipGradValue_(model.parameters(), 0.5); optimizer.step();
 */
export function clipGradValue_(params: Iterable<Tensor> | Tensor, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) throw new ArgumentError(`clipGradValue_: clipValue must be a number >= 0, got ${show(clipValue)}`);
  for (const g of gradientsOf('clipGradValue_', params)) clamp_(g, { min: -clipValue, max: clipValue });
}
