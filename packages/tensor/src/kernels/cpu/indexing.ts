import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';
import type { Kernels } from '../registry.js';
import { isContiguousView, rowStarts, type StridedView } from '../strided.js';

// Indices reaching these kernels are already checked to lie in 0..size-1 (ops/indexing.ts),
// so the loops index storage directly. Every kernel has a tight path for contiguous data
// (the embedding lookup and its gradient) and a strided path that walks innermost rows.

/** Product of `shape[from..to-1]`. */
function product(shape: Shape, from: number, to: number): number {
  let n = 1;
  for (let d = from; d < to; d++) n *= shape[d];
  return n;
}

/**
 * Storage offset of each innermost row of a view read with `shape` (which may differ from the
 * view's own shape at `dim`), with the row's position along `dim` already replaced by
 * `index[position]`. Meaningful when `dim` is not the last dim.
 */
function indexedRowStarts(view: StridedView, shape: Shape, dim: number, index: Int32Array): Float64Array {
  const strides = [...view.strides];
  const strideDim = strides[dim];
  strides[dim] = 0;
  const starts = rowStarts(shape, strides, view.offset);
  const last = shape.length - 1;
  if (dim < last) {
    const rowsPerStep = product(shape, dim + 1, last);
    const n = shape[dim];
    for (let r = 0; r < starts.length; r++) starts[r] += index[Math.floor(r / rowsPerStep) % n] * strideDim;
  }
  return starts;
}

/** `out[..., i, ...] = x[..., index[i], ...]` along `dim`. */
export function indexSelect(x: StridedView, dim: number, index: Int32Array, out: TypedArray): void {
  const { data, shape, strides, offset } = x;
  const n = index.length;
  if (isContiguousView(shape, strides)) {
    const outer = product(shape, 0, dim);
    const size = shape[dim];
    const inner = product(shape, dim + 1, shape.length);
    let k = 0;
    for (let o = 0; o < outer; o++) {
      const base = offset + o * size * inner;
      for (let i = 0; i < n; i++) {
        const from = base + index[i] * inner;
        // NOTE: for rows of 32+ elements (embeddings) a memcpy via set() beats the loop 2-3x.
        if (inner >= 32) {
          out.set(data.subarray(from, from + inner), k);
          k += inner;
        } else {
          for (let j = 0; j < inner; j++) out[k++] = data[from + j];
        }
      }
    }
    return;
  }
  const outShape = [...shape];
  outShape[dim] = n;
  const last = shape.length - 1;
  const starts = indexedRowStarts(x, outShape, dim, index);
  const inner = outShape[last];
  const step = strides[last];
  const strideDim = strides[dim];
  let k = 0;
  for (const p of starts) {
    if (dim === last) for (let j = 0; j < inner; j++) out[k++] = data[p + index[j] * strideDim];
    else for (let j = 0; j < inner; j++) out[k++] = data[p + j * step];
  }
}

/** `target[..., index[i], ...] += alpha * source[..., i, ...]`; repeated indices accumulate. */
export function indexAdd(target: StridedView, dim: number, index: Int32Array, source: StridedView, alpha: number): void {
  const t = target.data;
  const s = source.data;
  const n = index.length;
  if (isContiguousView(target.shape, target.strides) && isContiguousView(source.shape, source.strides)) {
    const outer = product(target.shape, 0, dim);
    const size = target.shape[dim];
    const inner = product(target.shape, dim + 1, target.shape.length);
    for (let o = 0; o < outer; o++) {
      const base = target.offset + o * size * inner;
      for (let i = 0; i < n; i++) {
        const to = base + index[i] * inner;
        const from = source.offset + (o * n + i) * inner;
        if (alpha === 1) for (let j = 0; j < inner; j++) t[to + j] += s[from + j];
        else for (let j = 0; j < inner; j++) t[to + j] += alpha * s[from + j];
      }
    }
    return;
  }
  const shape = source.shape;
  const last = shape.length - 1;
  const targetStarts = indexedRowStarts(target, shape, dim, index);
  const sourceStarts = rowStarts(shape, source.strides, source.offset);
  const inner = shape[last];
  const targetStep = target.strides[last];
  const sourceStep = source.strides[last];
  const strideDim = target.strides[dim];
  for (let r = 0; r < targetStarts.length; r++) {
    const p = targetStarts[r];
    let q = sourceStarts[r];
    for (let j = 0; j < inner; j++, q += sourceStep) {
      t[dim === last ? p + index[j] * strideDim : p + j * targetStep] += alpha * s[q];
    }
  }
}

/** Storage offsets of each innermost row of `view` read with `shape`, with `dim` pinned to 0. */
function pinnedRowStarts(view: StridedView, shape: Shape, dim: number): Float64Array {
  const strides = [...view.strides];
  strides[dim] = 0;
  return rowStarts(shape, strides, view.offset);
}

/** `out[p] = x[p with p[dim] = index[p]]` over `shape` (the index's shape); `index` is contiguous. */
export function gather(x: StridedView, dim: number, index: Int32Array, shape: Shape, out: TypedArray): void {
  const data = x.data;
  const last = shape.length - 1;
  const starts = pinnedRowStarts(x, shape, dim);
  const inner = shape[last];
  const step = dim === last ? 0 : x.strides[last];
  const strideDim = x.strides[dim];
  let k = 0;
  for (const p of starts) {
    for (let j = 0; j < inner; j++, k++) out[k] = data[p + j * step + index[k] * strideDim];
  }
}

function scatterKernel(accumulate: boolean) {
  return (target: StridedView, dim: number, index: Int32Array, src: StridedView): void => {
    const t = target.data;
    const s = src.data;
    const shape = src.shape;
    const last = shape.length - 1;
    const targetStarts = pinnedRowStarts(target, shape, dim);
    const srcStarts = rowStarts(shape, src.strides, src.offset);
    const inner = shape[last];
    const targetStep = dim === last ? 0 : target.strides[last];
    const srcStep = src.strides[last];
    const strideDim = target.strides[dim];
    let k = 0;
    for (let r = 0; r < targetStarts.length; r++) {
      const p = targetStarts[r];
      let q = srcStarts[r];
      if (accumulate) for (let j = 0; j < inner; j++, k++, q += srcStep) t[p + j * targetStep + index[k] * strideDim] += s[q];
      else for (let j = 0; j < inner; j++, k++, q += srcStep) t[p + j * targetStep + index[k] * strideDim] = s[q];
    }
  };
}

/** The cpu indexing kernels, keyed by their registry names. */
export const indexingKernels: Pick<Kernels, 'indexSelect' | 'indexAdd' | 'gather' | 'scatter' | 'scatterAdd'> = {
  indexSelect,
  indexAdd,
  gather,
  scatter: scatterKernel(false),
  scatterAdd: scatterKernel(true),
};
