import type { TypedArray } from '../../dtype.js';
import type { Kernels } from '../registry.js';

/**
 * Softmax of contiguous rows (the reduced dim is the last one): max, then Σ exp(x - max), then
 * one write per element.
 * NOTE: NaN fails `v > max`, but exp(NaN - max) makes the sum and so the whole row NaN, and a row
 * of -Infinity (or one holding +Infinity) gives Infinity - Infinity = NaN: both as PyTorch.
 */
function softmaxRows(log: boolean, x: TypedArray, rows: number, size: number, out: TypedArray): void {
  for (let start = 0, r = 0; r < rows; r++, start += size) {
    const end = start + size;
    let max = -Infinity;
    for (let p = start; p < end; p++) if (x[p] > max) max = x[p];
    let sum = 0;
    if (log) {
      for (let p = start; p < end; p++) sum += Math.exp(x[p] - max);
      // NOTE: (x - max) - log(sum), not x - (max + log(sum)): differences of logits stay exact.
      const logSum = Math.log(sum);
      for (let p = start; p < end; p++) out[p] = x[p] - max - logSum;
    } else {
      for (let p = start; p < end; p++) {
        const e = Math.exp(x[p] - max);
        out[p] = e;
        sum += e;
      }
      for (let p = start; p < end; p++) out[p] /= sum;
    }
  }
}

/**
 * Softmax along a middle axis with `inner` > 1: the `inner` lanes are normalized together, one
 * contiguous row of them at a time, instead of walking each lane with a large stride.
 */
function softmaxLanes(log: boolean, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void {
  const max = new Float64Array(inner);
  const sum = new Float64Array(inner);
  const block = size * inner;
  for (let base = 0, o = 0; o < outer; o++, base += block) {
    const end = base + block;
    max.fill(-Infinity);
    sum.fill(0);
    for (let row = base; row < end; row += inner) {
      for (let i = 0; i < inner; i++) if (x[row + i] > max[i]) max[i] = x[row + i];
    }
    for (let row = base; row < end; row += inner) {
      for (let i = 0; i < inner; i++) {
        const e = Math.exp(x[row + i] - max[i]);
        if (!log) out[row + i] = e;
        sum[i] += e;
      }
    }
    if (log) {
      for (let i = 0; i < inner; i++) sum[i] = Math.log(sum[i]);
      for (let row = base; row < end; row += inner) {
        for (let i = 0; i < inner; i++) out[row + i] = x[row + i] - max[i] - sum[i];
      }
    } else {
      for (let row = base; row < end; row += inner) {
        for (let i = 0; i < inner; i++) out[row + i] /= sum[i];
      }
    }
  }
}

/** Softmax or logSoftmax of `[outer, size, inner]` along the middle axis. */
export const softmax: Kernels['softmax'] = (op, x, outer, size, inner, out) => {
  if (inner === 1) softmaxRows(op === 'logSoftmax', x, outer, size, out);
  else softmaxLanes(op === 'logSoftmax', x, outer, size, inner, out);
};
