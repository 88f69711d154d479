import type { TypedArray } from '../../dtype.js';
import type { Kernels } from '../registry.js';

// Whole optimizer updates in one pass over contiguous float arrays of equal length. Every
// intermediate is rounded to the storage dtype exactly where the composed ops (mul, add, sqrt,
// div over arrays of that dtype) round it, so a fused step gives the bits of the composed one.
// The constants arrive already rounded to the dtype (ops/optimizer.ts). float32 and float64
// get a loop each: a rounding function passed in would make every call site polymorphic.

/**
 * `hyper` of sgdStep: lr, momentum, 1 - dampening, weight decay, nesterov (0/1), maximize
 * (0/1), first step with momentum (0/1: the buffer is set to the direction, as PyTorch's clone).
 */
export type SgdHyper = readonly [number, number, number, number, number, number, number];

/**
 * `hyper` of adamStep: -lr / biasCorrection1, beta1, 1 - beta1, beta2, 1 - beta2,
 * sqrt(biasCorrection2), eps, weight decay (L2 term; 0 for none), decoupled decay factor
 * 1 - lr * weightDecay (1 for none), maximize (0/1).
 */
export type AdamHyper = readonly [number, number, number, number, number, number, number, number, number, number];

const sgdStep: Kernels['sgdStep'] = (param, grad, buffer, hyper) => {
  if (param instanceof Float32Array) sgdF32(param, grad as Float32Array, buffer as Float32Array | undefined, hyper);
  else sgdF64(param, grad, buffer, hyper);
};

function sgdF32(p: Float32Array, g: Float32Array, buf: Float32Array | undefined, hyper: readonly number[]): void {
  const [lr, momentum, keep, decay, nesterov, maximize, first] = hyper;
  const n = p.length;
  if (!buf && decay === 0) {
    // Plain SGD (the common case) without the per-element branches: 2x faster. fround(-g * lr)
    // is -fround(g * lr), so maximize only flips the sign of lr.
    const scale = maximize ? -lr : lr;
    for (let i = 0; i < n; i++) p[i] = p[i] - Math.fround(g[i] * scale);
    return;
  }
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i] : g[i];
    if (decay !== 0) d = Math.fround(d + Math.fround(p[i] * decay));
    if (buf) {
      const b = first ? d : Math.fround(Math.fround(buf[i] * momentum) + Math.fround(d * keep));
      buf[i] = b;
      d = nesterov ? Math.fround(d + Math.fround(b * momentum)) : b;
    }
    p[i] = p[i] - Math.fround(d * lr);
  }
}

function sgdF64(p: TypedArray, g: TypedArray, buf: TypedArray | undefined, hyper: readonly number[]): void {
  const [lr, momentum, keep, decay, nesterov, maximize, first] = hyper;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i] : g[i];
    if (decay !== 0) d += p[i] * decay;
    if (buf) {
      const b = first ? d : buf[i] * momentum + d * keep;
      buf[i] = b;
      d = nesterov ? d + b * momentum : b;
    }
    p[i] = p[i] - d * lr;
  }
}

const adamStep: Kernels['adamStep'] = (param, grad, expAvg, expAvgSq, maxExpAvgSq, hyper) => {
  if (param instanceof Float32Array) adamF32(param, grad as Float32Array, expAvg as Float32Array, expAvgSq as Float32Array, maxExpAvgSq as Float32Array | undefined, hyper);
  else adamF64(param, grad, expAvg, expAvgSq, maxExpAvgSq, hyper);
};

function adamF32(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, vmax: Float32Array | undefined, hyper: readonly number[]): void {
  const [scale, beta1, keep1, beta2, keep2, correction2, eps, decay, shrink, maximize] = hyper;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let x = g[i];
    if (maximize) x = -x;
    let w = p[i];
    if (shrink !== 1) w = Math.fround(w * shrink);
    if (decay !== 0) x = Math.fround(x + Math.fround(w * decay));
    const mi = Math.fround(Math.fround(m[i] * beta1) + Math.fround(x * keep1));
    let vi = Math.fround(Math.fround(v[i] * beta2) + Math.fround(Math.fround(x * keep2) * x));
    m[i] = mi;
    v[i] = vi;
    // NOTE: Math.max would turn a NaN second moment into NaN too; maximum_ propagates NaN the same way.
    if (vmax) vi = vmax[i] = Math.max(vmax[i], vi);
    const denominator = Math.fround(Math.fround(Math.fround(Math.sqrt(vi)) / correction2) + eps);
    p[i] = w + Math.fround(Math.fround(mi * scale) / denominator);
  }
}

function adamF64(p: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, vmax: TypedArray | undefined, hyper: readonly number[]): void {
  const [scale, beta1, keep1, beta2, keep2, correction2, eps, decay, shrink, maximize] = hyper;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let x = g[i];
    if (maximize) x = -x;
    let w = p[i];
    if (shrink !== 1) w *= shrink;
    if (decay !== 0) x += w * decay;
    const mi = m[i] * beta1 + x * keep1;
    let vi = v[i] * beta2 + x * keep2 * x;
    m[i] = mi;
    v[i] = vi;
    if (vmax) vi = vmax[i] = Math.max(vmax[i], vi);
    p[i] = w + (mi * scale) / (Math.sqrt(vi) / correction2 + eps);
  }
}

/** The optimizer kernels of the cpu backend. */
export const optimizerKernels: Pick<Kernels, 'sgdStep' | 'adamStep'> = { sgdStep, adamStep };
