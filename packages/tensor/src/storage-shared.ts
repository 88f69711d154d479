import type { DType, TypedArray, TypedArrayOf } from './dtype.js';
import { ArgumentError } from './errors.js';

// Storage in a SharedArrayBuffer: worker threads (and Web Workers) see the same bytes, so an
// NDArray crosses to a worker as a description `{ buffer, dtype, shape, strides, offset }`,
// never as a copy. This file imports no NDArray, so dtype.ts can allocate through it.

// The constructors per dtype again (dtype.ts imports this file, so it cannot be imported back).
const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;

type StorageConstructor = (typeof CONSTRUCTORS)[DType];

/**
 * @internal A typed array of `Ctor` over `length` elements of a shared buffer from element `start`.
 * NOTE: TypeScript's ES2022 lib types typed-array constructors with ArrayBuffer only; at runtime
 * every typed array takes a SharedArrayBuffer, hence the one cast here.
 */
export function typedArrayOver(Ctor: StorageConstructor, buffer: SharedArrayBuffer, start: number, length: number): TypedArray {
  return new Ctor(buffer as unknown as ArrayBuffer, start * Ctor.BYTES_PER_ELEMENT, length);
}

/**
 * An NDArray view over shared memory, as posted to a worker: `offset` and `strides` count
 * elements from the start of `buffer`.
 */
export interface SharedDescription {
  readonly buffer: SharedArrayBuffer;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * True when this realm can create SharedArrayBuffers (in browsers: a cross-origin isolated page).
 * @example
 * sharedMemoryAvailable() // true in Node
 */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  // Browsers expose the constructor in some builds but refuse to share without isolation.
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

/** @internal True when `data` sits in a SharedArrayBuffer. */
export function isSharedStorage(data: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && data.buffer instanceof SharedArrayBuffer;
}

/**
 * @internal Zeroed shared storage for `size` elements; `op` names the caller in the error
 * thrown where SharedArrayBuffer does not exist.
 */
export function allocateShared<T extends DType>(dtype: T, size: number, op = 'allocate'): TypedArrayOf[T] {
  if (!sharedMemoryAvailable()) {
    throw new ArgumentError(
      `${op}: shared storage needs SharedArrayBuffer, which this environment does not provide\nhint: in a browser, serve the page cross-origin isolated (COOP: same-origin, COEP: require-corp)`,
    );
  }
  const Ctor = CONSTRUCTORS[dtype];
  return typedArrayOver(Ctor, new SharedArrayBuffer(size * Ctor.BYTES_PER_ELEMENT), 0, size) as TypedArrayOf[T];
}

/** @internal The dtype a typed array stores, or undefined for other views. */
export function dtypeOfStorage(data: ArrayBufferView): DType | undefined {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array) return 'bool';
  return undefined;
}

/**
 * @internal Checks a description against its buffer and returns the typed array over the whole
 * buffer that the view indexes (so `offset` and `strides` apply unchanged).
 */
export function storageOfDescription(op: string, description: SharedDescription): TypedArray {
  const { buffer, dtype, shape, strides, offset } = description;
  if (typeof SharedArrayBuffer === 'undefined' || !(buffer instanceof SharedArrayBuffer)) {
    throw new ArgumentError(`${op}: buffer must be a SharedArrayBuffer, got ${Object.prototype.toString.call(buffer).slice(8, -1)}`);
  }
  if (!(dtype in CONSTRUCTORS)) {
    throw new ArgumentError(`${op}: unknown dtype ${JSON.stringify(dtype)} (expected float32, float64, int32, bool)`);
  }
  const Ctor = CONSTRUCTORS[dtype];
  const length = Math.floor(buffer.byteLength / Ctor.BYTES_PER_ELEMENT);
  if (strides.length !== shape.length) {
    throw new ArgumentError(`${op}: strides [${strides.join(', ')}] do not match shape [${shape.join(', ')}] (${strides.length} != ${shape.length} dims)`);
  }
  for (const [name, values] of [['shape', shape], ['strides', strides]] as const) {
    if (!values.every((v) => Number.isInteger(v) && (name === 'strides' || v >= 0))) {
      throw new ArgumentError(`${op}: ${name} must hold ${name === 'shape' ? 'non-negative ' : ''}integers, got [${values.join(', ')}]`);
    }
  }
  if (!Number.isInteger(offset) || offset < 0) throw new ArgumentError(`${op}: offset must be a non-negative integer, got ${offset}`);
  // The lowest and highest element the view reaches must both lie inside the buffer.
  let low = offset;
  let high = offset;
  const empty = shape.some((size) => size === 0);
  for (let d = 0; d < shape.length; d++) {
    const reach = (shape[d] - 1) * strides[d];
    if (reach < 0) low += reach;
    else high += reach;
  }
  if (!empty && (low < 0 || high >= length)) {
    throw new ArgumentError(
      `${op}: view (shape [${shape.join(', ')}], strides [${strides.join(', ')}], offset ${offset}) reaches elements ${low}..${high}, outside the buffer's ${length} ${dtype} elements`,
    );
  }
  return typedArrayOver(Ctor, buffer, 0, length);
}
