import { allocate, checkDType, isFloating, type DType, type TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError, IndexError, ShapeError } from '../errors.js';
import { kernels } from '../kernels/registry.js';
import { gatherInto, scatterFrom, type StridedView } from '../kernels/strided.js';
import { NDArray } from '../ndarray.js';
import { broadcastShapes, contiguousStrides, formatShape, normalizeDim, numel, shapesEqual, type Shape } from '../shape.js';
import { bumpVersion } from '../version.js';
import { narrowToInt32 } from './int32.js';
import { ne } from './elementwise.js';
import { astype, clone, reshape } from './movement.js';
import { assignInPlace, broadcastView, describe, expectNDArray } from './operand.js';

/** Options of `indexAdd`. */
export interface IndexAddOptions {
  /** Multiplier of `source`, as PyTorch's `alpha` (an integer for int32 arrays). */
  alpha?: number;
}

/** A value that fills an array: a number, a boolean, or a 0-d NDArray. */
export type FillValue = number | boolean | NDArray;

// A 0-d array indexes as if it had one dim of size 1, as in PyTorch.
const atLeast1d = (x: NDArray): NDArray => (x.ndim === 0 ? reshape(x, [1]) : x);
const shape1d = (x: NDArray): Shape => (x.ndim === 0 ? [1] : x.shape);

/**
 * The index values as contiguous int32, each checked to lie in `0..size-1`; PyTorch rejects
 * negative indices here too (only `take` wraps them).
 */
function readIndex(op: string, index: NDArray, dim: number, size: number): Int32Array {
  const values = index.dataSync() as Int32Array;
  for (const v of values) {
    if (v < 0 || v >= size) throw new IndexError(`${op}: index ${v} is out of bounds for dim ${dim} with size ${size}`);
  }
  return values;
}

function checkVectorIndex(op: string, index: NDArray): void {
  checkDType(op, 'index', index.dtype, ['int32']);
  if (index.ndim > 1) throw new ShapeError(`${op}: index must be 0-d or 1-d, got shape ${formatShape(index.shape)}`);
}

/** Shape of `x` with `dim` resized to `n` (0-d arrays count as `[1]`). */
function withDimSize(x: NDArray, dim: number, n: number): number[] {
  const shape = [...shape1d(x)];
  shape[dim] = n;
  return shape;
}

/** One element of `dtype` holding `value`, converted as PyTorch converts a fill scalar. */
function scalarStorage(op: string, dtype: DType, value: FillValue): TypedArray {
  let v: number;
  if (NDArray.isNDArray(value)) {
    if (value.ndim !== 0) throw new ShapeError(`${op}: value must be a 0-d array, got shape ${formatShape(value.shape)}`);
    v = value.item();
  } else if (typeof value === 'boolean' || typeof value === 'number') {
    v = Number(value);
  } else {
    throw new ArgumentError(`${op}: value must be a number, a boolean or a 0-d array, got ${describe(value)}`);
  }
  if (dtype === 'int32' && !(Number.isFinite(v) && v >= -(2 ** 31) && v < 2 ** 31)) {
    throw new ArgumentError(`${op}: value ${v} cannot be converted to int32 without overflow`);
  }
  const data = allocate(dtype, 1);
  // NOTE: bool(x) is x != 0 (NaN is true); an Int32Array store truncates 2.7 to 2, as PyTorch.
  data[0] = dtype === 'bool' ? Number(v !== 0) : v;
  return data;
}

/**
 * Picks the slices `index[i]` along `dim`, as `torch.index_select`; `index` is 0-d or 1-d int32.
 * @example
 * indexSelect(array([[1, 2], [3, 4], [5, 6]]), 0, array([2, 0], { dtype: 'int32' })) // [[5, 6], [1, 2]]
 */
export function indexSelect(x: NDArray, dim: number, index: NDArray): NDArray {
  expectNDArray('indexSelect', x);
  checkVectorIndex('indexSelect', index);
  const d = normalizeDim('indexSelect', dim, x.ndim);
  const idx = readIndex('indexSelect', index, d, shape1d(x)[d]);
  const shape = x.ndim === 0 && index.ndim === 0 ? [] : withDimSize(x, d, idx.length);
  const out = allocate(x.dtype, numel(shape));
  if (out.length > 0) kernels().indexSelect(atLeast1d(x), d, idx, out);
  return new NDArray(out, x.dtype, shape);
}

