import { allocate, isFloating, parseDType, type DType } from '../dtype.js';
import { ArgumentError, IndexError, ShapeError } from '../errors.js';
import { kernels } from '../kernels/registry.js';
import { NDArray } from '../ndarray.js';
import { checkInt32Values } from './int32.js';
import { checkShape, contiguousStrides, formatShape, normalizeDim, normalizeDims, numel, type Shape } from '../shape.js';
import { expectNDArray } from './operand.js';

function makeView(x: NDArray, shape: Shape, strides: Shape, offset = x.offset): NDArray {
  return new NDArray(x.data, x.dtype, shape, strides, offset);
}

/** Resolves a single -1 in a requested shape, as torch's `infer_size`. */
function inferShape(op: string, x: NDArray, shape: Shape): number[] {
  const out = [...shape];
  const unknown = out.indexOf(-1);
  if (unknown !== out.lastIndexOf(-1)) throw new ShapeError(`${op}: only one dimension can be inferred, got ${formatShape(shape)}`);
  if (unknown >= 0) {
    const known = out.reduce((n, s, i) => (i === unknown ? n : n * s), 1);
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(`${op}: cannot view ${formatShape(x.shape)} (${x.size} elements) as ${formatShape(shape)}`);
    }
    out[unknown] = x.size / known;
  }
  checkShape(op, out);
  if (numel(out) !== x.size) {
    throw new ShapeError(`${op}: cannot view ${formatShape(x.shape)} (${x.size} elements) as ${formatShape(shape)} (${numel(out)} elements)`);
  }
  return out;
}

/**
 * Strides that view `x` as `shape` without copying, or null when the memory layout
 * does not allow it (the algorithm of PyTorch's `computeStride`).
 */
function viewStrides(x: NDArray, shape: Shape): number[] | null {
  // An empty array has no layout to respect, and a 0-d one views as any all-ones shape; the
  // chunk loop below handles neither (it would reject view(scalar, [1])).
  if (x.size === 0 || x.ndim === 0) return contiguousStrides(shape);
  const strides = new Array<number>(shape.length);
  let viewDim = shape.length - 1;
  let chunkBase = x.strides[x.ndim - 1] ?? 1;
  let tensorElems = 1;
  let viewElems = 1;
  for (let d = x.ndim - 1; d >= 0; d--) {
    tensorElems *= x.shape[d];
    if (d === 0 || (x.shape[d - 1] !== 1 && x.strides[d - 1] !== tensorElems * chunkBase)) {
      while (viewDim >= 0 && (viewElems < tensorElems || shape[viewDim] === 1)) {
        strides[viewDim] = viewElems * chunkBase;
        viewElems *= shape[viewDim];
        viewDim--;
      }
      if (viewElems !== tensorElems) return null;
      if (d > 0) {
        chunkBase = x.strides[d - 1];
        tensorElems = 1;
        viewElems = 1;
      }
    }
  }
  if (viewDim !== -1) return null;
  return strides;
}

/**
 * A view with a new shape (one size may be -1); throws if the layout needs a copy.
 * @example
 * view(arange(6), [2, -1]).shape // [2, 3]
 */
export function view(x: NDArray, shape: Shape): NDArray {
  expectNDArray('view', x);
  const target = inferShape('view', x, shape);
  const strides = viewStrides(x, target);
  if (!strides) {
    throw new ShapeError(
      `view: size ${formatShape(target)} is not compatible with the strides ${formatShape(x.strides)} of ${formatShape(x.shape)}\nhint: use reshape(), which copies when it must`,
    );
  }
  return makeView(x, target, strides);
}

/**
 * A new shape (one size may be -1): a view when possible, else a contiguous copy.
 * @example
 * reshape(arange(6), [3, 2]).shape // [3, 2]
 */
export function reshape(x: NDArray, shape: Shape): NDArray {
  expectNDArray('reshape', x);
  const target = inferShape('reshape', x, shape);
  const strides = viewStrides(x, target);
  return strides ? makeView(x, target, strides) : makeView(contiguous(x), target, contiguousStrides(target));
}


