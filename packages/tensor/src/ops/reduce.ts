import { allocate, isFloating, type DType, type TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError, IndexError } from '../errors.js';
import { kernels, type ReduceOp, type ScanOp } from '../kernels/registry.js';
import { NDArray } from '../ndarray.js';
import { formatShape, normalizeDim, normalizeDims } from '../shape.js';
import { astype, permute } from './movement.js';
import { exactScratch, narrowToInt32 } from './int32.js';
import { describe, expectNDArray } from './operand.js';

/** The dims a reduction runs over: one dim, several, or omitted for all of them. */
export type Dims = number | readonly number[];

/** Options of every reduction. */
export interface ReduceOptions {
  /** Keep each reduced dim as size 1, so the result broadcasts against the input. */
  keepdim?: boolean;
}

/** What `max(x, dim)` and `min(x, dim)` return, as `torch.return_types.max`. */
export interface ValuesAndIndices {
  values: NDArray;
  /** int32 positions along the reduced dim (the first one on ties). */
  indices: NDArray;
}

/**
 * @internal A reduction laid out for a kernel: contiguous `data` read as `[outer, size, inner]`,
 * reduced along the middle axis into `outer * inner` values of `shape`.
 */
export interface ReductionPlan {
  data: TypedArray;
  outer: number;
  size: number;
  inner: number;
  shape: number[];
  /** The reduced dims, normalized and ascending. */
  dims: number[];
}

function product(sizes: readonly number[]): number {
  let n = 1;
  for (const size of sizes) n *= size;
  return n;
}

/**
 * @internal Normalizes `dim` and lays `x` out for a kernel. Adjacent reduced dims (the common
 * case, including "all dims") need no copy for a contiguous `x`; scattered ones are permuted to
 * the end and copied once, so every reduction is a single kernel call over all its dims.
 */
export function planReduction(op: string, x: NDArray, dim: Dims | undefined, keepdim = false): ReductionPlan {
  let dims: number[];
  if (dim === undefined) dims = x.shape.map((_, d) => d);
  else if (typeof dim === 'number') dims = [normalizeDim(op, dim, x.ndim)];
  else if (Array.isArray(dim)) dims = normalizeDims(op, dim, x.ndim);
  else {
    throw new ArgumentError(
      `${op}: dim must be an integer or an array of integers, got ${describe(dim)}\nhint: to reduce all dims with options, pass undefined: ${op}(x, undefined, { keepdim: true })`,
    );
  }
  // A 0-d array accepts dim 0 / -1 but has no dim to remove.
  if (x.ndim === 0) dims = [];
  dims.sort((a, b) => a - b);
  const reduced = x.shape.map((_, d) => dims.includes(d));
  const shape = keepdim ? x.shape.map((s, d) => (reduced[d] ? 1 : s)) : x.shape.filter((_, d) => !reduced[d]);
  const size = product(dims.map((d) => x.shape[d]));
  if (dims.length === 0) return { data: x.dataSync(), outer: x.size, size: 1, inner: 1, shape, dims };
  const first = dims[0];
  const last = dims[dims.length - 1];
  if (last - first === dims.length - 1) {
    const outer = product(x.shape.slice(0, first));
    const inner = product(x.shape.slice(last + 1));
    return { data: x.dataSync(), outer, size, inner, shape, dims };
  }
  const kept = x.shape.map((_, d) => d).filter((d) => !reduced[d]);
  const data = permute(x, [...kept, ...dims]).dataSync();
  return { data, outer: product(kept.map((d) => x.shape[d])), size, inner: 1, shape, dims };
}

