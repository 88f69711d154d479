import type { Kernels } from '../registry.js';

/** Reduces `[outer, size, inner]` along the middle axis, one output element at a time. */
export const reduce: Kernels['reduce'] = (op, x, outer, size, inner, out, indices) => {
  if (inner > 1 && (op === 'sum' || op === 'prod')) {
    reduceRows(op, x, outer, size, inner, out);
    return;
  }
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      const first = base + i;
      if (op === 'sum') {
        let acc = 0;
        for (let s = 0, p = first; s < size; s++, p += inner) acc += x[p];
        out[o * inner + i] = acc;
      } else if (op === 'prod') {
        let acc = 1;
        for (let s = 0, p = first; s < size; s++, p += inner) acc *= x[p];
        out[o * inner + i] = acc;
      } else {
        const [best, bestIndex] = op === 'max' ? argMax(x, first, size, inner) : argMin(x, first, size, inner);
        out[o * inner + i] = best;
        if (indices) indices[o * inner + i] = bestIndex;
      }
    }
  }
};

// NOTE: NaN wins, as torch.max: once seen it is kept (and its index reported).
// Separate max and min loops keep the comparison inline (no per-element closure call).
function argMax(x: ArrayLike<number>, first: number, size: number, step: number): [number, number] {
  let best = x[first];
  let bestIndex = 0;
  for (let s = 1, p = first + step; s < size && best === best; s++, p += step) {
    const v = x[p];
    if (v > best || v !== v) {
      best = v;
      bestIndex = s;
    }
  }
  return [best, bestIndex];
}

function argMin(x: ArrayLike<number>, first: number, size: number, step: number): [number, number] {
  let best = x[first];
  let bestIndex = 0;
  for (let s = 1, p = first + step; s < size && best === best; s++, p += step) {
    const v = x[p];
    if (v < best || v !== v) {
      best = v;
      bestIndex = s;
    }
  }
  return [best, bestIndex];
}

/**
 * Sum/prod when the reduced axis is not innermost: add whole contiguous rows into a float64
 * accumulator row, so memory is read in order instead of with a stride of `inner`.
 */
function reduceRows(op: 'sum' | 'prod', x: ArrayLike<number>, outer: number, size: number, inner: number, out: Record<number, number>): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(op === 'sum' ? 0 : 1);
    for (let s = 0, p = o * size * inner; s < size; s++, p += inner) {
      if (op === 'sum') for (let i = 0; i < inner; i++) acc[i] += x[p + i];
      else for (let i = 0; i < inner; i++) acc[i] *= x[p + i];
    }
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i];
  }
}