/**
 * Swaps two dims (a view).
 * @example
 * transpose(zeros([2, 3]), 0, 1).shape // [3, 2]
 */
export function transpose(x: NDArray, dim0: number, dim1: number): NDArray {
  expectNDArray('transpose', x);
  const a = normalizeDim('transpose', dim0, x.ndim);
  const b = normalizeDim('transpose', dim1, x.ndim);
  if (x.ndim === 0) return x;
  const shape = [...x.shape];
  const strides = [...x.strides];
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return makeView(x, shape, strides);
}

/**
 * Reorders dims (a view); `dims` must be a permutation of 0..ndim-1 (negatives allowed).
 * @example
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape // [4, 2, 3]
 */
export function permute(x: NDArray, dims: readonly number[]): NDArray {
  expectNDArray('permute', x);
  if (dims.length !== x.ndim) {
    throw new ShapeError(`permute: number of dims don't match (got ${dims.length} dims [${dims.join(', ')}] for a ${x.ndim}-d array)`);
  }
  const order = normalizeDims('permute', dims, x.ndim);
  return makeView(x, order.map((d) => x.shape[d]), order.map((d) => x.strides[d]));
}

/**
 * All dims reversed (a view), as numpy's `.T`.
 * @example
 * T(zeros([2, 3])).shape // [3, 2]
 */
export function T(x: NDArray): NDArray {
  expectNDArray('T', x);
  return permute(x, x.shape.map((_, i) => x.ndim - 1 - i));
}

/**
 * The last two dims swapped (a view), as torch's `.mT`.
 * @example
 * mT(zeros([5, 2, 3])).shape // [5, 3, 2]
 */
export function mT(x: NDArray): NDArray {
  expectNDArray('mT', x);
  if (x.ndim < 2) throw new ShapeError(`mT: expected an array with at least 2 dims, got shape ${formatShape(x.shape)}`);
  return transpose(x, -2, -1);
}

/**
 * Removes size-1 dims: all of them, or only those listed (others are left alone, as PyTorch).
 * @example
 * squeeze(zeros([2, 1, 3])).shape // [2, 3]
 */
export function squeeze(x: NDArray, dim?: number | readonly number[]): NDArray {
  expectNDArray('squeeze', x);
  const listed = dim === undefined ? null : normalizeDims('squeeze', typeof dim === 'number' ? [dim] : dim, x.ndim);
  const keep = x.shape.map((s, d) => s !== 1 || (listed !== null && !listed.includes(d)));
  return makeView(x, x.shape.filter((_, d) => keep[d]), x.strides.filter((_, d) => keep[d]));
}

/**
 * Inserts a size-1 dim at `dim` (which may be ndim, or negative).
 * @example
 * unsqueeze(zeros([2, 3]), 0).shape // [1, 2, 3]
 */
export function unsqueeze(x: NDArray, dim: number): NDArray {
  expectNDArray('unsqueeze', x);
  // Checked here because normalizeDim(dim, ndim + 1) would describe x as one dim larger than it is.
  if (!Number.isInteger(dim) || dim < -x.ndim - 1 || dim > x.ndim) {
    throw new IndexError(`unsqueeze: dim ${dim} out of range for a ${x.ndim}-d array (expected ${-x.ndim - 1}..${x.ndim})`);
  }
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.ndim ? x.shape[d] * x.strides[d] : 1);
  return makeView(x, shape, strides);
}

/**
 * Broadcasts to a larger shape without copying (stride 0); -1 keeps a size.
 * @example
 * expand(array([[1], [2]]), [2, 3]).shape // [2, 3]
 */
