import * as nd from '@dl/tensor';
import { ArgumentError, NDArray, ShapeError, formatShape, type DType } from '@dl/tensor';
import { AccumulateGrad, type Node } from './node.js';
import { checkedContext } from './saved-versions.js';
import type { BackwardOptions, Tensor, TensorLike } from './tensor.js';

/**
 * Nodes reachable from `root`, each after every node that feeds it gradient (reverse
 * topological order). Iterative, so a 100,000-op chain does not overflow the stack.
 * @example
 * topoSort(loss.gradFn).map((n) => n.name) // ['SumBackward', 'MulBackward', 'AccumulateGrad', ...]
 */
export function topoSort(root: Node): Node[] {
  const postorder: Node[] = [];
  const visited = new Set<Node>([root]);
  const stack: { node: Node; next: number }[] = [{ node: root, next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next === frame.node.nextFunctions.length) {
      postorder.push(frame.node);
      stack.pop();
      continue;
    }
    const child = frame.node.nextFunctions[frame.next++];
    if (child !== null && !visited.has(child)) {
      visited.add(child);
      stack.push({ node: child, next: 0 });
    }
  }
  return postorder.reverse();
}

/**
 * Sums a gradient over the dims that broadcasting stretched, back to the input's `shape`.
 * The engine does this once for every rule, so rules never unbroadcast by hand.
 * @example
 * sumToShape(ones([4, 3]), [3]).toArray() // [4, 4, 4]
 */
export function sumToShape(grad: NDArray, shape: readonly number[]): NDArray {
  if (nd.shapesEqual(grad.shape, shape)) return grad;
  const lead = grad.ndim - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < grad.ndim; d++) {
    if (d < lead || (shape[d - lead] === 1 && grad.shape[d] !== 1)) dims.push(d);
  }
  const summed = dims.length > 0 ? nd.sum(grad, dims, { keepdim: true }) : grad;
  return nd.reshape(summed, shape);
}

function seedGradient(root: Tensor, gradient: TensorLike | undefined): NDArray {
  if (gradient === undefined) {
    if (root.size !== 1) {
      throw new ArgumentError(
        `backward: called on a tensor of shape ${formatShape(root.shape)}; pass a gradient or reduce to a scalar first\nhint: loss.sum().backward() or loss.backward(onesLike(loss))`,
      );
    }
    return nd.onesLike(root.data);
  }
  const seed = toNDArray(gradient, root.dtype);
  if (!nd.shapesEqual(seed.shape, root.shape)) {
    throw new ShapeError(`backward: gradient has shape ${formatShape(seed.shape)} but the output has shape ${formatShape(root.shape)}`);
  }
  return seed;
}

function toNDArray(value: TensorLike, dtype: DType): NDArray {
  if (NDArray.isNDArray(value)) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return nd.full([], Number(value), { dtype });
  return value.data;
}

function accumulateLeaf(leaf: Tensor, grad: NDArray): void {
  const g = grad.dtype === leaf.dtype ? grad : grad.astype(leaf.dtype);
  // NOTE: the first gradient is copied: rules may pass one array to several inputs, and
  // optimizers update `.grad` in place.
  leaf.grad = leaf.grad ? nd.add(leaf.grad, g) : nd.clone(g);
}

/** @internal The engine behind `Tensor.backward`. */
export function runBackward(root: Tensor, gradient: TensorLike | undefined, options: BackwardOptions): void {
  if (!root.requiresGrad) {
    throw new ArgumentError('backward: the tensor does not require grad and has no gradFn\nhint: create leaves with { requiresGrad: true }');
  }
  const seed = seedGradient(root, gradient);
  if (root.gradFn === null) {
    accumulateLeaf(root, seed);
    return;
  }
  const pending = new Map<Node, NDArray>([[root.gradFn, seed]]);
  for (const node of topoSort(root.gradFn)) {
    const dy = pending.get(node);
    pending.delete(node);
    if (dy === undefined) continue;
    if (node instanceof AccumulateGrad) {
      accumulateLeaf(node.variable, dy);
      continue;
    }
    if (node.retained) accumulateLeaf(node.retained, dy);
    const ctx = node.ctx;
    if (ctx === null || node.backwardFn === null) {
      throw new ArgumentError(
        `backward: trying to backward through the graph a second time (the saved values of ${node.name} were freed)\nhint: pass { retainGraph: true } to the first backward: loss.backward(undefined, { retainGraph: true })`,
      );
    }
    const inputGrads = node.backwardFn(dy, checkedContext(node, ctx, node.savedAt));
    if (!options.retainGraph) node.ctx = null;
    node.nextFunctions.forEach((next, i) => {
      // A rule may return fewer gradients than inputs: the missing ones are null.
      const g = i < inputGrads.length ? inputGrads[i] : null;
      if (next === null || g === null) return;
      let shaped = sumToShape(g, node.inputShapes[i]);
      if (shaped.dtype !== node.inputDTypes[i]) shaped = shaped.astype(node.inputDTypes[i]);
      const previous = pending.get(next);
      pending.set(next, previous ? nd.add(previous, shaped) : shaped);
    });
  }
}
