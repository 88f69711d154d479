import { ARRAYS_PROTOCOL, isFloating, NDArray, array, storageVersion, ArgumentError, DTypeError, type DType, type NestedInput, type PrintOptions, type TypedArray, type NestedArray } from '@dl/tensor';
import { gradReplaced } from './grad-ownership.js';
import { runBackward } from './graph.js';
import type { TensorMethods } from './methods.js';
import { AccumulateGrad, type Node } from './node.js';
import type { RowSparseGrad } from './sparse-grad.js';

const MARKER = Symbol.for('dl.Tensor');

/** Anything ops accept as an operand: a Tensor, an NDArray (a constant) or a scalar. */
export type TensorLike = Tensor | NDArray | number | boolean;

/** Options of `backward`. */
export interface BackwardOptions {
  /** Keep saved values so backward can run through the graph again (default false). */
  retainGraph?: boolean;
}

// NOTE: the chainable methods (x.mul(2).sum()) are installed on the prototype by methods.ts and
// merged into the class type here, in the class's own file: a `declare module './tensor.js'`
// augmentation elsewhere points at a file that does not exist in the bundled dist/*.d.ts.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- methods.ts defines these members at import time
export interface Tensor extends TensorMethods {}

/**
 * What a PyTorch user calls a tensor: an NDArray (`data`) plus gradient tracking
 * (`requiresGrad`, `grad`, `gradFn`). Ops on tensors record a graph for `backward()`.
 * @example
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * x.mul(x).sum().backward(); x.grad // array([2., 4., 6.])
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class Tensor {
  /** The values. Replacing it is not recorded; an in-place write to it bumps its storage version, which backward checks. */
  data: NDArray;
  #grad: NDArray | null = null;
  #sparseGrad: RowSparseGrad | null = null;
  /** The node that produced this tensor; null for leaves. */
  readonly gradFn: Node | null;
  /** Optional label, shown in graph drawings (Modules name their parameters). */
  name: string | undefined;
  readonly [MARKER] = true;
  private requires: boolean;
  private accumulator: AccumulateGrad | null = null;

  /** @internal Use `tensor()` or an op; this trusts its arguments. */
  constructor(data: NDArray, requiresGrad = false, gradFn: Node | null = null) {
    this.data = data;
    this.gradFn = gradFn;
    this.requires = false;
    if (requiresGrad) this.requiresGrad = true;
    this.requires = requiresGrad || gradFn !== null;
  }

  /**
   * True for a Tensor from any copy of @dl/autograd (use instead of `instanceof`).
   * @example
   * Tensor.isTensor(tensor(1)) // true
   */
  static isTensor(value: unknown): value is Tensor {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /**
   * The arrays the tensor holds, its values and gradients (dense and row-sparse), listed for @dl/tensor's `tidy` (which
   * then keeps a returned Tensor) and `dispose` (which releases both).
   * @example
   * const y = tidy(() => x.mul(2).add(1)); // y stays usable; x.mul(2)'s values are disposed
   */
  [ARRAYS_PROTOCOL](): NDArray[] {
    const arrays = [this.data];
    if (this.#grad !== null) arrays.push(this.#grad);
    if (this.#sparseGrad !== null) arrays.push(this.#sparseGrad.indices, this.#sparseGrad.values);
    return arrays;
  }

  /**
   * Accumulated gradient after `backward()`, null until then (leaves and `retainGrad` only).
   * Assigning it (as `zeroGrad` does) releases a gradient that backward made inside a `tidy`
   * (see the README's "Gradients under tidy").
   */
  get grad(): NDArray | null {
    return this.#grad;
  }

  set grad(value: NDArray | null) {
    const previous = this.#grad;
    if (previous === value) return;
    this.#grad = value;
    gradReplaced(this, previous, value);
  }

  /**
   * Row-sparse gradient of a leaf looked up by `embedding(..., { sparse: true })`, null until
   * then; backward concatenates onto it (it never touches `grad`). Optimizers read and clear it.
   */
  get sparseGrad(): RowSparseGrad | null {
    return this.#sparseGrad;
  }

  set sparseGrad(value: RowSparseGrad | null) {
    const previous = this.#sparseGrad;
    if (previous === value) return;
    this.#sparseGrad = value;
    gradReplaced(this, previous, value);
  }

  /** Whether gradients flow to (and, for a leaf, accumulate in) this tensor. */
  get requiresGrad(): boolean {
    return this.requires;
  }

  set requiresGrad(value: boolean) {
    if (value && !isFloating(this.data.dtype)) {
      throw new DTypeError(`requiresGrad: only floating point tensors can require gradients, got ${this.data.dtype}`);
    }
    if (!value && this.gradFn !== null) {
      throw new ArgumentError(`requiresGrad: cannot turn off gradients of a non-leaf tensor (made by ${this.gradFn.name})\nhint: use detach()`);
    }
    this.requires = value;
  }

  /** True for tensors not produced by a recorded op (inputs and parameters). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Size of each dim, e.g. `[2, 3]`; `[]` for a 0-d tensor. */
  get shape(): readonly number[] {
    return this.data.shape;
  }

  /** Element type: 'float32' (the default), 'float64', 'int32' or 'bool'. */
  get dtype(): DType {
    return this.data.dtype;
  }

  /** Number of dims. */
  get ndim(): number {
    return this.data.ndim;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.size;
  }

  /**
   * How many in-place writes the storage under `data` has seen, as PyTorch's `_version`;
   * backward checks that the values it saved are still at the version they were saved at.
   * @example
   * add_(w.data, 1); w.version // 1
   */
  get version(): number {
    return storageVersion(this.data);
  }

  /**
   * Sets `requiresGrad` in place and returns this tensor; `requiresGrad_(false)` freezes a leaf.
   * @example
   * const w = randn([3]).requiresGrad_();
   */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /**
   * The same values, cut from the graph (shares storage), as `torch.Tensor.detach`.
   * @example
   * const target = prediction.detach();
   */
  detach(): Tensor {
    return new Tensor(this.data);
  }

  /**
   * Keeps `.grad` for this non-leaf tensor during backward, as `retain_grad()`.
   * @example
   * const h = x.mul(2); h.retainGrad(); h.sum().backward(); h.grad // ones
   */
  retainGrad(): this {
    if (this.gradFn) this.gradFn.retained = this;
    return this;
  }

  /** @internal The graph node gradients of this leaf flow into (one per leaf). */
  gradAccumulator(): AccumulateGrad {
    this.accumulator ??= new AccumulateGrad(this);
    return this.accumulator;
  }

  /**
   * Computes gradients of this tensor with respect to the graph's leaves and adds them into
   * their `.grad`. Needs `gradient` unless this tensor has one element.
   * @example
   * loss.backward();
   */
  backward(gradient?: TensorLike, options: BackwardOptions = {}): void {
    runBackward(this, gradient, options);
  }

  /** The value of a one-element tensor. @example loss.item() */
  item(): number {
    return this.data.item();
  }

  /** Values as nested arrays. @example x.toArray() */
  toArray(): NestedArray {
    return this.data.toArray();
  }

  /** Values as a flat typed array (shares memory when contiguous). @example x.dataSync() */
  dataSync(): TypedArray {
    return this.data.dataSync();
  }

  /**
   * PyTorch-style printout with the grad state: `tensor([2., 4.], gradFn=<MulBackward>)`.
   * @example
   * String(tensor([1, 2], { requiresGrad: true })) // 'tensor([1., 2.], requiresGrad=true)'
   */
  toString(options?: PrintOptions): string {
    const text = this.data.toString({ ...options, prefix: 'tensor' });
    const extra = this.gradFn ? `gradFn=<${this.gradFn.name}>` : this.requires ? 'requiresGrad=true' : '';
    return extra ? `${text.slice(0, -1)}, ${extra})` : text;
  }

  /** Lets `console.log` in Node print the same text as `toString`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Options of `tensor()`. */
export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/**
 * A leaf tensor from nested arrays, a typed array, a number or an NDArray, as `torch.tensor`.
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 */
export function tensor(data: NestedInput | TypedArray | NDArray, options: TensorOptions = {}): Tensor {
  const values = NDArray.isNDArray(data) ? (options.dtype ? data.astype(options.dtype) : data) : array(data, { dtype: options.dtype });
  return new Tensor(values, options.requiresGrad ?? false);
}