/** Throws unless `index` is no larger than `other` at every dim (but `except`). */
function checkNotLarger(op: string, index: Shape, other: Shape, otherName: string, except?: number): void {
  for (let k = 0; k < index.length; k++) {
    if (k !== except && index[k] > other[k]) {
      const where = except === undefined ? '' : ` except at dim ${except}`;
      throw new ShapeError(
        `${op}: index ${formatShape(index)} must not be larger than ${otherName} ${formatShape(other)}${where} (${index[k]} > ${other[k]} at dim ${k})`,
      );
    }
  }
}

function checkSameNDim(op: string, index: NDArray, other: NDArray, otherName: string): void {
  if (Math.max(index.ndim, 1) !== Math.max(other.ndim, 1)) {
    throw new ShapeError(
      `${op}: index must have as many dims as ${otherName} (got index ${formatShape(index.shape)} and ${otherName} ${formatShape(other.shape)})`,
    );
  }
}

/**
 * `out[i][j] = x[index[i][j]][j]` for dim 0 (and likewise for other dims), as `torch.gather`.
 * @example
 * gather(array([[1, 2], [3, 4]]), 1, array([[1], [0]], { dtype: 'int32' })) // [[2], [3]]
 */
export function gather(x: NDArray, dim: number, index: NDArray): NDArray {
  expectNDArray('gather', x);
  checkDType('gather', 'index', index.dtype, ['int32']);
  const d = normalizeDim('gather', dim, x.ndim);
  checkSameNDim('gather', index, x, 'input');
  checkNotLarger('gather', shape1d(index), shape1d(x), 'input', d);
  const idx = readIndex('gather', index, d, shape1d(x)[d]);
  const out = allocate(x.dtype, index.size);
  if (out.length > 0) kernels().gather(atLeast1d(x), d, idx, shape1d(index), out);
  return new NDArray(out, x.dtype, index.shape);
}

/** Validates scatter-style arguments and returns the index values and `src` read over the index's shape. */
function scatterArgs(op: string, x: NDArray, dim: number, index: NDArray, src: FillValue): { d: number; idx: Int32Array; source: StridedView } {
  checkDType(op, 'index', index.dtype, ['int32']);
  const d = normalizeDim(op, dim, x.ndim);
  checkSameNDim(op, index, x, 'input');
  const shape = shape1d(index);
  let source: StridedView;
  if (NDArray.isNDArray(src)) {
    checkSameNDim(op, index, src, 'src');
    checkNotLarger(op, shape, shape1d(src), 'src');
    if (src.dtype !== x.dtype) throw new DTypeError(`${op}: src dtype ${src.dtype} must match input dtype ${x.dtype}`);
    const view = atLeast1d(src);
    source = { data: view.data, shape, strides: view.strides, offset: view.offset };
  } else {
    source = { data: scalarStorage(op, x.dtype, src), shape, strides: shape.map(() => 0), offset: 0 };
  }
  checkNotLarger(op, shape, shape1d(x), 'input', d);
  return { d, idx: readIndex(op, index, d, shape1d(x)[d]), source };
}

/**
 * Writes `src[i][j]` (or a scalar) to `x[index[i][j]][j]` for dim 0, in place, as `Tensor.scatter_`.
 * With repeated indices the last write wins.
 * @example
 * scatter_(zeros([3]), 0, array([0, 2], { dtype: 'int32' }), 1) // [1, 0, 1]
 */
export function scatter_(x: NDArray, dim: number, index: NDArray, src: FillValue): NDArray {
  expectNDArray('scatter_', x);
  const { d, idx, source } = scatterArgs('scatter_', x, dim, index, src);
  if (idx.length > 0) kernels().scatter(atLeast1d(x), d, idx, source);
  bumpVersion(x, 'scatter_');
  return x;
}

/**
 * A copy of `x` with `src` (or a scalar) written at `index` along `dim`, as `torch.scatter`.
 * @example
 * scatter(zeros([2, 2]), 1, array([[1], [0]], { dtype: 'int32' }), 5) // [[0, 5], [5, 0]]
 */
export function scatter(x: NDArray, dim: number, index: NDArray, src: FillValue): NDArray {
  expectNDArray('scatter', x);
  const { d, idx, source } = scatterArgs('scatter', x, dim, index, src);
  const out = clone(x);
  if (idx.length > 0) kernels().scatter(atLeast1d(out), d, idx, source);
  return out;
}

/**
 * Adds in float64 and writes back only if every sum fits int32: repeated indices must not wrap
 * (on overflow the target is left unchanged and a DTypeError names the sum).
 */
function accumulateInt32(op: string, target: NDArray, run: (exact: NDArray) => void): void {
  const exact = astype(target, 'float64', { copy: true });
  run(exact);
  scatterFrom(target, narrowToInt32(op, exact.data as Float64Array));
}

