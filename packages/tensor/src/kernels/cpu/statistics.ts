import type { TypedArray } from '../../dtype.js';
import type { Kernels } from '../registry.js';

/**
 * Variance of one strided lane by the corrected two-pass algorithm: the mean first, then the
 * squared deviations, minus (Σd)²/n, which cancels most of the rounding error in the mean.
 */
function variance(x: TypedArray, first: number, size: number, step: number, correction: number): number {
  let sum = 0;
  for (let s = 0, p = first; s < size; s++, p += step) sum += x[p];
  const mean = sum / size;
  let squares = 0;
  let deviations = 0;
  for (let s = 0, p = first; s < size; s++, p += step) {
    const d = x[p] - mean;
    squares += d * d;
    deviations += d;
  }
  // NOTE: divide by max(0, N - correction) as PyTorch: 0/0 gives NaN and c/0 gives Infinity.
  return (squares - (deviations * deviations) / size) / Math.max(0, size - correction);
}

/** log Σ exp(x) of one strided lane, shifted by its max so exp never overflows. */
function logsumexp(x: TypedArray, first: number, size: number, step: number): number {
  let max = -Infinity;
  for (let s = 0, p = first; s < size; s++, p += step) {
    const v = x[p];
    if (v !== v) return NaN;
    if (v > max) max = v;
  }
  // NOTE: an infinite max shifts by 0 instead (as torch.logsumexp), so a row of -Infinity gives
  // log(0) = -Infinity rather than NaN from -Infinity - -Infinity, and +Infinity gives +Infinity.
  const shift = max === Infinity || max === -Infinity ? 0 : max;
  let sum = 0;
  for (let s = 0, p = first; s < size; s++, p += step) sum += Math.exp(x[p] - shift);
  return Math.log(sum) + shift;
}

/** The vector p-norm of one strided lane; each p has its own loop so the hot loop has no branch on p. */
function norm(x: TypedArray, first: number, size: number, step: number, p: number): number {
  // NOTE: an empty lane has norm 0 for every p, as torch.norm (even p = -Infinity or p < 0).
  if (size === 0) return 0;
  let acc = 0;
  if (p === 2) {
    // NOTE: squares accumulate in float64, so float32 inputs cannot overflow before the sqrt.
    for (let s = 0, q = first; s < size; s++, q += step) acc += x[q] * x[q];
    return Math.sqrt(acc);
  }
  if (p === 1) {
    for (let s = 0, q = first; s < size; s++, q += step) acc += Math.abs(x[q]);
    return acc;
  }
  if (p === Infinity || p === -Infinity) {
    acc = Math.abs(x[first]);
    for (let s = 1, q = first + step; s < size; s++, q += step) {
      const a = Math.abs(x[q]);
      if (a !== a) return NaN;
      if (p > 0 ? a > acc : a < acc) acc = a;
    }
    return acc;
  }
  if (p === 0) {
    // NOTE: NaN !== 0, so NaN counts as nonzero, as torch.norm(x, 0).
    for (let s = 0, q = first; s < size; s++, q += step) if (x[q] !== 0) acc++;
    return acc;
  }
  for (let s = 0, q = first; s < size; s++, q += step) acc += Math.abs(x[q]) ** p;
  return acc ** (1 / p);
}

/** Multi-pass float reductions of `[outer, size, inner]` along the middle axis. */
export const statistic: Kernels['statistic'] = (op, x, outer, size, inner, out, param) => {
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      const first = base + i;
      out[o * inner + i] =
        op === 'var'
          ? variance(x, first, size, inner, param)
          : op === 'logsumexp'
            ? logsumexp(x, first, size, inner)
            : norm(x, first, size, inner, param);
    }
  }
};
