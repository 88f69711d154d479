import { allocate, DEFAULT_DTYPE, resultTypeWithScalar, type DType } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { broadcastStrides, scatterFrom, type StridedView } from '../kernels/strided.js';
import { storageOverlaps } from '../memory/overlap.js';
import { NDArray } from '../ndarray.js';
import { firstNonInt32 } from './int32.js';
import { formatShape, shapesEqual, type Shape } from '../shape.js';
import { bumpVersion } from '../version.js';

/** Anything an op accepts where an array fits: an NDArray, a number or a boolean. */
export type Operand = NDArray | number | boolean;

// NOTE: @dl/autograd's Tensor marker, read without importing autograd (tensor sits below it).
const TENSOR_MARKER = Symbol.for('dl.Tensor');

/** @internal True for a Tensor of @dl/autograd (any copy), which @dl/tensor ops cannot take. */
export function isAutogradTensor(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TENSOR_MARKER] === true;
}

/**
 * @internal Checks that an op's array argument is an NDArray; a Tensor of @dl/autograd gets an
 * error that says what to do instead of failing deep inside a kernel.
 */
export function expectNDArray(op: string, value: unknown, autogradTwin = true): asserts value is NDArray {
  if (NDArray.isNDArray(value)) return;
  if (isAutogradTensor(value)) {
    // Ops without a differentiable twin (kernels' helpers, fused updates) can only take the data.
    const fix = autogradTwin ? `use ${op} from @dl/autograd, or pass tensor.data` : 'pass tensor.data';
    throw new ArgumentError(`${op}: got an @dl/autograd Tensor, which @dl/tensor ops do not take\nhint: ${fix}`);
  }
  throw new ArgumentError(`${op}: expected an NDArray, got ${describe(value)}`);
}

/**
 * @internal Turns an operand into an NDArray. A scalar becomes a 0-d array whose dtype
 * follows PyTorch's scalar rules relative to `like` (a scalar never widens a float array).
 */
export function asNDArray(op: string, value: Operand, like?: NDArray): NDArray {
  if (NDArray.isNDArray(value)) return value;
  if (typeof value === 'boolean') {
    // Storage must match the dtype: a bool scalar taking `like`'s float dtype needs a Float32Array.
    const dtype: DType = like ? like.dtype : 'bool';
    const data = allocate(dtype, 1);
    data[0] = value ? 1 : 0;
    return new NDArray(data, dtype, []);
  }
  if (typeof value !== 'number') {
    if (isAutogradTensor(value)) expectNDArray(op, value);
    throw new ArgumentError(`${op}: expected an NDArray, a number or a boolean, got ${describe(value)}`);
  }
  let dtype: DType = like ? resultTypeWithScalar(like.dtype, value) : DEFAULT_DTYPE;
  // NOTE: an integer scalar beyond int32 would wrap in a 0-d int32 array (PyTorch wraps it too);
  // as float64 it is exact, so `gt(x, 3e9)` is right and `add(x, 3e9)` is float64, not wrapped.
  if (dtype === 'int32' && firstNonInt32([value]) >= 0) dtype = 'float64';
  const data = allocate(dtype, 1);
  data[0] = value;
  return new NDArray(data, dtype, []);
}

/** @internal A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an Array';
  switch (typeof value) {
    case 'object':
      return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
    case 'function':
      return 'a function';
    case 'string':
      return `string ${JSON.stringify(value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    default:
      return typeof value;
  }
}

/** @internal A view of `x` read as if broadcast to `shape`. */
export function broadcastView(x: NDArray, shape: Shape): StridedView {
  return { data: x.data, shape, strides: broadcastStrides(x.shape, x.strides, shape), offset: x.offset };
}

/** Kinds of dtype, ordered as PyTorch's `canCast` checks them (float64 and float32 are one kind). */
const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 };

/**
 * Writes `result` into `target` for in-place ops, as PyTorch's `add_`: the result must
 * keep `target`'s shape and be castable to its dtype.
 * @internal
 */
export function assignInPlace(op: string, target: NDArray, result: NDArray): NDArray {
  if (!shapesEqual(target.shape, result.shape)) {
    throw new ShapeError(`${op}: output with shape ${formatShape(target.shape)} doesn't match the broadcast shape ${formatShape(result.shape)}`);
  }
  // As torch's canCast: float64 may be written into float32 (same kind), float never into int32.
  if (CATEGORY[result.dtype] > CATEGORY[target.dtype]) {
    throw new DTypeError(`${op}: result type ${result.dtype} can't be cast to the desired output type ${target.dtype}`);
  }
  // An expanded (stride-0) dim makes several elements share one memory cell; PyTorch refuses too.
  const aliased = target.shape.findIndex((size, d) => size > 1 && target.strides[d] === 0);
  if (aliased >= 0) {
    throw new ArgumentError(
      `${op}: more than one element of the written-to array refers to a single memory location (stride 0 at dim ${aliased} of shape ${formatShape(target.shape)})\nhint: clone() the array first`,
    );
  }
  // A result that shares storage with the target (copy_(x.T, x)) is copied first, so no value
  // is read after it has been overwritten. Fresh results are used as they are.
  let values = result.dataSync();
  if (storageOverlaps(values, target.data)) values = values.slice();
  scatterFrom(target, values);
  bumpVersion(target, op);
  return target;
}