export function expand(x: NDArray, shape: Shape): NDArray {
  expectNDArray('expand', x);
  if (shape.length < x.ndim) {
    throw new ShapeError(`expand: the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the array (${x.ndim})`);
  }
  const shift = shape.length - x.ndim;
  const outShape: number[] = [];
  const strides: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    const inner = d - shift;
    const size = inner >= 0 && shape[d] === -1 ? x.shape[inner] : shape[d];
    if (inner < 0) {
      if (shape[d] === -1) throw new ShapeError(`expand: -1 is not allowed in a leading, non-existing dim (dim ${d} of ${formatShape(shape)})`);
      outShape.push(size);
      strides.push(0);
    } else if (x.shape[inner] === size) {
      outShape.push(size);
      strides.push(x.strides[inner]);
    } else if (x.shape[inner] === 1) {
      outShape.push(size);
      strides.push(0);
    } else {
      throw new ShapeError(
        `expand: the expanded size of the array (${size}) must match the existing size (${x.shape[inner]}) at non-singleton dim ${d}; target ${formatShape(shape)}, array ${formatShape(x.shape)}`,
      );
    }
  }
  checkShape('expand', outShape);
  return makeView(x, outShape, strides);
}

/**
 * Elements `start .. start+length-1` along `dim` (a view).
 * @example
 * narrow(arange(10), 0, 2, 3).toArray() // [2, 3, 4]
 */
export function narrow(x: NDArray, dim: number, start: number, length: number): NDArray {
  expectNDArray('narrow', x);
  // normalizeDim accepts dim 0 of a 0-d array, which has no size to narrow.
  if (x.ndim === 0) throw new IndexError('narrow: cannot be applied to a 0-d array');
  const d = normalizeDim('narrow', dim, x.ndim);
  const size = x.shape[d];
  const begin = start < 0 ? start + size : start;
  if (!Number.isInteger(start) || begin < 0 || begin > size) {
    throw new IndexError(`narrow: start ${start} out of range for dim ${d} of size ${size} (expected ${-size}..${size})`);
  }
  if (!Number.isInteger(length) || length < 0 || begin + length > size) {
    throw new IndexError(`narrow: start (${begin}) + length (${length}) exceeds dim ${d} of size ${size}`);
  }
  const shape = [...x.shape];
  shape[d] = length;
  return makeView(x, shape, x.strides, x.offset + begin * x.strides[d]);
}

/** Python-style slice bounds: `start`/`end` may be negative or past the ends; `step` > 0. */
export interface SliceOptions {
  start?: number;
  end?: number;
  step?: number;
}

/**
 * `x[start:end:step]` along `dim` (a view), with Python's clamping of out-of-range bounds.
 * @example
 * slice(arange(10), 0, { start: 1, end: -1, step: 3 }).toArray() // [1, 4, 7]
 */
export function slice(x: NDArray, dim: number, options: SliceOptions = {}): NDArray {
  expectNDArray('slice', x);
  // normalizeDim accepts dim 0 of a 0-d array, which has no size to slice.
  if (x.ndim === 0) throw new IndexError('slice: cannot be applied to a 0-d array');
  const d = normalizeDim('slice', dim, x.ndim);
  const size = x.shape[d];
  const { step = 1 } = options;
  if (!Number.isInteger(step) || step <= 0) throw new ArgumentError(`slice: step must be a positive integer, got ${step}`);
  for (const [name, value] of [['start', options.start], ['end', options.end]] as const) {
    if (value !== undefined && !Number.isInteger(value)) throw new ArgumentError(`slice: ${name} must be an integer, got ${value}`);
  }
  const wrap = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const start = wrap(options.start ?? 0);
  const end = Math.max(wrap(options.end ?? size), start);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape[d] = Math.ceil((end - start) / step);
  strides[d] = x.strides[d] * step;
  return makeView(x, shape, strides, x.offset + start * x.strides[d]);
}

/**
 * The sub-array at `index` along `dim`, with that dim removed (a view), as `x[i]`.
 * @example
 * select(array([[1, 2], [3, 4]]), 0, 1).toArray() // [3, 4]
 */
export function select(x: NDArray, dim: number, index: number): NDArray {
  expectNDArray('select', x);
  const d = normalizeDim('select', dim, x.ndim);
  const size = x.shape[d];
  if (x.ndim === 0) throw new IndexError('select: cannot index a 0-d array');
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(`select: index ${index} is out of bounds for dim ${d} with size ${size}`);
  }
  const i = index < 0 ? index + size : index;
  return makeView(x, x.shape.filter((_, k) => k !== d), x.strides.filter((_, k) => k !== d), x.offset + i * x.strides[d]);
}