/** @internal `x` laid out as `[outer, size, inner]` around one dim, for ops that keep the shape. */
export function planAlong(op: string, x: NDArray, dim: number): { data: TypedArray; outer: number; size: number; inner: number } {
  // Callers from JS (or through `as never`) may omit the dim TypeScript requires.
  const given: unknown = dim;
  if (typeof given !== 'number') {
    throw new ArgumentError(`${op}: dim is required and must be an integer, got ${given === undefined ? 'undefined' : describe(given)}\nhint: ${op}(x, -1) works along the last dim`);
  }
  const d = normalizeDim(op, dim, x.ndim);
  if (x.ndim === 0) return { data: x.dataSync(), outer: 1, size: 1, inner: 1 };
  return { data: x.dataSync(), outer: product(x.shape.slice(0, d)), size: x.shape[d], inner: product(x.shape.slice(d + 1)) };
}

/** @internal Throws a DTypeError unless `x` is float32 or float64, as PyTorch's float-only ops. */
export function checkFloat(op: string, x: NDArray): void {
  if (!isFloating(x.dtype)) {
    throw new DTypeError(`${op}: input must be float32 or float64, got ${x.dtype}\nhint: cast first, e.g. astype(x, 'float32')`);
  }
}

/**
 * sum and prod of int32 or bool give int32 (PyTorch gives int64, which we do not have); a result
 * beyond int32 throws rather than wraps (see `integerResult`).
 */
function accumulateDType(dtype: DType): DType {
  return isFloating(dtype) ? dtype : 'int32';
}

/** max and min have no identity: reducing an empty dim throws, as PyTorch. */
function checkNonEmpty(op: string, x: NDArray, dim: Dims | undefined, plan: ReductionPlan): void {
  if (dim === undefined && x.size === 0) {
    throw new IndexError(`${op}: cannot reduce an empty array (shape ${formatShape(x.shape)}) over all dims: ${op} has no identity\nhint: pass a dim whose size is not 0`);
  }
  const empty = plan.dims.find((d) => x.shape[d] === 0);
  if (empty !== undefined) {
    throw new IndexError(`${op}: expected reduction dim ${String(empty)} to have non-zero size (shape ${formatShape(x.shape)})`);
  }
}

function reduceWith(op: ReduceOp, name: string, x: NDArray, dim: Dims | undefined, keepdim: boolean | undefined, dtype: DType): NDArray {
  const plan = planReduction(name, x, dim, keepdim);
  if (op === 'max' || op === 'min') checkNonEmpty(name, x, dim, plan);
  if (dtype === 'int32' && (op === 'sum' || op === 'prod')) {
    return new NDArray(integerResult(name, plan.outer * plan.inner, (exact) => { kernels().reduce(op, plan.data, plan.outer, plan.size, plan.inner, exact); }), dtype, plan.shape);
  }
  const out = allocate(dtype, plan.outer * plan.inner);
  kernels().reduce(op, plan.data, plan.outer, plan.size, plan.inner, out);
  return new NDArray(out, dtype, plan.shape);
}

/**
 * NOTE: integer sums and products run into a float64 buffer (the kernels accumulate in a JS
 * number), which holds them exactly while below 2^53; a result beyond int32 then throws instead
 * of wrapping. Products are exact in this check (once beyond int32 only a 0 brings them back,
 * as in exact arithmetic); sums of over 2^22 values near ±2^31 could round in float64.
 */
function integerResult(op: string, size: number, run: (exact: Float64Array) => void): Int32Array {
  const exact = exactScratch(op, size);
  run(exact);
  return narrowToInt32(op, exact);
}

/**
 * Sum over all dims, one dim or several; int32 and bool give int32, and a sum beyond int32
 * throws a DTypeError (PyTorch gives int64; cast to float64 for exact integers to 2^53).
 * NOTE: the kernel accumulates in a JS number (float64) and rounds once when it stores, so a
 * float32 sum of 1e6 elements keeps float64 accuracy instead of drifting as a float32 running sum.
 * @example
 * sum(array([[1, 2], [3, 4]]), 1).toArray() // [3, 7]
 */
export function sum(x: NDArray, dim?: Dims, options: ReduceOptions = {}): NDArray {
  expectNDArray('sum', x);
  return reduceWith('sum', 'sum', x, dim, options.keepdim, accumulateDType(x.dtype));
}

