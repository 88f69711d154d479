import type { TypedArray } from '../dtype.js';
// The cpu rows are the one list of element-wise kernels; every other backend implements a subset.
import type { BINARY, UNARY } from './cpu/elementwise.js';
import { ArgumentError } from '../errors.js';
import { shared } from '../global-state.js';
import type { Shape } from '../shape.js';
import type { StridedView } from './strided.js';
import type { WindowKernels } from './window.js';

/** Element-wise functions of one argument: the keys of the cpu kernel rows (kernel names equal the op names). */
export type UnaryOp = keyof typeof UNARY;

/** Element-wise functions of two arguments: the keys of the cpu kernel rows. */
export type BinaryOp = keyof typeof BINARY;

/** Reductions along one axis. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min';

/** Float reductions along one axis that need more than one pass over it. */
export type StatisticOp = 'var' | 'norm' | 'logsumexp';

/** Running reductions along one axis (the output keeps the input's shape). */
export type ScanOp = 'cumsum' | 'cumprod';

/** Normalizations along one axis (the output keeps the input's shape). */
export type SoftmaxOp = 'softmax' | 'logSoftmax';

/**
 * The kernels a backend provides. Every kernel writes a contiguous `out`; inputs are strided
 * views whose strides are already broadcast to the output shape, so kernels never validate.
 * `unary` and `binary` may get an `out` that is not zero-filled (an op's `{ out }`, possibly an
 * input itself, element for element): they write every element, each after reading its inputs.
 */
