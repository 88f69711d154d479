import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';

/** What a kernel sees of an array: storage plus the strided view over it. */
export interface StridedView {
  readonly data: TypedArray;
  readonly shape: Shape;
  readonly strides: Shape;
  readonly offset: number;
}

/**
 * True when the view walks its storage densely in row-major order (size-1 dims ignored).
 * @example
 * isContiguousView({ shape: [2, 3], strides: [3, 1], offset: 0, data }) // true
 */
export function isContiguousView(shape: Shape, strides: Shape): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (strides[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}

/**
 * Storage offset of the first element of every innermost row, in row-major order.
 * Kernels loop over these and walk the last dim by its stride, so non-contiguous views
 * cost one extra array of numel/lastDim entries instead of per-element index math.
 * @example
 * rowStarts([2, 3], [1, 2], 0) // [0, 1]  (a transposed 3x2)
 */
export function rowStarts(shape: Shape, strides: Shape, offset: number): Float64Array {
  const ndim = shape.length;
  const outerDims = Math.max(ndim - 1, 0);
  let rows = 1;
  for (let d = 0; d < outerDims; d++) rows *= shape[d];
  const starts = new Float64Array(rows);
  if (rows === 0) return starts;
  const index = new Array<number>(outerDims).fill(0);
  let position = offset;
  for (let r = 0; r < rows; r++) {
    starts[r] = position;
    for (let d = outerDims - 1; d >= 0; d--) {
      index[d]++;
      position += strides[d];
      if (index[d] < shape[d]) break;
      position -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return starts;
}

/**
 * Copies a view's elements in row-major order into `out` (which must hold numel elements).
 * @example
 * gatherInto(transposedView, new Float32Array(6));
 */
export function gatherInto(view: StridedView, out: TypedArray): void {
  const { data, shape, strides, offset } = view;
  if (isContiguousView(shape, strides)) {
    out.set(data.subarray(offset, offset + out.length));
    return;
  }
  const inner = shape.length === 0 ? 1 : shape[shape.length - 1];
  const step = shape.length === 0 ? 0 : strides[shape.length - 1];
  const starts = rowStarts(shape, strides, offset);
  let k = 0;
  for (let r = 0; r < starts.length; r++) {
    let p = starts[r];
    for (let i = 0; i < inner; i++, p += step) out[k++] = data[p];
  }
}

/**
 * Strides that read an array of `shape` (with `strides`) as if broadcast to `target`:
 * stretched and missing dims get stride 0.
 * @example
 * broadcastStrides([3], [1], [2, 3]) // [0, 1]
 */
export function broadcastStrides(shape: Shape, strides: Shape, target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const shift = target.length - shape.length;
  for (let d = 0; d < shape.length; d++) out[d + shift] = shape[d] === 1 ? 0 : strides[d];
  return out;
}

/**
 * Writes row-major `values` into the elements of a view (the inverse of `gatherInto`);
 * in-place ops use it to update non-contiguous arrays.
 * @example
 * scatterFrom(transposedView, new Float32Array([1, 2, 3, 4, 5, 6]));
 */
export function scatterFrom(view: StridedView, values: ArrayLike<number>): void {
  const { data, shape, strides, offset } = view;
  if (isContiguousView(shape, strides)) {
    for (let i = 0; i < values.length; i++) data[offset + i] = values[i];
    return;
  }
  const inner = shape[shape.length - 1];
  const step = strides[shape.length - 1];
  const starts = rowStarts(shape, strides, offset);
  let k = 0;
  for (let r = 0; r < starts.length; r++) {
    let p = starts[r];
    for (let i = 0; i < inner; i++, p += step) data[p] = values[k++];
  }
}
