import { allocate, promoteTypes } from '../dtype.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { scatterFrom } from '../kernels/strided.js';
import { NDArray } from '../ndarray.js';
import { contiguousStrides, formatShape, normalizeDim, numel, shapesEqual } from '../shape.js';
import { astype, narrow, unsqueeze } from './movement.js';
import { describe, expectNDArray, isAutogradTensor } from './operand.js';

function checkList(op: string, arrays: readonly NDArray[]): void {
  if (isAutogradTensor(arrays) || (Array.isArray(arrays) && arrays.some(isAutogradTensor))) {
    expectNDArray(op, isAutogradTensor(arrays) ? arrays : arrays.find(isAutogradTensor));
  }
  if (!Array.isArray(arrays) || arrays.length === 0) {
    throw new ArgumentError(`${op}: expected a non-empty list of arrays, got ${Array.isArray(arrays) ? 'an empty list' : describe(arrays)}`);
  }
  arrays.forEach((a, i) => {
    if (!NDArray.isNDArray(a)) throw new ArgumentError(`${op}: expected an NDArray at position ${i}, got ${describe(a)}`);
  });
}

/**
 * Joins arrays along an existing dim, promoting dtypes, as `torch.cat`; sizes must match on
 * every other dim. As PyTorch, 1-d empty arrays (shape `[0]`) are skipped.
 * @example
 * cat([zeros([2, 3]), ones([1, 3])]).shape // [3, 3]
 */
export function cat(arrays: readonly NDArray[], dim = 0): NDArray {
  checkList('cat', arrays);
  // NOTE: PyTorch's legacy rule: a shape [0] array joins anything, so `cat([empty, x])` works in loops.
  const parts = arrays.map((a, i) => ({ a, i })).filter(({ a }) => !(a.ndim === 1 && a.size === 0));
  if (parts.length === 0) return astype(arrays[0], arrays.map((a) => a.dtype).reduce(promoteTypes), { copy: true });
  const first = parts[0].a;
  for (const { a, i } of parts) {
    if (a.ndim === 0) throw new ShapeError(`cat: a 0-d array (at position ${i}) cannot be concatenated\nhint: use stack, or unsqueeze it first`);
  }
  const d = normalizeDim('cat', dim, first.ndim);
  for (const { a, i } of parts) {
    if (a.ndim !== first.ndim) {
      throw new ShapeError(`cat: arrays must have the same number of dims (got ${first.ndim} and ${a.ndim} for array number ${i} in the list)`);
    }
    for (let k = 0; k < a.ndim; k++) {
      if (k !== d && a.shape[k] !== first.shape[k]) {
        throw new ShapeError(
          `cat: sizes of arrays must match except in dim ${d} (expected size ${first.shape[k]} but got size ${a.shape[k]} at dim ${k} for array number ${i} in the list: ${formatShape(first.shape)} vs ${formatShape(a.shape)})`,
        );
      }
    }
  }
  const dtype = arrays.map((a) => a.dtype).reduce(promoteTypes);
  const shape = [...first.shape];
  shape[d] = parts.reduce((n, { a }) => n + a.shape[d], 0);
  const out = allocate(dtype, numel(shape));
  const strides = contiguousStrides(shape);
  let start = 0;
  for (const { a } of parts) {
    if (a.size > 0) scatterFrom(new NDArray(out, dtype, a.shape, strides, start * strides[d]), astype(a, dtype).dataSync());
    start += a.shape[d];
  }
  return new NDArray(out, dtype, shape);
}

/**
 * Joins equally shaped arrays along a new dim, as `torch.stack`.
 * @example
 * stack([zeros([2, 3]), ones([2, 3])], 1).shape // [2, 2, 3]
 */
export function stack(arrays: readonly NDArray[], dim = 0): NDArray {
  checkList('stack', arrays);
  const first = arrays[0];
  arrays.forEach((a, i) => {
    if (!shapesEqual(a.shape, first.shape)) {
      throw new ShapeError(`stack: expects each array to be equal size, but got ${formatShape(first.shape)} at entry 0 and ${formatShape(a.shape)} at entry ${i}`);
    }
  });
  const d = normalizeDim('stack', dim, first.ndim + 1);
  return cat(arrays.map((a) => unsqueeze(a, d)), d);
}

/**
 * Splits `x` along `dim` into views of `splitSizeOrSections` elements each (the last may be
 * smaller), or into pieces of the listed sizes, as `torch.split`.
 * @example
 * split(arange(5), 2).map((p) => p.shape[0]) // [2, 2, 1]
 * split(arange(5), [1, 4]).map((p) => p.shape[0]) // [1, 4]
 */
export function split(x: NDArray, splitSizeOrSections: number | readonly number[], dim = 0): NDArray[] {
  expectNDArray('split', x);
  if (x.ndim === 0) throw new ShapeError('split: expects at least a 1-d array, got a 0-d array');
  const d = normalizeDim('split', dim, x.ndim);
  const size = x.shape[d];
  let sizes: number[];
  if (typeof splitSizeOrSections === 'number') {
    const step = splitSizeOrSections;
    if (!Number.isInteger(step) || step < 0) throw new ArgumentError(`split: split size must be a non-negative integer, got ${step}`);
    if (step === 0 && size !== 0) throw new ArgumentError(`split: split size can only be 0 if dim ${d} has size 0, but its size is ${size}`);
    const count = step === 0 ? 1 : Math.max(Math.ceil(size / step), 1);
    sizes = Array.from({ length: count }, (_, i) => Math.min(step, size - i * step));
  } else {
    const list: unknown = splitSizeOrSections;
    if (!Array.isArray(list)) throw new ArgumentError(`split: expected a split size or a list of sizes, got ${describe(list)}`);
    sizes = [...splitSizeOrSections];
    if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new ArgumentError(`split: sizes must be non-negative integers, got [${sizes.join(', ')}]`);
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== size) {
      throw new ArgumentError(`split: sizes [${sizes.join(', ')}] must sum exactly to ${size} (the size of dim ${d} of ${formatShape(x.shape)}), got ${total}`);
    }
  }
  let start = 0;
  return sizes.map((length) => {
    const piece = narrow(x, d, start, length);
    start += length;
    return piece;
  });
}

/**
 * Splits `x` along `dim` into views of `ceil(size / chunks)` elements, as `torch.chunk`;
 * this may give fewer than `chunks` pieces.
 * @example
 * chunk(arange(6), 4).map((p) => p.shape[0]) // [2, 2, 2]
 */
export function chunk(x: NDArray, chunks: number, dim = 0): NDArray[] {
  expectNDArray('chunk', x);
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ArgumentError(`chunk: chunks must be a positive integer, got ${chunks}`);
  if (x.ndim === 0) throw new ShapeError('chunk: expects at least a 1-d array, got a 0-d array');
  const d = normalizeDim('chunk', dim, x.ndim);
  const size = x.shape[d];
  // NOTE: PyTorch returns `chunks` empty pieces for an empty dim, not one.
  if (size === 0) return split(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(size / chunks), d);
}