/**
 * Product over all dims, one dim or several (the empty product is 1); int32 and bool give int32,
 * and a product beyond int32 throws a DTypeError.
 * @example
 * prod(array([[1, 2], [3, 4]]), 0).toArray() // [3, 8]
 */
export function prod(x: NDArray, dim?: Dims, options: ReduceOptions = {}): NDArray {
  expectNDArray('prod', x);
  return reduceWith('prod', 'prod', x, dim, options.keepdim, accumulateDType(x.dtype));
}

/**
 * Largest value over all dims, one dim or several, keeping the dtype; NaN wins, as torch.amax.
 * @example
 * amax(array([[1, 5], [7, 2]]), 0).toArray() // [7, 5]
 */
export function amax(x: NDArray, dim?: Dims, options: ReduceOptions = {}): NDArray {
  expectNDArray('amax', x);
  return reduceWith('max', 'amax', x, dim, options.keepdim, x.dtype);
}

/**
 * Smallest value over all dims, one dim or several, keeping the dtype; NaN wins, as torch.amin.
 * @example
 * amin(array([[1, 5], [7, 2]]), 1).toArray() // [1, 2]
 */
export function amin(x: NDArray, dim?: Dims, options: ReduceOptions = {}): NDArray {
  expectNDArray('amin', x);
  return reduceWith('min', 'amin', x, dim, options.keepdim, x.dtype);
}

function extreme(op: 'max' | 'min', x: NDArray, dim: number | undefined, options: ReduceOptions): NDArray | ValuesAndIndices {
  if (dim === undefined) return reduceWith(op, op, x, undefined, options.keepdim, x.dtype);
  if (typeof dim !== 'number') {
    const given: unknown = dim;
    throw new ArgumentError(`${op}: dim must be a single integer, got ${Array.isArray(given) ? `[${given.join(', ')}]` : describe(given)}\nhint: a${op}(x, dims) reduces several dims (values only)`);
  }
  const plan = planReduction(op, x, dim, options.keepdim);
  checkNonEmpty(op, x, dim, plan);
  const values = allocate(x.dtype, plan.outer * plan.inner);
  const indices = new Int32Array(plan.outer * plan.inner);
  kernels().reduce(op, plan.data, plan.outer, plan.size, plan.inner, values, indices);
  return { values: new NDArray(values, x.dtype, plan.shape), indices: new NDArray(indices, 'int32', plan.shape) };
}

/**
 * The largest value (0-d) or, given a dim, `{ values, indices }` along it, as torch.max.
 * NaN counts as the largest value, and ties report the first index.
 * @example
 * max(array([[1, 5], [7, 2]])).item() // 7
 * max(array([[1, 5], [7, 2]]), 1).indices.toArray() // [1, 0]
 */
export function max(x: NDArray): NDArray;
export function max(x: NDArray, dim: number, options?: ReduceOptions): ValuesAndIndices;
export function max(x: NDArray, dim?: number, options: ReduceOptions = {}): NDArray | ValuesAndIndices {
  expectNDArray('max', x);
  return extreme('max', x, dim, options);
}

/**
 * The smallest value (0-d) or, given a dim, `{ values, indices }` along it, as torch.min.
 * NaN counts as the smallest value, and ties report the first index.
 * @example
 * min(array([[1, 5], [7, 2]])).item() // 1
 * min(array([[1, 5], [7, 2]]), 0).values.toArray() // [1, 2]
 */
export function min(x: NDArray): NDArray;
export function min(x: NDArray, dim: number, options?: ReduceOptions): ValuesAndIndices;
export function min(x: NDArray, dim?: number, options: ReduceOptions = {}): NDArray | ValuesAndIndices {
  expectNDArray('min', x);
  return extreme('min', x, dim, options);
}

