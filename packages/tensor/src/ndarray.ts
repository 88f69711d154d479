import { ARRAY_TYPES, allocate, type DType, type TypedArray } from './dtype.js';
import { assert, DisposedError } from './errors.js';
import { formatNDArray, type PrintOptions } from './format.js';
import { gatherInto, isContiguousView } from './kernels/strided.js';
import type { NDArrayMethods } from './methods.js';
import { contiguousStrides, formatShape, numel, type Shape } from './shape.js';
import { disposedInfo, disposedMessage, isDisposedStorage } from './memory/disposed.js';
import { releaseArray } from './memory/release.js';
import { scopes } from './memory/scope.js';
import { countView, TRACKED_LENGTH } from './memory/storage.js';
import { isSharedStorage, type SharedDescription } from './storage-shared.js';

const MARKER = Symbol.for('dl.NDArray');

// The strides last made for a frozen shape: op chains pass one shape array from array to array.
let lastShape: Shape | null = null;
let lastStrides: readonly number[] = [];

/** Frozen row-major strides of a frozen `shape`, reused when it is the shape seen last. */
function frozenContiguousStrides(shape: Shape): readonly number[] {
  if (shape !== lastShape) {
    lastStrides = Object.freeze(contiguousStrides(shape));
    lastShape = shape;
  }
  return lastStrides;
}

/** Nested JavaScript arrays of numbers, as `toArray()` returns them. */
export type NestedArray = number | NestedArray[];

// NOTE: the chainable methods (a.add(b).relu()) are installed on the prototype by methods.ts and
// merged into the class type here, in the class's own file: a `declare module './ndarray.js'`
// augmentation elsewhere points at a file that does not exist in the bundled dist/*.d.ts.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- methods.ts defines these members at import time
export interface NDArray extends NDArrayMethods {}