/**
 * Merges dims `startDim..endDim` into one (a view when possible).
 * @example
 * flatten(zeros([2, 3, 4]), 1).shape // [2, 12]
 */
export function flatten(x: NDArray, startDim = 0, endDim = -1): NDArray {
  expectNDArray('flatten', x);
  if (x.ndim === 0) return reshape(x, [1]);
  const start = normalizeDim('flatten', startDim, x.ndim);
  const end = normalizeDim('flatten', endDim, x.ndim);
  if (start > end) throw new IndexError(`flatten: startDim (${startDim}) cannot come after endDim (${endDim})`);
  const merged = x.shape.slice(start, end + 1).reduce((n, s) => n * s, 1);
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}

/**
 * Splits `dim` into `sizes` (one may be -1), the inverse of flatten.
 * @example
 * unflatten(zeros([2, 12]), 1, [3, 4]).shape // [2, 3, 4]
 */
export function unflatten(x: NDArray, dim: number, sizes: Shape): NDArray {
  expectNDArray('unflatten', x);
  const d = normalizeDim('unflatten', dim, x.ndim);
  // Empty sizes would silently drop a size-1 dim; PyTorch refuses them.
  if (sizes.length === 0) throw new ShapeError(`unflatten: sizes must be non-empty (dim ${d} of ${formatShape(x.shape)})`);
  const known = sizes.reduce((n, s) => (s === -1 ? n : n * s), 1);
  const resolved = sizes.map((s) => (s === -1 ? x.shape[d] / known : s));
  if (sizes.filter((s) => s === -1).length > 1 || numel(resolved) !== x.shape[d] || resolved.some((s) => !Number.isInteger(s))) {
    throw new ShapeError(`unflatten: sizes ${formatShape(sizes)} don't multiply up to the size of dim ${d} (${x.shape[d]}) of ${formatShape(x.shape)}`);
  }
  return reshape(x, [...x.shape.slice(0, d), ...resolved, ...x.shape.slice(d + 1)]);
}

/**
 * The array itself when contiguous, else a contiguous copy.
 * @example
 * contiguous(transpose(x, 0, 1)).isContiguous() // true
 */
export function contiguous(x: NDArray): NDArray {
  expectNDArray('contiguous', x);
  return x.isContiguous() && x.offset === 0 && x.data.length === x.size ? x : clone(x);
}

/**
 * A contiguous copy that shares no memory with `x`.
 * @example
 * clone(x).data !== x.data // true
 */
export function clone(x: NDArray): NDArray {
  expectNDArray('clone', x);
  return astype(x, x.dtype, { copy: true });
}

/**
 * Converts to another dtype, as `torch.Tensor.to(dtype)`: returns `x` itself when the dtype
 * already matches (unless `copy`). Floats cast to int32 truncate toward zero; to bool, nonzero is true.
 * @example
 * astype(array([1.7, -1.7]), 'int32').toArray() // [1, -1]
 */
export function astype(x: NDArray, dtype: DType, options: { copy?: boolean } = {}): NDArray {
  expectNDArray('astype', x);
  parseDType(dtype, 'astype');
  if (dtype === x.dtype && !options.copy) return x;
  const out = allocate(dtype, x.size);
  if (dtype === 'bool') {
    // NOTE: nonzero and NaN are true, as bool(nan) in PyTorch.
    kernels().binary('ne', x, { data: Float64Array.of(0), shape: x.shape, strides: x.shape.map(() => 0), offset: 0 }, out);
  } else {
    // NOTE: an Int32Array store truncates toward zero, as PyTorch casts, but would wrap values
    // beyond int32 (and turn NaN into 0): float sources are checked first, so nothing wraps.
    if (dtype === 'int32' && isFloating(x.dtype)) checkInt32Values('astype', x.dataSync());
    kernels().unary('copy', x, out);
  }
  return new NDArray(out, dtype, x.shape);
}