/** Adds in int32 and writes back `sum != 0`: bool accumulation is a logical or, as PyTorch's. */
function accumulateBool(target: NDArray, run: (counts: NDArray) => void): void {
  const counts = astype(target, 'int32', { copy: true });
  run(counts);
  scatterFrom(target, ne(counts, 0).data);
}

function scatterAddInto(op: string, x: NDArray, dim: number, index: NDArray, src: NDArray, target: () => NDArray): NDArray {
  if (!NDArray.isNDArray(src)) throw new ArgumentError(`${op}: src must be an NDArray, got ${describe(src)}`);
  const { d, idx, source } = scatterArgs(op, x, dim, index, src);
  const out = target();
  if (idx.length === 0) return out;
  if (out.dtype === 'int32') {
    accumulateInt32(op, out, (exact) => { kernels().scatterAdd(atLeast1d(exact), d, idx, source); });
  } else if (out.dtype !== 'bool') kernels().scatterAdd(atLeast1d(out), d, idx, source);
  else {
    accumulateBool(out, (counts) => {
      kernels().scatterAdd(atLeast1d(counts), d, idx, { ...source, data: Int32Array.from(source.data) });
    });
  }
  return out;
}

/**
 * Adds `src[i][j]` into `x[index[i][j]][j]` for dim 0, in place; repeated indices accumulate.
 * @example
 * scatterAdd_(zeros([2]), 0, array([1, 1], { dtype: 'int32' }), array([1, 2])) // [0, 3]
 */
export function scatterAdd_(x: NDArray, dim: number, index: NDArray, src: NDArray): NDArray {
  expectNDArray('scatterAdd_', x);
  const out = scatterAddInto('scatterAdd_', x, dim, index, src, () => x);
  bumpVersion(x, 'scatterAdd_');
  return out;
}

/**
 * A copy of `x` with `src` summed in at `index` along `dim`, as `torch.scatter_add`.
 * @example
 * scatterAdd(zeros([2]), 0, array([1, 1], { dtype: 'int32' }), array([1, 2])) // [0, 3]
 */
export function scatterAdd(x: NDArray, dim: number, index: NDArray, src: NDArray): NDArray {
  expectNDArray('scatterAdd', x);
  return scatterAddInto('scatterAdd', x, dim, index, src, () => clone(x));
}

function indexAddInto(op: string, x: NDArray, dim: number, index: NDArray, source: NDArray, alpha: number, target: () => NDArray): NDArray {
  checkVectorIndex(op, index);
  const d = normalizeDim(op, dim, x.ndim);
  if (!NDArray.isNDArray(source)) throw new ArgumentError(`${op}: source must be an NDArray, got ${describe(source)}`);
  if (source.dtype !== x.dtype) throw new DTypeError(`${op}: source dtype ${source.dtype} must match input dtype ${x.dtype}`);
  const expected = withDimSize(x, d, index.size);
  if (!shapesEqual(shape1d(source), expected)) {
    throw new ShapeError(
      `${op}: source shape ${formatShape(source.shape)} doesn't match ${formatShape(expected)} (input ${formatShape(x.shape)} with dim ${d} of size ${index.size}, the number of indices)`,
    );
  }
  if (!isFloating(x.dtype) && !Number.isInteger(alpha)) {
    throw new ArgumentError(`${op}: alpha must be an integer for ${x.dtype} arrays, got ${alpha}`);
  }
  const idx = readIndex(op, index, d, shape1d(x)[d]);
  const out = target();
  if (idx.length === 0 || source.size === 0) return out;
  const from = atLeast1d(source);
  if (out.dtype === 'int32') {
    accumulateInt32(op, out, (exact) => { kernels().indexAdd(atLeast1d(exact), d, idx, from, alpha); });
  } else if (out.dtype !== 'bool') kernels().indexAdd(atLeast1d(out), d, idx, from, alpha);
  else {
    accumulateBool(out, (counts) => {
      kernels().indexAdd(atLeast1d(counts), d, idx, astype(from, 'int32'), alpha);
    });
  }
  return out;
}

/**
 * Adds `alpha * source[..., i, ...]` into `x[..., index[i], ...]` along `dim`, in place;
 * repeated indices accumulate (the embedding gradient).
 * @example
 * indexAdd_(zeros([3, 2]), 0, array([0, 0], { dtype: 'int32' }), ones([2, 2])) // [[2, 2], [0, 0], [0, 0]]
 */
export function indexAdd_(x: NDArray, dim: number, index: NDArray, source: NDArray, options: IndexAddOptions = {}): NDArray {
  expectNDArray('indexAdd_', x);
  const out = indexAddInto('indexAdd_', x, dim, index, source, options.alpha ?? 1, () => x);
  bumpVersion(x, 'indexAdd_');
  return out;
}

