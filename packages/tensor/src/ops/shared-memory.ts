import { DEFAULT_DTYPE, type DType } from '../dtype.js';
import { NDArray } from '../ndarray.js';
import { contiguousStrides, type Shape } from '../shape.js';
import { storageOfDescription, type SharedDescription } from '../storage-shared.js';

/** Where an array sits in a SharedArrayBuffer; every field but the buffer has a default. */
export interface FromSharedOptions {
  /** float32 unless told. */
  dtype?: DType;
  /** Defaults to a 1-d array over the whole buffer (after `offset`). */
  shape?: Shape;
  /** Elements to step per dim; row-major for `shape` unless told. */
  strides?: Shape;
  /** Index of the first element, counted in elements from the start of the buffer. */
  offset?: number;
}

/**
 * An NDArray over a SharedArrayBuffer, without copying: writes from any thread show in it.
 * @example
 * const buffer = new SharedArrayBuffer(4 * 6);
 * const x = fromShared(buffer, { dtype: 'float32', shape: [2, 3] });
 */
export function fromShared(buffer: SharedArrayBuffer, options: FromSharedOptions = {}): NDArray {
  const dtype = options.dtype ?? DEFAULT_DTYPE;
  const offset = options.offset ?? 0;
  const bytes = { float32: 4, float64: 8, int32: 4, bool: 1 }[dtype];
  const shape = options.shape ?? [Math.max(Math.floor(buffer.byteLength / bytes) - offset, 0)];
  return viewOf('fromShared', { buffer, dtype, shape, strides: options.strides ?? contiguousStrides(shape), offset });
}

/**
 * Rebuilds the array that `describe()` described, over the same shared memory (in a worker, say).
 * @example
 * parentPort.on('message', (description) => { const weights = fromDescription(description); });
 */
export function fromDescription(description: SharedDescription): NDArray {
  return viewOf('fromDescription', description);
}

function viewOf(op: string, description: SharedDescription): NDArray {
  const data = storageOfDescription(op, description);
  return new NDArray(data, description.dtype, description.shape, description.strides, description.offset);
}