/**
 * An n-dimensional array of values (no gradients), as numpy's ndarray: a strided view
 * `(data, shape, strides, offset)` over a flat typed array. Views share `data`.
 * @example
 * const a = array([[1, 2], [3, 4]]); a.shape // [2, 2]
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class NDArray {
  /** Flat storage; several arrays may view the same storage. */
  readonly data: TypedArray;
  /** Element type: 'float32' (the default), 'float64', 'int32' or 'bool'. */
  readonly dtype: DType;
  /** Size of each dim, e.g. `[2, 3]`; `[]` for a 0-d array. */
  readonly shape: readonly number[];
  /** Elements to step in `data` per unit of each dim (0 for a broadcast dim). */
  readonly strides: readonly number[];
  /** Position in `data` of the first element. */
  readonly offset: number;
  /** Number of elements. */
  readonly size: number;
  readonly [MARKER] = true;

  /** @internal Use `array`, `zeros` or a view op; this trusts its arguments. */
  constructor(data: TypedArray, dtype: DType, shape: Shape, strides?: Shape, offset = 0) {
    this.data = data;
    this.dtype = dtype;
    // A frozen shape or strides array (another array's) is shared, not copied: nothing can change it.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.strides = strides ? (Object.isFrozen(strides) ? strides : Object.freeze([...strides])) : frozenContiguousStrides(this.shape);
    this.offset = offset;
    this.size = numel(shape);
    // Memory hooks (src/memory): views of managed storage are counted, so disposing the last one
    // recycles it; inside tidy() the array joins the innermost scope. A disposed array's `data`
    // throws DisposedError here, so no view of it can be made.
    if (data.length >= TRACKED_LENGTH) countView(data);
    const scope = scopes.current;
    if (scope !== null) scope.arrays.push(this);
  }

  /**
   * Releases the array now instead of when the garbage collector finds it, as tfjs's `dispose`:
   * its storage goes back to the pool once no other live array views it, and any later use of
   * this array throws DisposedError. Disposing twice is harmless.
   * @example
   * const y = exp(x); console.log(y.sum().item()); y.dispose();
   */
  dispose(): void {
    releaseArray(this, 'dispose');
  }

  /**
   * True once the array was disposed (by `dispose` or at the end of its `tidy`).
   * @example
   * const y = zeros([2]); y.dispose(); y.isDisposed // true
   */
  get isDisposed(): boolean {
    return isDisposedStorage(this.data);
  }

  /**
   * True for an NDArray from any copy of @dl/tensor (use instead of `instanceof`).
   * @example
   * NDArray.isNDArray(zeros([2])) // true
   */
  static isNDArray(value: unknown): value is NDArray {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /** Number of dims. */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * True when the elements are laid out densely in row-major order.
   * @example
   * zeros([2, 3]).transpose(0, 1).isContiguous() // false
   */
  isContiguous(): boolean {
    return isContiguousView(this.shape, this.strides);
  }

  /**
   * True when the storage is a SharedArrayBuffer, which worker threads can read and write.
   * @example
   * zeros([2], { shared: true }).isShared // true
   */
  get isShared(): boolean {
    return isSharedStorage(this.data);
  }

  /**
   * This array if its storage is shared, else a contiguous copy in shared memory.
   * @example
   * const weights = randn([1000, 64]).toShared();
   */
  toShared(): NDArray {
    if (this.isShared) return this;
    const out = allocate(this.dtype, this.size, 'toShared', true);
    gatherInto(this, out);
    return new NDArray(out, this.dtype, this.shape);
  }

  /**
   * The view as `{ buffer, dtype, shape, strides, offset }` to post to a worker, where
   * `fromDescription` rebuilds it over the same memory (offset counts elements from the buffer start).
   * @example
   * worker.postMessage(weights.toShared().describe());
   */
  describe(): SharedDescription {
    assert(this.isShared, () => `describe: the array's storage is not shared (shape ${formatShape(this.shape)})\nhint: call toShared() first, or create it with { shared: true }`);
    const elementOffset = this.data.byteOffset / this.data.BYTES_PER_ELEMENT;
    return {
      buffer: this.data.buffer as SharedArrayBuffer,
      dtype: this.dtype,
      shape: [...this.shape],
      strides: [...this.strides],
      offset: elementOffset + this.offset,
    };
  }

  /**
   * The value of a one-element array as a number (bool gives 0 or 1).
   * @example
   * array([[7]]).item() // 7
   */
  item(): number {
    this.checkLive('item');
    assert(this.size === 1, () => `item: only one-element arrays can be converted to a number, got shape ${formatShape(this.shape)} (${this.size} elements)`);
    return this.data[this.offset];
  }

  /**
   * The elements in row-major order as a typed array of the array's dtype.
   * Shares memory with the array when it is contiguous, as `numpy.ravel`; copy before mutating.
   * @example
   * array([[1, 2], [3, 4]]).dataSync() // Float32Array [1, 2, 3, 4]
   */
  dataSync(): TypedArray {
    this.checkLive('dataSync');
    if (this.isContiguous()) {
      // The storage itself when the array covers all of it (no new view object to make).
      if (this.offset === 0 && this.size === this.data.length) return this.data;
      return this.data.subarray(this.offset, this.offset + this.size);
    }
    // NOTE: the copy is the caller's plain typed array, which no NDArray views and no dispose
    // returns, so it must not be managed storage: that would count as in use forever.
    const out = new ARRAY_TYPES[this.dtype](this.size);
    gatherInto(this, out);
    return out;
  }

  /**
   * The values as nested JavaScript arrays (a number for a 0-d array; bool as 0/1).
   * @example
   * array([[1, 2], [3, 4]]).toArray() // [[1, 2], [3, 4]]
   */
  toArray(): NestedArray {
    this.checkLive('toArray');
    const flat = this.dataSync();
    if (this.ndim === 0) return flat[0];
    let position = 0;
    const build = (dim: number): NestedArray[] => {
      const size = this.shape[dim];
      const out = new Array<NestedArray>(size);
      for (let i = 0; i < size; i++) out[i] = dim === this.ndim - 1 ? (flat[position++]) : build(dim + 1);
      return out;
    };
    return build(0);
  }

  /**
   * A PyTorch-style printout: aligned columns, rounded values, `...` for large arrays.
   * @example
   * String(array([1.5, 2])) // 'array([1.5000, 2.0000])'
   */
  toString(options?: PrintOptions): string {
    if (this.isDisposed) return `array(<disposed ${this.dtype} ${formatShape(this.shape)}>)`;
    return formatNDArray(this, options);
  }

  /** Throws DisposedError naming `op` when the array was disposed. */
  private checkLive(op: string): void {
    if (!isDisposedStorage(this.data)) return;
    const info = disposedInfo(this.data);
    if (info !== undefined) throw new DisposedError(disposedMessage(info, op));
  }

  /** Lets `console.log` in Node print the same text as `toString`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
