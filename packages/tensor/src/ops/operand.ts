import { allocate, DEFAULT_DTYPE, resultTypeWithScalar, type DType } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { NDArray } from '../ndarray.js';
import { firstNonInt32 } from './int32.js';

/** Anything an op accepts where an array fits: an NDArray, a number or a boolean. */
export type Operand = NDArray | number | boolean;

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
