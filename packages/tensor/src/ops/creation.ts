import { allocate, allocateEmpty, DEFAULT_DTYPE, parseDType, type DType, type TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError } from '../errors.js';
import { kernels } from '../kernels/registry.js';
import { NDArray } from '../ndarray.js';
import { defaultGenerator, type Generator } from '../random.js';
import { checkShape, formatShape, numel, type Shape } from '../shape.js';
import { checkInt32Scalar, checkInt32Values } from './int32.js';
import { describe } from './operand.js';

/** Nested arrays of numbers or booleans, as accepted by `array`. */
export type NestedInput = number | boolean | readonly NestedInput[];

/** A shape, or a single size for a 1-d array, as PyTorch's `torch.zeros(3)`. */
export type ShapeLike = Shape | number;

/** Deepest nesting `array` walks; deeper data (or a cycle) is refused instead of overflowing the stack. */
export const MAX_NDIM = 64;

/** The shape a creation op was given, `n` meaning `[n]`; anything else is refused by name. */
function toShape(op: string, shape: ShapeLike): Shape {
  if (typeof shape === 'number') {
    checkShape(op, [shape]);
    return [shape];
  }
  if (!Array.isArray(shape)) {
    throw new ArgumentError(`${op}: shape must be an array of sizes or a number, got ${describe(shape)}`);
  }
  const sizes = shape as Shape;
  checkShape(op, sizes);
  return sizes;
}

/** Options shared by creation functions. */
export interface CreationOptions {
  /** Element type; float32 unless the data says otherwise. */
  dtype?: DType;
  /** Store the values in a SharedArrayBuffer, visible to worker threads without copies. */
  shared?: boolean;
}

/** Options of random creation functions. */
export interface RandomOptions extends CreationOptions {
  /** Stream to draw from; the default generator (seeded by `manualSeed`) otherwise. */
  generator?: Generator;
}

function dtypeOfTypedArray(data: TypedArray | ArrayBufferView): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array) return 'bool';
  throw new DTypeError(`array: unsupported typed array ${Object.prototype.toString.call(data).slice(8, -1)} (expected Float32Array, Float64Array, Int32Array or Uint8Array)`);
}

function nestedShape(data: NestedInput): number[] {
  const shape: number[] = [];
  let level: NestedInput = data;
  while (Array.isArray(level)) {
    if (shape.length === MAX_NDIM) {
      throw new ArgumentError(`array: nested deeper than ${MAX_NDIM} levels (the most dims an array may have), or the data contains itself`);
    }
    shape.push(level.length);
    if (level.length === 0) break;
    // A hole at [0] is reported by the walk, with its index.
    if (!(0 in level)) break;
    level = level[0] as NestedInput;
  }
  return shape;
}

/** Copies the leaves into `out`; true when there are leaves and every one is a boolean. */
function flattenNested(data: NestedInput, shape: Shape, out: TypedArray): boolean {
  let position = 0;
  // [true, 2] is numeric, as torch.tensor([True, 2]); only all-boolean data infers bool.
  let booleans = 0;
  const walk = (value: NestedInput, dim: number, path: number[]): void => {
    if (dim === shape.length) {
      if (typeof value === 'boolean') booleans++;
      else if (typeof value !== 'number') {
        throw new ArgumentError(`array: expected a number or boolean at index [${path.join(', ')}], got ${describe(value)}`);
      }
      out[position++] = Number(value);
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[dim]) {
      const got = Array.isArray(value) ? `length ${value.length}` : describe(value);
      throw new ArgumentError(`array: ragged nested array: expected length ${shape[dim]} at dim ${dim} (index [${path.join(', ')}]), got ${got}`);
    }
    // NOTE: an index loop, not forEach: forEach skips holes, which shifted later values left and
    // zero-filled the end ([1, , 3] became [1, 3, 0]).
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) {
        throw new ArgumentError(`array: hole (empty slot) at index [${[...path, i].join(', ')}] of a sparse array\nhint: write every element, e.g. [1, 0, 3] instead of [1, , 3]`);
      }
      walk(value[i] as NestedInput, dim + 1, [...path, i]);
    }
  };
  walk(data, 0, []);
  return booleans > 0 && booleans === position;
}

