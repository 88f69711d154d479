import * as nd from '@dl/tensor';
import type { NDArray } from '@dl/tensor';
import type { RowSparseGrad } from './sparse-grad.js';
import type { Tensor } from './tensor.js';

// A gradient outlives the step whose backward made it (the optimizer reads it, the next
// backward adds into it), so under tidy() autograd keeps it and, being then its only releaser,
// disposes it when the tensor lets go of it. The rule:
// - backward stores a gradient it made as the tensor's own: kept when made inside a tidy for a
//   leaf (a parameter outlives the step; a non-leaf's retained gradient dies with its values);
// - later passes add into an own `.grad` in place (as PyTorch's AccumulateGrad does), so a
//   saved `g = p.grad` stays `p.grad`;
// - when the tensor drops an own gradient made inside a tidy (zeroGrad, `p.grad = null`, a
//   replacement), it is disposed: a saved reference then throws DisposedError, never reads
//   reused memory. Made outside every tidy, it is only dropped, for the GC (as PyTorch).
// A gradient someone else assigned is theirs: never added into in place, never disposed.

interface Owner {
  readonly tensor: Tensor;
  /** Made inside a tidy, so kept: the tensor must dispose it when it drops it. */
  readonly kept: boolean;
}

const owners = new WeakMap<object, Owner>();
// Leaves of grad()/vjp(), whose gradients are handed to the caller as return values.
const handedOut = new WeakSet<Tensor>();

function insideTidy(): boolean {
  return nd.memory().tidyDepth > 0;
}

/** @internal Marks a private leaf of grad()/vjp(): its gradients are plain results, neither kept nor disposed. */
export function handsOutGrads(leaf: Tensor): void {
  handedOut.add(leaf);
}

/** @internal Whether `value` (a dense or sparse gradient) is `tensor`'s own. */
export function ownsGrad(tensor: Tensor, value: object): boolean {
  return owners.get(value)?.tensor === tensor;
}

/** @internal Called by the `grad`/`sparseGrad` setters when `tensor` stops holding `previous` and holds `next`. */
export function gradReplaced(tensor: Tensor, previous: object | null, next: object | null): void {
  // An own gradient assigned to another tensor is shared from then on: nobody releases it.
  if (next !== null) {
    const owner = owners.get(next);
    if (owner !== undefined && owner.tensor !== tensor) owners.delete(next);
  }
  if (previous === null) return;
  const owner = owners.get(previous);
  if (owner?.tensor !== tensor) return;
  owners.delete(previous);
  if (owner.kept) nd.dispose(previous);
}

function own(tensor: Tensor, value: object, arrays: readonly NDArray[]): void {
  // A non-leaf's gradient (retainGrad) lives as its values do: the tidy that made both disposes
  // both, unless it returns the tensor.
  const kept = tensor.isLeaf && !handedOut.has(tensor) && insideTidy();
  if (kept) for (const x of arrays) nd.keep(x);
  owners.set(value, { tensor, kept });
}

/**
 * Stores `grad`, an array the library made for `tensor` alone, as `tensor.grad`: kept past the
 * enclosing tidy(), added into in place by later backward passes, disposed when the tensor
 * drops it (see the README's "Gradients under tidy"). Releases an own gradient it replaces.
 * @example
 * adoptGrad(weight, zerosLike(weight.data));
 */
export function adoptGrad(tensor: Tensor, grad: NDArray): void {
  tensor.grad = grad;
  own(tensor, grad, [grad]);
}

/**
 * Stores `grad`, whose arrays the library made for `tensor` alone, as `tensor.sparseGrad`, with
 * the lifetime `adoptGrad` gives a dense gradient; for optimizers that rewrite a row-sparse
 * gradient (coalescing, clearing).
 * @example
 * adoptSparseGrad(embedding.weight, coalesced);
 */
export function adoptSparseGrad(tensor: Tensor, grad: RowSparseGrad): void {
  tensor.sparseGrad = grad;
  own(tensor, grad, [grad.indices, grad.values]);
}

/**
 * @internal Adds `g` (in `tensor`'s dtype) into `tensor.grad`. `fresh` says the engine made `g`
 * in this pass and nothing else holds it, so a first gradient is stored as it is; any other is
 * copied (a rule may pass one array to several inputs, or its `dy` through, and optimizers
 * update `.grad` in place).
 */
export function accumulateGrad(tensor: Tensor, g: NDArray, fresh: boolean): void {
  const current = tensor.grad;
  // A disposed gradient was released by its holder: as after zeroGrad, this pass starts anew.
  if (current === null || current.isDisposed) {
    adoptGrad(tensor, fresh ? g : nd.clone(g));
  } else if (ownsGrad(tensor, current) && current.dtype === g.dtype && nd.shapesEqual(current.shape, g.shape)) {
    if (nd.mayShareMemory(current, g)) nd.copy_(current, nd.add(current, g));
    else nd.add_(current, g);
  } else {
    adoptGrad(tensor, nd.add(current, g));
  }
}