function argExtreme(op: 'max' | 'min', x: NDArray, dim: number | undefined, options: ReduceOptions): NDArray {
  const name = op === 'max' ? 'argmax' : 'argmin';
  if (dim !== undefined && typeof dim !== 'number') {
    throw new ArgumentError(`${name}: dim must be a single integer or omitted, got ${describe(dim)}`);
  }
  // No dim reduces the flattened array, whose row-major index is what the kernel reports.
  const plan = planReduction(name, x, dim, options.keepdim);
  checkNonEmpty(name, x, dim, plan);
  const values = allocate(x.dtype, plan.outer * plan.inner);
  const indices = new Int32Array(plan.outer * plan.inner);
  kernels().reduce(op, plan.data, plan.outer, plan.size, plan.inner, values, indices);
  return new NDArray(indices, 'int32', plan.shape);
}

/**
 * int32 index of the largest value along `dim`, or in the flattened array when `dim` is omitted.
 * @example
 * argmax(array([[1, 5], [7, 2]])).item() // 2
 */
export function argmax(x: NDArray, dim?: number, options: ReduceOptions = {}): NDArray {
  expectNDArray('argmax', x);
  return argExtreme('max', x, dim, options);
}

/**
 * int32 index of the smallest value along `dim`, or in the flattened array when `dim` is omitted.
 * @example
 * argmin(array([[1, 5], [7, 2]]), 1).toArray() // [0, 1]
 */
export function argmin(x: NDArray, dim?: number, options: ReduceOptions = {}): NDArray {
  expectNDArray('argmin', x);
  return argExtreme('min', x, dim, options);
}

/**
 * True where every element along the dims is nonzero (true for an empty reduction), as bool.
 * @example
 * all(array([[1, 0], [1, 1]]), 1).toArray() // [0, 1]
 */
export function all(x: NDArray, dim?: Dims, options: ReduceOptions = {}): NDArray {
  expectNDArray('all', x);
  // A product of 0/1 values is their logical and, and the empty product 1 is all()'s identity.
  return reduceWith('prod', 'all', astype(x, 'bool'), dim, options.keepdim, 'bool');
}

/**
 * True where any element along the dims is nonzero (false for an empty reduction), as bool.
 * @example
 * any(array([[1, 0], [0, 0]]), 1).toArray() // [1, 0]
 */
export function any(x: NDArray, dim?: Dims, options: ReduceOptions = {}): NDArray {
  expectNDArray('any', x);
  const plan = planReduction('any', astype(x, 'bool'), dim, options.keepdim);
  const out = allocate('bool', plan.outer * plan.inner);
  // max has no identity; the zero-filled output is already any() of an empty reduction.
  if (plan.size > 0) kernels().reduce('max', plan.data, plan.outer, plan.size, plan.inner, out);
  return new NDArray(out, 'bool', plan.shape);
}

function cumulative(op: ScanOp, x: NDArray, dim: number): NDArray {
  const { data, outer, size, inner } = planAlong(op, x, dim);
  const dtype = accumulateDType(x.dtype);
  if (dtype === 'int32') {
    return new NDArray(integerResult(op, x.size, (exact) => { kernels().scan(op, data, outer, size, inner, exact); }), dtype, x.shape);
  }
  const out = allocate(dtype, x.size);
  kernels().scan(op, data, outer, size, inner, out);
  return new NDArray(out, dtype, x.shape);
}

/**
 * Running sum along `dim` (required), keeping the shape; int32 and bool give int32 (throwing
 * beyond int32).
 * @example
 * cumsum(array([1, 2, 3]), 0).toArray() // [1, 3, 6]
 */
export function cumsum(x: NDArray, dim: number): NDArray {
  expectNDArray('cumsum', x);
  return cumulative('cumsum', x, dim);
}

/**
 * Running product along `dim` (required), keeping the shape; int32 and bool give int32 (throwing
 * beyond int32).
 * @example
 * cumprod(array([1, 2, 3]), 0).toArray() // [1, 2, 6]
 */
export function cumprod(x: NDArray, dim: number): NDArray {
  expectNDArray('cumprod', x);
  return cumulative('cumprod', x, dim);
}