/**
 * A copy of `x` with `alpha * source` summed into the slices `index` along `dim`, as `torch.index_add`.
 * @example
 * indexAdd(zeros([3]), 0, array([2, 2], { dtype: 'int32' }), array([1, 2]), { alpha: 2 }) // [0, 0, 6]
 */
export function indexAdd(x: NDArray, dim: number, index: NDArray, source: NDArray, options: IndexAddOptions = {}): NDArray {
  expectNDArray('indexAdd', x);
  return indexAddInto('indexAdd', x, dim, index, source, options.alpha ?? 1, () => clone(x));
}

function maskedFillAs(op: string, x: NDArray, mask: NDArray, value: FillValue): NDArray {
  checkDType(op, 'mask', mask.dtype, ['bool']);
  const shape = broadcastShapes(op, x.shape, mask.shape);
  const fill = { data: scalarStorage(op, x.dtype, value), shape, strides: shape.map(() => 0), offset: 0 };
  const out = allocate(x.dtype, numel(shape));
  kernels().where(broadcastView(mask, shape), fill, broadcastView(x, shape), out);
  return new NDArray(out, x.dtype, shape);
}

/**
 * `value` where `mask` is true and `x` elsewhere; `mask` (bool) broadcasts with `x`, the dtype stays x's.
 * @example
 * maskedFill(array([1, 2, 3]), array([true, false, true]), 0) // [0, 2, 0]
 */
export function maskedFill(x: NDArray, mask: NDArray, value: FillValue): NDArray {
  expectNDArray('maskedFill', x);
  return maskedFillAs('maskedFill', x, mask, value);
}

/**
 * Sets `x` to `value` where `mask` is true, in place; `mask` must broadcast to x's shape.
 * @example
 * maskedFill_(scores, eq(tokens, 0), -Infinity)
 */
export function maskedFill_(x: NDArray, mask: NDArray, value: FillValue): NDArray {
  expectNDArray('maskedFill_', x);
  return assignInPlace('maskedFill_', x, maskedFillAs('maskedFill_', x, mask, value));
}

/**
 * The elements of `x` where `mask` is true, as a 1-d array in row-major order (both broadcast).
 * @example
 * maskedSelect(array([[1, 2], [3, 4]]), array([true, false])) // [1, 3]
 */
export function maskedSelect(x: NDArray, mask: NDArray): NDArray {
  expectNDArray('maskedSelect', x);
  checkDType('maskedSelect', 'mask', mask.dtype, ['bool']);
  const shape = broadcastShapes('maskedSelect', x.shape, mask.shape);
  const n = numel(shape);
  const keep = new Uint8Array(n);
  gatherInto(broadcastView(mask, shape), keep);
  const values = allocate(x.dtype, n);
  gatherInto(broadcastView(x, shape), values);
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i];
  const out = allocate(x.dtype, count);
  for (let i = 0, k = 0; i < n; i++) if (keep[i]) out[k++] = values[i];
  return new NDArray(out, x.dtype, [count]);
}

/**
 * Elements of `x` read as 1-d at `index` (negative indices count from the end), shaped like `index`, as `torch.take`.
 * @example
 * take(array([[1, 2], [3, 4]]), array([0, -1], { dtype: 'int32' })) // [1, 4]
 */
export function take(x: NDArray, index: NDArray): NDArray {
  expectNDArray('take', x);
  checkDType('take', 'index', index.dtype, ['int32']);
  const flat = x.dataSync();
  const n = flat.length;
  const values = index.dataSync();
  const out = allocate(x.dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < -n || v >= n) throw new IndexError(`take: index ${v} is out of bounds for an array with ${n} elements`);
    out[i] = flat[v < 0 ? v + n : v];
  }
  return new NDArray(out, x.dtype, index.shape);
}

/**
 * Coordinates of the nonzero (true, NaN) elements, one row each, as int32 `[count, ndim]` (`torch.nonzero`).
 * @example
 * nonzero(array([[0, 1], [2, 0]])) // [[0, 1], [1, 0]]
 */
export function nonzero(x: NDArray): NDArray {
  expectNDArray('nonzero', x);
  const flat = x.dataSync();
  let count = 0;
  for (const v of flat) if (v !== 0) count++;
  const strides = contiguousStrides(x.shape);
  const out = new Int32Array(count * x.ndim);
  for (let i = 0, k = 0; i < flat.length; i++) {
    if (flat[i] === 0) continue;
    for (let d = 0; d < x.ndim; d++) out[k++] = Math.floor(i / strides[d]) % x.shape[d];
  }
  return new NDArray(out, 'int32', [count, x.ndim]);
}
