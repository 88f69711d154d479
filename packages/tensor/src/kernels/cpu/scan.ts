import type { Kernels } from '../registry.js';

/**
 * Running sums or products of `[outer, size, inner]` along the middle axis. All `inner` lanes
 * advance together row by row, so memory is read in order whatever the dim.
 */
export const scan: Kernels['scan'] = (op, x, outer, size, inner, out) => {
  // NOTE: partial results stay in float64 (as PyTorch's CPU accumulate type) and are rounded
  // only when stored, so float32 cumsums do not drift with every step.
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(op === 'cumsum' ? 0 : 1);
    for (let s = 0, row = o * size * inner; s < size; s++, row += inner) {
      if (op === 'cumsum') {
        for (let i = 0; i < inner; i++) out[row + i] = acc[i] += x[row + i];
      } else {
        for (let i = 0; i < inner; i++) out[row + i] = acc[i] *= x[row + i];
      }
    }
  }
};
