import * as nd from '@dl/tensor';
import { DLError, Generator, formatShape, type NDArray } from '@dl/tensor';
import { noGrad } from '../no-grad.js';
import type { Tensor } from '../tensor.js';

/** Tolerances and options of `gradcheck`. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3, as PyTorch). */
  rtol?: number;
  /** Seed of the random output cotangent (default 0). */
  seed?: number;
  /** Throw a GradcheckError on mismatch (default true); otherwise return the result. */
  raiseException?: boolean;
}

/** The outcome of a gradcheck: the worst-matching element, if any was checked. */
export interface GradcheckResult {
  ok: boolean;
  /** Largest |analytic - numeric| - rtol·|numeric| over all elements (≤ atol when ok). */
  worstExcess: number;
  worst: { input: number; index: number[]; analytic: number; numeric: number } | null;
}

/** Raised by `gradcheck` when analytic and numerical gradients disagree. */
export class GradcheckError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.GradcheckError');
}

function elementOffsets(x: NDArray): { offset: number; index: number[] }[] {
  const out: { offset: number; index: number[] }[] = [];
  const index = new Array<number>(x.ndim).fill(0);
  for (let k = 0; k < x.size; k++) {
    out.push({ offset: x.offset + index.reduce((sum, i, d) => sum + i * x.strides[d], 0), index: [...index] });
    for (let d = x.ndim - 1; d >= 0; d--) {
      if (++index[d] < x.shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

/**
 * Compares the gradient of `fn` from backward() with central finite differences in float64,
 * as `torch.autograd.gradcheck`: checks vᵀJ for a random cotangent v against
 * (L(x+eps) - L(x-eps)) / 2eps with L = sum(v · fn(x)), element by element.
 * @example
 * const x = randn([3, 4], { dtype: 'float64', requiresGrad: true });
 * gradcheck((a) => tanh(a), [x]); // throws GradcheckError naming the worst element on mismatch
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 0, raiseException = true } = options;
  for (const [i, x] of inputs.entries()) {
    if (x.requiresGrad && x.dtype !== 'float64') {
      throw new GradcheckError(`gradcheck: input ${i} must be float64 for finite differences, got ${x.dtype}`);
    }
  }
  const output = fn(...inputs);
  const cotangent = nd.randn(output.shape, { dtype: 'float64', generator: new Generator(seed) });
  const loss = (): number => noGrad(() => nd.sum(nd.mul(fn(...inputs).data.astype('float64'), cotangent)).item());

  for (const x of inputs) x.grad = null;
  if (output.requiresGrad) output.backward(cotangent);

  const result: GradcheckResult = { ok: true, worstExcess: -Infinity, worst: null };
  inputs.forEach((x, inputIndex) => {
    if (!x.requiresGrad) return;
    const storage = x.data.data;
    const analytic = x.grad ?? nd.zerosLike(x.data);
    const analyticValues = elementOffsets(analytic);
    elementOffsets(x.data).forEach(({ offset, index }, k) => {
      const original = storage[offset];
      storage[offset] = original + eps;
      const plus = loss();
      storage[offset] = original - eps;
      const minus = loss();
      storage[offset] = original;
      const numeric = (plus - minus) / (2 * eps);
      const a = analytic.data[analyticValues[k].offset];
      const excess = Math.abs(a - numeric) - rtol * Math.abs(numeric);
      if (excess > result.worstExcess || Number.isNaN(excess)) {
        result.worstExcess = Number.isNaN(excess) ? Infinity : excess;
        result.worst = { input: inputIndex, index, analytic: a, numeric };
      }
    });
  });
  result.ok = result.worst === null || result.worstExcess <= atol;
  if (!result.ok && raiseException && result.worst) {
    const { input, index, analytic, numeric } = result.worst;
    throw new GradcheckError(
      `gradcheck: gradient of input ${input} (shape ${formatShape(inputs[input].shape)}) differs at index [${index.join(', ')}]: analytic ${analytic}, numerical ${numeric} (|diff| ${Math.abs(analytic - numeric).toExponential(3)} > atol ${atol} + rtol ${rtol} · |numerical|)`,
    );
  }
  return result;
}
