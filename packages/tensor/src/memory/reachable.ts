import { NDArray } from '../ndarray.js';

/**
 * The protocol through which objects of upper layers (an autograd Tensor, a module's state)
 * show tidy() and dispose() the arrays they hold: a method under `Symbol.for('dl.arrays')`
 * returning them. @dl/tensor never imports those layers.
 * @example
 * class Pair { constructor(readonly a: NDArray, readonly b: NDArray) {}
 *   [ARRAYS_PROTOCOL](): NDArray[] { return [this.a, this.b]; } }
 */
export const ARRAYS_PROTOCOL: unique symbol = Symbol.for('dl.arrays') as typeof ARRAYS_PROTOCOL;

/** An object that holds arrays and lists them under `ARRAYS_PROTOCOL`. */
export interface HoldsArrays {
  [ARRAYS_PROTOCOL](): Iterable<unknown>;
}

function holdsArrays(value: object): value is HoldsArrays {
  return typeof (value as Partial<HoldsArrays>)[ARRAYS_PROTOCOL] === 'function';
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * @internal Calls `visit` on every NDArray in `value`: the value itself, the elements of arrays,
 * Sets and Maps (keys and values), the values of plain objects, and what objects holding arrays
 * list under ARRAYS_PROTOCOL, recursively (each container once). Other objects are opaque.
 */
export function forEachArray(value: unknown, visit: (x: NDArray) => void, seen = new Set<object>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (NDArray.isNDArray(value)) {
    visit(value);
    return;
  }
  if (holdsArrays(value)) {
    for (const item of value[ARRAYS_PROTOCOL]()) forEachArray(item, visit, seen);
  } else if (Array.isArray(value) || value instanceof Set) {
    for (const item of value as Iterable<unknown>) forEachArray(item, visit, seen);
  } else if (value instanceof Map) {
    for (const [key, item] of value as Map<unknown, unknown>) {
      forEachArray(key, visit, seen);
      forEachArray(item, visit, seen);
    }
  } else if (isPlainObject(value)) {
    for (const item of Object.values(value)) forEachArray(item, visit, seen);
  }
}