/** The index along each dim of flat (row-major) position `i` in `shape`. */
function unravel(i: number, shape: Shape): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return index;
}

/**
 * An array from nested JS arrays, a typed array (copied) or a number, as `torch.tensor`.
 * Numbers default to float32, booleans to bool, typed arrays to their own dtype.
 * @example
 * array([[1, 2], [3, 4]], { dtype: 'int32' })
 * array(new Float32Array(6), { shape: [2, 3] })
 */
export function array(data: NestedInput | TypedArray, options: CreationOptions & { shape?: Shape } = {}): NDArray {
  if (options.dtype !== undefined) parseDType(options.dtype, 'array');
  if (ArrayBuffer.isView(data)) {
    const dtype = options.dtype ?? dtypeOfTypedArray(data);
    const shape = options.shape ?? [data.length];
    checkShape('array', shape);
    if (numel(shape) !== data.length) {
      throw new ArgumentError(`array: ${data.length} values cannot fill shape ${formatShape(shape)} (${numel(shape)} elements)`);
    }
    if (dtype === 'int32' && !(data instanceof Int32Array) && !(data instanceof Uint8Array)) checkInt32Values('array', data);
    const out = allocate(dtype, data.length, 'array', options.shared);
    // bool storage holds only 0 and 1: a plain set() would keep 2 and truncate 0.5 to false.
    if (dtype === 'bool') for (let i = 0; i < data.length; i++) out[i] = data[i] !== 0 ? 1 : 0;
    else out.set(data);
    return new NDArray(out, dtype, shape);
  }
  const nested = nestedShape(data);
  const probe = allocate('float64', numel(nested), 'array');
  const allBoolean = flattenNested(data, nested, probe);
  const dtype = options.dtype ?? (allBoolean ? 'bool' : DEFAULT_DTYPE);
  if (dtype === 'int32') checkInt32Values('array', probe, (i) => ` at index [${unravel(i, nested).join(', ')}]`);
  const out = allocate(dtype, probe.length, 'array', options.shared);
  if (dtype === 'bool') for (let i = 0; i < probe.length; i++) out[i] = probe[i] !== 0 ? 1 : 0;
  else out.set(probe);
  const result = new NDArray(out, dtype, nested);
  if (options.shape === undefined) return result;
  checkShape('array', options.shape);
  if (numel(options.shape) !== result.size) {
    throw new ArgumentError(`array: ${result.size} values cannot fill shape ${formatShape(options.shape)} (${numel(options.shape)} elements)`);
  }
  return new NDArray(out, dtype, options.shape);
}

/**
 * Wraps a typed array without copying, as `torch.from_numpy`: writes to one show in the other.
 * @example
 * fromTypedArray(new Float32Array([1, 2, 3, 4]), [2, 2])
 */
export function fromTypedArray(data: TypedArray, shape: Shape = [data.length]): NDArray {
  checkShape('fromTypedArray', shape);
  if (numel(shape) !== data.length) {
    throw new ArgumentError(`fromTypedArray: ${data.length} values cannot fill shape ${formatShape(shape)} (${numel(shape)} elements)`);
  }
  return new NDArray(data, dtypeOfTypedArray(data), shape);
}

/**
 * An array of `shape` filled with `value`.
 * @example
 * full([2, 2], 7)
 */
export function full(shape: ShapeLike, value: number | boolean, options: CreationOptions = {}): NDArray {
  return filled('full', shape, value, options);
}

/** `full` under the name of the calling op, so a bad shape in `zeros` is reported as `zeros`. */
function filled(op: string, shapeLike: ShapeLike, value: number | boolean, options: CreationOptions): NDArray {
  const shape = toShape(op, shapeLike);
  const dtype = options.dtype ?? (typeof value === 'boolean' ? 'bool' : DEFAULT_DTYPE);
  if (parseDType(dtype, op) === 'int32') checkInt32Scalar(op, Number(value));
  // bool storage holds only 0 and 1 (full([2], 2, { dtype: 'bool' }) is true, as NaN is).
  const fill = dtype === 'bool' ? (Number(value) !== 0 ? 1 : 0) : Number(value);
  // allocate's storage is zeros already (the fill would be a second pass: zeros, empty); any
  // other fill writes every element, so it skips the zeroing of reused storage.
  const zero = Object.is(fill, 0);
  const out = zero || options.shared ? allocate(dtype, numel(shape), op, options.shared) : allocateEmpty(dtype, numel(shape), op);
  // The backend's fill: on storage resident in wasm linear memory, fill.wat's v128 stores.
  if (!zero) kernels().fill(out, fill);
  return new NDArray(out, dtype, shape);
}