export interface Kernels extends WindowKernels {
  /** `out[i] = op(x[i])`; `out` may have another dtype than `x` (comparisons give bool). */
  unary(op: UnaryOp, x: StridedView, out: TypedArray): void;
  /** Unary with scalar parameters: leakyRelu(slope), clamp(min, max). */
  unaryParam(op: 'leakyRelu' | 'clamp', x: StridedView, out: TypedArray, a: number, b: number): void;
  /** `out[i] = op(a[i], b[i])` where `a` and `b` are views broadcast to `shape`. */
  binary(op: BinaryOp, a: StridedView, b: StridedView, out: TypedArray): void;
  /** Binary with a scalar parameter: leakyReluBackward(grad, x, slope); as `binary` otherwise. */
  binaryParam(op: 'leakyReluBackward', a: StridedView, b: StridedView, out: TypedArray, param: number): void;
  /** `out[i] = cond[i] ? a[i] : b[i]` over views broadcast to one shape. */
  where(cond: StridedView, a: StridedView, b: StridedView, out: TypedArray): void;
  /**
   * Reduces a contiguous `[outer, size, inner]` block along its middle axis into `[outer, inner]`.
   * `indices`, when given, receives the position of the max/min (first one on ties).
   */
  reduce(op: ReduceOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray, indices?: Int32Array): void;
  /**
   * Like `reduce` for reductions that need several passes: `var` (param = correction),
   * `norm` (param = p), `logsumexp` (param unused). `out` may be float64 for any input.
   */
  statistic(op: StatisticOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray, param: number): void;
  /** Running sums/products of a contiguous `[outer, size, inner]` block along its middle axis into `out` (same layout). */
  scan(op: ScanOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void;
  /** Softmax/logSoftmax of a contiguous `[outer, size, inner]` block along its middle axis into `out` (same layout). */
  softmax(op: SoftmaxOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void;
  /**
   * Batched matrix product `out[b] = a[b] @ b[b]` for `batch` pairs of `[m, k] @ [k, n]`.
   * `a` and `b` are 3-d views `[batch, m, k]` and `[batch, k, n]` (any strides); `out` is
   * contiguous `[batch, m, n]` of the inputs' promoted dtype (float32, float64 or int32).
   * `bias`, when given, is a 1-d `[n]` view of the same dtype added to every row of every
   * product (the fused `x·Wᵀ + b` of a linear layer). `outStride` (default n) is the distance
   * between rows of `out`, so a thread can write a column panel of a wider product: row i of
   * product t starts at `(t * m + i) * outStride`, and elements between rows are left alone.
   */
  matmul(a: StridedView, b: StridedView, out: TypedArray, batch: number, m: number, k: number, n: number, bias?: StridedView, outStride?: number): void;
  // Indexing: `index` is contiguous int32 whose values are already checked against the dim size.
  /** `out[..., i, ...] = x[..., index[i], ...]` along `dim`; `out` is contiguous. */
  indexSelect(x: StridedView, dim: number, index: Int32Array, out: TypedArray): void;
  /** `target[..., index[i], ...] += alpha * source[..., i, ...]` in place; repeated indices accumulate. */
  indexAdd(target: StridedView, dim: number, index: Int32Array, source: StridedView, alpha: number): void;
  /** `out[p] = x[p with p[dim] = index[p]]` for every position `p` of `shape` (the index's shape). */
  gather(x: StridedView, dim: number, index: Int32Array, shape: Shape, out: TypedArray): void;
  /** `target[p with p[dim] = index[p]] = src[p]` in place over `src.shape` (the index's shape). */
  scatter(target: StridedView, dim: number, index: Int32Array, src: StridedView): void;
  /** As `scatter`, but adds into `target`; repeated indices accumulate. */
  scatterAdd(target: StridedView, dim: number, index: Int32Array, src: StridedView): void;
  // Optimizer updates, in place over contiguous float arrays of one dtype and length.
  /** One SGD step: `param` and `momentumBuffer` (when momentum is on) updated from `grad`; `hyper` as cpu/optimizer.ts SgdHyper. */
  sgdStep(param: TypedArray, grad: TypedArray, momentumBuffer: TypedArray | undefined, hyper: readonly number[]): void;
  /** One Adam/AdamW step: `param`, the moments and the running max (amsgrad) updated from `grad`; `hyper` as cpu/optimizer.ts AdamHyper. */
  adamStep(param: TypedArray, grad: TypedArray, expAvg: TypedArray, expAvgSq: TypedArray, maxExpAvgSq: TypedArray | undefined, hyper: readonly number[]): void;
  /** Every element of `out` set to `value`, already converted to what `out` holds (0/1 for bool). */
  fill(out: TypedArray, value: number): void;
}

/** A backend: a name and the kernels it implements; missing kernels fall back to `cpu`. */
export interface Backend {
  readonly name: string;
  readonly kernels: Partial<Kernels>;
}

// One registry per process, even when two copies of @dl/tensor are loaded (src/global-state.ts).
const state = shared('backends', () => ({
  backends: new Map<string, Backend>(),
  active: null as Kernels | null,
  activeName: 'cpu',
  decorate: null as ((base: Kernels) => Kernels) | null,
}));
const backends = state.backends;

/** @internal Wraps every kernel table ops get (the thread pool splits large calls this way). */
export function setKernelDecorator(decorator: ((base: Kernels) => Kernels) | null): void {
  state.decorate = decorator;
  state.active = null;
}

/**
 * Makes a backend available to `setBackend`. The cpu backend registers itself on import.
 * @example
 * registerBackend({ name: 'wasm', kernels: { matmul: wasmMatmul } });
 */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
  if (backend.name === state.activeName) state.active = null;
}

/**
 * Selects the backend whose kernels every op uses from now on; the API stays the same.
 * @example
 * setBackend('cpu');
 */
export function setBackend(name: string): void {
  if (!backends.has(name)) {
    throw new ArgumentError(`setBackend: unknown backend '${name}' (registered: ${[...backends.keys()].join(', ')})`);
  }
  state.activeName = name;
  state.active = null;
}

/**
 * The name of the active backend.
 * @example
 * getBackend() // 'cpu'
 */
export function getBackend(): string {
  return state.activeName;
}

/**
 * Names of all registered backends.
 * @example
 * listBackends() // ['cpu']
 */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/** @internal The kernel table ops call: the active backend's kernels over cpu's. */
export function kernels(): Kernels {
  if (state.active) return state.active;
  const cpu = backends.get('cpu');
  if (!cpu) throw new ArgumentError('kernels: the cpu backend is not registered');
  const table: Kernels = { ...(cpu.kernels as Kernels), ...(backends.get(state.activeName)?.kernels ?? {}) };
  state.active = state.decorate ? state.decorate(table) : table;
  return state.active;
}

