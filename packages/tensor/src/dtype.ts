import { ArgumentError, DTypeError } from './errors.js';
import { allocateSharedResident, allocateStorage } from './memory/allocate.js';
import { allocateShared } from './storage-shared.js';

/** Element types an NDArray can hold. `bool` is stored one byte per element. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array behind each dtype. */
export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any storage an NDArray may sit on. */
export type TypedArray = TypedArrayOf[DType];

/** Array constructors per dtype (the storage class). */
export const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

/** Every dtype, for validation messages and tests. */
export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** Default floating dtype, as `torch.get_default_dtype()`. */
export const DEFAULT_DTYPE: DType = 'float32';

/** Bytes per element of each dtype. */
const ITEM_SIZE: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/**
 * Allocates zeroed storage for `size` elements of `dtype` (from the pool of disposed storage when
 * a buffer of that size is there, see memory/pool.ts). A size the engine cannot allocate
 * (too large, not an integer, or out of memory) throws an ArgumentError naming `op` and the size,
 * never a RangeError from inside the typed array constructor.
 * @example
 * allocate('float64', 4) // Float64Array(4)
 */
export function allocate<T extends DType>(dtype: T, size: number, op = 'allocate', shared = false): TypedArrayOf[T] {
  try {
    if (shared) return (allocateSharedResident(dtype, size) ?? allocateShared(dtype, size)) as TypedArrayOf[T];
    return allocateStorage(ARRAY_TYPES[dtype], dtype, size, true) as TypedArrayOf[T];
  } catch (error) {
    throw allocationError(error, dtype, size, op);
  }
}

/**
 * As `allocate`, but the values are unspecified: a reused buffer keeps its old values (fresh
 * memory is still zeros). Only for callers that write every element before anything reads it
 * (the element-wise and reduction kernels' outputs), which then skip a pass of zeroing.
 * @example
 * const out = allocateEmpty('float32', x.size); kernels().unary('exp', x, out);
 */
export function allocateEmpty<T extends DType>(dtype: T, size: number, op = 'allocate'): TypedArrayOf[T] {
  try {
    return allocateStorage(ARRAY_TYPES[dtype], dtype, size, false) as TypedArrayOf[T];
  } catch (error) {
    throw allocationError(error, dtype, size, op);
  }
}

function allocationError(error: unknown, dtype: DType, size: number, op: string): unknown {
  if (!(error instanceof RangeError)) return error;
  const bytes = Number.isFinite(size) ? ` (${size * ITEM_SIZE[dtype]} bytes)` : '';
  return new ArgumentError(`${op}: cannot allocate ${size} elements of ${dtype}${bytes}: ${error.message}`);
}

/**
 * True for float32 and float64.
 * @example
 * isFloating('int32') // false
 */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * The dtype two arrays combine to, as `torch.promote_types`.
 * @example
 * promoteTypes('int32', 'float32') // 'float32'
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The dtype of `array op scalar`: a scalar only lifts the array to a higher *category*
 * (bool < integer < float), never to a wider type of the same category, as in PyTorch.
 * @example
 * resultTypeWithScalar('int32', 0.5) // 'float32'
 */
export function resultTypeWithScalar(dtype: DType, scalar: number | boolean): DType {
  if (typeof scalar === 'boolean') return dtype;
  if (!Number.isInteger(scalar)) return isFloating(dtype) ? dtype : DEFAULT_DTYPE;
  return dtype === 'bool' ? 'int32' : dtype;
}

/**
 * Throws a DTypeError unless `dtype` is one of `allowed`.
 * @example
 * checkDType('indexSelect', 'index', idx.dtype, ['int32']);
 */
export function checkDType(op: string, what: string, dtype: DType, allowed: readonly DType[]): void {
  if (!allowed.includes(dtype)) {
    throw new DTypeError(`${op}: ${what} must be ${allowed.join(' or ')}, got ${dtype}`);
  }
}

/**
 * Throws a DTypeError unless `value` names a known dtype; `op`, when given, starts the message.
 * @example
 * parseDType('float16', 'zeros') // throws: zeros: unknown dtype "float16" (expected float32, float64, int32, bool)
 */
export function parseDType(value: unknown, op?: string): DType {
  if (typeof value === 'string' && (DTYPES as readonly string[]).includes(value)) return value as DType;
  // Errors name the op that received the dtype (STYLE §5); op is optional for older callers.
  const where = op === undefined ? '' : `${op}: `;
  throw new DTypeError(`${where}unknown dtype ${JSON.stringify(value)} (expected ${DTYPES.join(', ')})`);
}
