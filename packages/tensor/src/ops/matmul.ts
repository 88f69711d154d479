import { allocate, promoteTypes, type DType, type TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { kernels } from '../kernels/registry.js';
import { broadcastStrides, rowStarts, type StridedView } from '../kernels/strided.js';
import { NDArray } from '../ndarray.js';
import { broadcastShapes, formatShape, numel, type Shape } from '../shape.js';
import { mul } from './elementwise.js';
import { astype, reshape, unsqueeze } from './movement.js';
import { describe, expectNDArray } from './operand.js';

/** An array read as a stack of matrices: leading batch dims, then rows x cols. */
interface MatrixStack {
  readonly array: NDArray;
  readonly batchShape: Shape;
  readonly batchStrides: Shape;
  readonly rows: number;
  readonly cols: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * Reads the last two dims of `x` as matrices. A 1-d array becomes a `[1, k]` row on the left or a
 * `[k, 1]` column on the right, as PyTorch's matmul prepends/appends a dim (removed later).
 */
function asStack(x: NDArray, side: 'left' | 'right'): MatrixStack {
  const nd = x.ndim;
  if (nd === 1) {
    const [size] = x.shape;
    const [stride] = x.strides;
    return side === 'left'
      ? { array: x, batchShape: [], batchStrides: [], rows: 1, cols: size, rowStride: 0, colStride: stride }
      : { array: x, batchShape: [], batchStrides: [], rows: size, cols: 1, rowStride: stride, colStride: 0 };
  }
  return {
    array: x,
    batchShape: x.shape.slice(0, -2),
    batchStrides: x.strides.slice(0, -2),
    rows: x.shape[nd - 2],
    cols: x.shape[nd - 1],
    rowStride: x.strides[nd - 2],
    colStride: x.strides[nd - 1],
  };
}

/**
 * The stack cast to `dtype`, so the kernel sees a single dtype as PyTorch promotes first. The
 * cast is a contiguous copy (only when the dtype differs), so its strides are read afresh.
 */
function castStack(stack: MatrixStack, side: 'left' | 'right', dtype: DType): MatrixStack {
  return stack.array.dtype === dtype ? stack : asStack(astype(stack.array, dtype), side);
}

/** Plain-JS callers may pass anything; numbers are not promoted to arrays here, as in PyTorch. */
function checkArrays(op: string, a: unknown, b: unknown): void {
  for (const value of [a, b]) {
    if (!NDArray.isNDArray(value)) throw new ArgumentError(`${op}: expected NDArrays, got ${describe(value)}`);
  }
}

/** The promoted dtype; bool has no matrix product in PyTorch either. */
function productDType(op: string, a: NDArray, b: NDArray): DType {
  if (a.dtype === 'bool' || b.dtype === 'bool') {
    throw new DTypeError(`${op}: not supported for bool arrays (got ${a.dtype} and ${b.dtype})\nhint: cast first, e.g. astype(x, 'float32')`);
  }
  return promoteTypes(a.dtype, b.dtype);
}

function checkInner(op: string, a: NDArray, b: NDArray, k: number, k2: number): void {
  if (k !== k2) {
    throw new ShapeError(`${op}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied (${k} != ${k2})`);
  }
}

/**
 * Computes `left @ right` into a contiguous `[...batchShape, m, n]` buffer. Batch dims are read
 * through broadcast strides (stride 0 where one side is broadcast), so nothing is expanded.
 */
function stackProduct(left: MatrixStack, right: MatrixStack, batchShape: Shape, dtype: DType): TypedArray {
  const m = left.rows;
  const k = left.cols;
  const n = right.cols;
  const out = allocate(dtype, numel(batchShape) * m * n);
  if (out.length === 0) return out;
  const lhs = castStack(left, 'left', dtype);
  const rhs = castStack(right, 'right', dtype);
  const xb = broadcastStrides(lhs.batchShape, lhs.batchStrides, batchShape);
  const yb = broadcastStrides(rhs.batchShape, rhs.batchStrides, batchShape);
  // The innermost batch dims that both sides step through with one stride each are handed to the
  // kernel as a single strided batch dim; any dims outside that run are looped over here.
  let split = batchShape.length;
  let inner = 1;
  let xInner = 0;
  let yInner = 0;
  for (; split > 0; split--) {
    const d = split - 1;
    if (batchShape[d] === 1) continue;
    if (inner === 1) {
      xInner = xb[d];
      yInner = yb[d];
    } else if (xb[d] !== xInner * inner || yb[d] !== yInner * inner) {
      break;
    }
    inner *= batchShape[d];
  }
  const outerShape = [...batchShape.slice(0, split), 1];
  const xStarts = rowStarts(outerShape, [...xb.slice(0, split), 0], lhs.array.offset);
  const yStarts = rowStarts(outerShape, [...yb.slice(0, split), 0], rhs.array.offset);
  const chunk = inner * m * n;
  for (let o = 0; o < xStarts.length; o++) {
    const xView: StridedView = { data: lhs.array.data, shape: [inner, m, k], strides: [xInner, lhs.rowStride, lhs.colStride], offset: xStarts[o] };
    const yView: StridedView = { data: rhs.array.data, shape: [inner, k, n], strides: [yInner, rhs.rowStride, rhs.colStride], offset: yStarts[o] };
    kernels().matmul(xView, yView, out.subarray(o * chunk, (o + 1) * chunk), inner, m, k, n);
  }
  return out;
}

/**
 * Matrix product with PyTorch's `matmul` rules: 1-d·1-d is a dot product (0-d result), 1-d
 * operands gain and then lose a dim, and leading batch dims broadcast.
 * @example
 * matmul(array([[1, 2], [3, 4]]), array([[5], [6]])).toArray() // [[17], [39]]
 */
export function matmul(a: NDArray, b: NDArray): NDArray {
  expectNDArray('matmul', a);
  checkArrays('matmul', a, b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`matmul: both arguments need to be at least 1-d, got ${formatShape(a.shape)} and ${formatShape(b.shape)}\nhint: use mul() to multiply by a scalar`);
  }
  const dtype = productDType('matmul', a, b);
  const left = asStack(a, 'left');
  const right = asStack(b, 'right');
  checkInner('matmul', a, b, left.cols, right.rows);
  let batchShape: number[];
  try {
    batchShape = broadcastShapes('matmul', left.batchShape, right.batchShape);
  } catch {
    throw new ShapeError(
      `matmul: batch dims of shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} are not broadcastable (${formatShape(left.batchShape)} vs ${formatShape(right.batchShape)})`,
    );
  }
  const shape = [...batchShape];
  if (a.ndim > 1) shape.push(left.rows);
  if (b.ndim > 1) shape.push(right.cols);
  return new NDArray(stackProduct(left, right, batchShape, dtype), dtype, shape);
}

/**
 * Dot product of two 1-d arrays of the same length, as a 0-d array (as `torch.dot`).
 * @example
 * dot(array([1, 2, 3]), array([4, 5, 6])).item() // 32
 */
export function dot(a: NDArray, b: NDArray): NDArray {
  expectNDArray('dot', a);
  checkArrays('dot', a, b);
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new ShapeError(`dot: expected 1-d arrays, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  if (a.size !== b.size) {
    throw new ShapeError(`dot: arrays of shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} differ in length (${a.size} != ${b.size})`);
  }
  const dtype = productDType('dot', a, b);
  return new NDArray(stackProduct(asStack(a, 'left'), asStack(b, 'right'), [], dtype), dtype, []);
}

/**
 * Outer product of two 1-d arrays: `out[i, j] = a[i] * b[j]` (as `torch.outer`).
 * @example
 * outer(array([1, 2]), array([3, 4, 5])).toArray() // [[3, 4, 5], [6, 8, 10]]
 */
export function outer(a: NDArray, b: NDArray): NDArray {
  expectNDArray('outer', a);
  checkArrays('outer', a, b);
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new ShapeError(`outer: expected 1-d arrays, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  // A broadcast multiply is exactly PyTorch's definition (and keeps its dtype rules, bool included).
  return mul(unsqueeze(a, 1), b);
}

/**
 * Batched matrix product of two 3-d arrays with equal batch sizes, no broadcasting (as `torch.bmm`).
 * @example
 * bmm(zeros([4, 2, 3]), zeros([4, 3, 5])).shape // [4, 2, 5]
 */
export function bmm(a: NDArray, b: NDArray): NDArray {
  expectNDArray('bmm', a);
  checkArrays('bmm', a, b);
  if (a.ndim !== 3 || b.ndim !== 3) {
    throw new ShapeError(`bmm: expected 3-d arrays, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`bmm: batch sizes of shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} differ (${a.shape[0]} != ${b.shape[0]})`);
  }
  const dtype = productDType('bmm', a, b);
  const left = asStack(a, 'left');
  const right = asStack(b, 'right');
  checkInner('bmm', a, b, left.cols, right.rows);
  const batchShape = [a.shape[0]];
  return new NDArray(stackProduct(left, right, batchShape, dtype), dtype, [a.shape[0], left.rows, right.cols]);
}

/** `x` as `dtype`: itself when it already is, else a contiguous copy. */
function castTo(x: NDArray, dtype: DType): NDArray {
  return x.dtype === dtype ? x : astype(x, dtype);
}

/**
 * `x · weightᵀ + bias`, as `torch.nn.functional.linear`: x `[..., in]`, weight `[out, in]` and an
 * optional bias `[out]` give `[..., out]`. One kernel call: the bias seeds the product's output
 * (wasm adds it while accumulating), and the transposed weight is read in place, never copied.
 * @example
 * linear(ones([2, 3]), ones([4, 3]), zeros([4])).shape // [2, 4]
 */
export function linear(x: NDArray, weight: NDArray, bias?: NDArray | null): NDArray {
  expectNDArray('linear', x);
  checkArrays('linear', x, weight);
  if (bias !== undefined && bias !== null && !NDArray.isNDArray(bias)) throw new ArgumentError(`linear: expected an NDArray or null bias, got ${describe(bias)}`);
  if (weight.ndim !== 2) throw new ShapeError(`linear: expected a 2-d weight [out, in], got ${formatShape(weight.shape)}`);
  if (x.ndim === 0) throw new ShapeError(`linear: expected an input of at least 1 dim [..., ${weight.shape[1]}], got []`);
  const [n, k] = weight.shape;
  const inner = x.shape[x.ndim - 1];
  if (inner !== k) {
    throw new ShapeError(`linear: input ${formatShape(x.shape)} and weight ${formatShape(weight.shape)} cannot be multiplied (${inner} != ${k})`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== n)) {
    throw new ShapeError(`linear: expected a bias of shape [${n}] for weight ${formatShape(weight.shape)}, got ${formatShape(bias.shape)}`);
  }
  const dtype = bias ? promoteTypes(productDType('linear', x, weight), bias.dtype) : productDType('linear', x, weight);
  const lead = x.shape.slice(0, -1);
  const m = numel(lead);
  const out = allocate(dtype, m * n);
  if (out.length > 0) {
    const rows = castTo(reshape(x, [m, k]), dtype);
    const w = castTo(weight, dtype);
    const b = bias ? castTo(bias, dtype) : null;
    kernels().matmul(
      { data: rows.data, shape: [1, m, k], strides: [0, rows.strides[0], rows.strides[1]], offset: rows.offset },
      { data: w.data, shape: [1, k, n], strides: [0, w.strides[1], w.strides[0]], offset: w.offset },
      out, 1, m, k, n,
      b ? { data: b.data, shape: [n], strides: b.strides, offset: b.offset } : undefined,
    );
  }
  return new NDArray(out, dtype, [...lead, n]);
}
