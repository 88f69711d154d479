import * as nd from '@dl/tensor';
import type { Tensor } from './tensor.js';

/** Options of `zeroGrad`. */
export interface ZeroGradOptions {
  /** Drop the gradients (null) instead of filling them with zeros (default true, as PyTorch 2). */
  setToNone?: boolean;
}

/**
 * Clears the accumulated gradients of `tensors` (dense `.grad` and row-sparse `.sparseGrad`),
 * for loops that manage their own tensors rather than a Module or an Optimizer.
 * @example
 * for (const step of steps) { zeroGrad([w, b]); loss(w, b).backward(); update(w, b); }
 */
export function zeroGrad(tensors: Iterable<Tensor>, options: ZeroGradOptions = {}): void {
  const { setToNone = true } = options;
  for (const t of tensors) {
    t.sparseGrad = null;
    if (setToNone || t.grad === null) t.grad = null;
    else nd.fill_(t.grad, 0);
  }
}
