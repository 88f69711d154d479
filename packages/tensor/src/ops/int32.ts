// int32 is the only integer dtype: nothing may wrap silently into it (issue 9). Values that do not
// fit are refused with the value named; arithmetic whose exact result leaves the range throws.
import { allocate } from '../dtype.js';
import { DTypeError } from '../errors.js';

const LOW = -(2 ** 31);
const HIGH = 2 ** 31;
const RANGE = '-2147483648..2147483647';

/** True when `v` converts to int32 without overflow (truncating toward zero, as PyTorch casts). */
function fits(v: number): boolean {
  return v > LOW - 1 && v < HIGH;
}

/** @internal The flat index of the first value that does not fit int32, or -1. */
export function firstNonInt32(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!fits(values[i])) return i;
  return -1;
}

/**
 * @internal Throws a DTypeError unless every value converts to int32: NaN, ±Infinity and values
 * beyond ±2^31 are refused, as PyTorch's "value cannot be converted to type int32 without overflow".
 */
export function checkInt32Values(op: string, values: ArrayLike<number>, where: (i: number) => string = (i) => ` at flat index ${i}`): void {
  const i = firstNonInt32(values);
  if (i < 0) return;
  const v = values[i];
  throw new DTypeError(
    Number.isNaN(v)
      ? `${op}: value NaN${where(i)} cannot be converted to int32 (NaN has no integer value)\nhint: replace it first, e.g. where(isNaN(x), 0, x)`
      : `${op}: value ${v}${where(i)} cannot be converted to int32 without overflow (int32 holds ${RANGE})\nhint: use dtype 'float64', which holds integers exactly up to 2^53`,
  );
}

/** @internal Throws unless the scalar `value` converts to int32. */
export function checkInt32Scalar(op: string, value: number): void {
  checkInt32Values(op, [value], () => '');
}

/**
 * @internal Int32 results of integer arithmetic computed exactly in float64 (`exact`), refused if
 * any left the int32 range rather than wrapped (PyTorch would give int64; @dl has no int64).
 */
export function narrowToInt32(op: string, exact: Float64Array): Int32Array {
  const i = firstNonInt32(exact);
  if (i >= 0) {
    throw new DTypeError(
      `${op}: int32 overflow: the result ${exact[i]} (at flat index ${i}) is outside ${RANGE}\nhint: compute in float64 (exact for integers up to 2^53): ${op}(astype(x, 'float64'), ...)`,
    );
  }
  const out = allocate('int32', exact.length, op);
  out.set(exact);
  return out;
}

/** @internal Float64 scratch for an int32 result computed exactly, allocated under `op`'s name. */
export function exactScratch(op: string, size: number): Float64Array {
  return allocate('float64', size, op);
}