/** Zeros of `shape` (a number n means [n]). @example zeros([2, 3]) */
export const zeros = (shape: ShapeLike, options: CreationOptions = {}): NDArray => filled('zeros', shape, 0, options);
/** Ones of `shape` (a number n means [n]). @example ones([2, 3], { dtype: 'int32' }) */
export const ones = (shape: ShapeLike, options: CreationOptions = {}): NDArray => filled('ones', shape, 1, options);
/**
 * Storage of `shape` with unspecified values, as `torch.empty`; @dl's are zeros (typed arrays
 * are zero-filled) but code should not rely on it.
 * @example
 * empty(3)
 */
export const empty = (shape: ShapeLike, options: CreationOptions = {}): NDArray => filled('empty', shape, 0, options);
/** Zeros shaped (and typed, unless told) like `x`. @example zerosLike(x) */
export const zerosLike = (x: NDArray, options: CreationOptions = {}): NDArray => filled('zerosLike', x.shape, 0, { ...options, dtype: options.dtype ?? x.dtype });
/** Ones shaped (and typed, unless told) like `x`. @example onesLike(x) */
export const onesLike = (x: NDArray, options: CreationOptions = {}): NDArray => filled('onesLike', x.shape, 1, { ...options, dtype: options.dtype ?? x.dtype });
/** `value` shaped (and typed, unless told) like `x`. @example fullLike(x, 2) */
export const fullLike = (x: NDArray, value: number, options: CreationOptions = {}): NDArray =>
  filled('fullLike', x.shape, value, { ...options, dtype: options.dtype ?? x.dtype });

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`, as `torch.arange`;
 * `arange(n)` counts 0..n-1. Integer arguments give int32, as PyTorch gives integers.
 * @example
 * arange(5).toArray() // [0, 1, 2, 3, 4]
 * arange(0, 1, 0.25).toArray() // [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, end?: number, step = 1, options: CreationOptions = {}): NDArray {
  const [from, to] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step) || !Number.isFinite(from) || !Number.isFinite(to)) {
    throw new ArgumentError(`arange: start (${from}), end (${to}) and step (${step}) must be finite and step nonzero`);
  }
  if ((to - from) / step < 0) {
    throw new ArgumentError(`arange: upper bound and lower bound inconsistent with step sign (start ${from}, end ${to}, step ${step})`);
  }
  const count = Math.ceil((to - from) / step);
  const integral = [from, to, step].every(Number.isInteger);
  const dtype = parseDType(options.dtype ?? (integral ? 'int32' : DEFAULT_DTYPE), 'arange');
  const values = `(start ${from}, end ${to}, step ${step})`;
  if (!Number.isSafeInteger(count) || count > 2 ** 32) {
    throw new ArgumentError(`arange: ${count} elements are too many to allocate ${values}`);
  }
  // NOTE: integer arguments give int32 (PyTorch gives int64): a last value beyond int32 is refused.
  if (dtype === 'int32' && count > 0) checkInt32Values('arange', [from, from + (count - 1) * step], (i) => ` (the ${i === 0 ? 'first' : 'last'} value) ${values}`);
  const out = allocate(dtype, count, 'arange', options.shared);
  for (let i = 0; i < count; i++) out[i] = from + i * step;
  return new NDArray(out, dtype, [count]);
}

/**
 * `steps` evenly spaced values from `start` to `end`, both included.
 * @example
 * linspace(0, 1, 5).toArray() // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, end: number, steps: number, options: CreationOptions = {}): NDArray {
  if (!Number.isInteger(steps) || steps < 0) throw new ArgumentError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = parseDType(options.dtype ?? DEFAULT_DTYPE, 'linspace');
  if (steps > 2 ** 32) throw new ArgumentError(`linspace: ${steps} steps are too many to allocate (start ${start}, end ${end})`);
  if (dtype === 'int32') checkInt32Values('linspace', [start, end]);
  const out = allocate(dtype, steps, 'linspace', options.shared);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // NOTE: fill symmetric halves from each end, as PyTorch does, so `end` is exact.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) out[i] = i < half ? start + i * delta : end - (steps - 1 - i) * delta;
  // One step gives [start], as torch.linspace (the loop's second half would give [end]).
  if (steps === 1) out[0] = start;
  return new NDArray(out, dtype, [steps]);
}

/**
 * The identity matrix (`n` x `m`, m defaults to n).
 * @example
 * eye(3)
 */
export function eye(n: number, m = n, options: CreationOptions = {}): NDArray {
  const x = filled('eye', [n, m], 0, options);
  for (let i = 0; i < Math.min(n, m); i++) x.data[i * m + i] = 1;
  return x;
}

function randomArray(op: string, shapeLike: ShapeLike, options: RandomOptions, draw: (g: Generator) => number): NDArray {
  const shape = toShape(op, shapeLike);
  const dtype = parseDType(options.dtype ?? DEFAULT_DTYPE, op);
  const generator = options.generator ?? defaultGenerator;
  const out = allocate(dtype, numel(shape), op, options.shared);
  for (let i = 0; i < out.length; i++) out[i] = draw(generator);
  return new NDArray(out, dtype, shape);
}

function checkFloatDType(op: string, options: CreationOptions): void {
  if (options.dtype !== undefined && options.dtype !== 'float32' && options.dtype !== 'float64') {
    throw new DTypeError(`${op}: dtype must be float32 or float64, got ${options.dtype}`);
  }
}

/**
 * Uniform samples in [0, 1).
 * @example
 * manualSeed(0); rand([2, 2])
 */
export function rand(shape: ShapeLike, options: RandomOptions = {}): NDArray {
  checkFloatDType('rand', options);
  // NOTE: a 53-bit uniform within 2^-25 of 1 rounds to 1 in a Float32Array; 24 bits, as
  // PyTorch draws float32, keep every value below 1.
  if ((options.dtype ?? DEFAULT_DTYPE) === 'float32') return randomArray('rand', shape, options, (g) => (g.nextUint32() >>> 8) / 16777216);
  return randomArray('rand', shape, options, (g) => g.uniform());
}

/**
 * Standard normal samples.
 * @example
 * randn([3], { generator: new Generator(1) })
 */
export function randn(shape: ShapeLike, options: RandomOptions = {}): NDArray {
  checkFloatDType('randn', options);
  return randomArray('randn', shape, options, (g) => g.normal());
}

/**
 * Uniform integers in [low, high), int32 by default, as `torch.randint`.
 * @example
 * randint(0, 10, [5])
 */
export function randint(low: number, high: number, shape: ShapeLike, options: RandomOptions = {}): NDArray {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ArgumentError(`randint: expected integers low < high, got low ${low} and high ${high}`);
  }
  // high is exclusive: randint(0, 2 ** 31) is fine, randint(0, 2 ** 32) would wrap half its draws.
  if ((options.dtype ?? 'int32') === 'int32') checkInt32Values('randint', [low, high - 1], (i) => ` (${i === 0 ? 'low' : 'high - 1'})`);
  return randomArray('randint', shape, { ...options, dtype: options.dtype ?? 'int32' }, (g) => g.integer(low, high));
}

/**
 * A random permutation of 0..n-1 (int32), by Fisher-Yates.
 * @example
 * randperm(5).toArray() // e.g. [3, 0, 4, 1, 2]
 */
export function randperm(n: number, options: RandomOptions = {}): NDArray {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`randperm: n must be a non-negative integer, got ${n}`);
  const generator = options.generator ?? defaultGenerator;
  const dtype = parseDType(options.dtype ?? 'int32', 'randperm');
  if (dtype === 'int32' && n > 2 ** 31) throw new ArgumentError(`randperm: n (${n}) is beyond int32: its values cannot be int32\nhint: pass { dtype: 'float64' }`);
  const out = allocate(dtype, n, 'randperm');
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = generator.integer(0, i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return new NDArray(out, dtype, [n]);
}
