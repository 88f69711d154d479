import * as nd from '@dl/tensor';
import { ArgumentError, NDArray, ShapeError, formatShape, type DType } from '@dl/tensor';
import { AccumulateGrad, type BackwardContext, type Node } from './node.js';
import { accumulateGrad } from './grad-ownership.js';
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

/** Adds `grad` into `leaf.grad` (see grad-ownership.ts); `owned` says the engine made it in this pass. */
function accumulateLeaf(leaf: Tensor, grad: NDArray, owned = false): void {
  const converted = grad.dtype !== leaf.dtype;
  accumulateGrad(leaf, converted ? grad.astype(leaf.dtype) : grad, owned || converted);
}

/** Whether `g` covers its whole storage (a contiguous array from offset 0), the one kind `.grad` may adopt. */
function wholeStorage(g: NDArray): boolean {
  return g.offset === 0 && g.size === g.data.length && g.isContiguous();
}

/**
 * The arrays whose storage a rule could have handed back without copying: its `dy`, the forward's
 * inputs, output and array arguments. A gradient overlapping none of them (nor another of the
 * rule's gradients) was made by the rule.
 */
function borrowedArrays(dy: NDArray, ctx: BackwardContext): NDArray[] {
  const borrowed = [dy, ctx.out, ...ctx.inputs];
  for (const arg of ctx.args) if (NDArray.isNDArray(arg)) borrowed.push(arg);
  return borrowed;
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
  // Each node's summed incoming gradient, and whether the engine owns its storage (see accumulateLeaf).
  const pending = new Map<Node, { grad: NDArray; owned: boolean }>([[root.gradFn, { grad: seed, owned: false }]]);
  for (const node of topoSort(root.gradFn)) {
    const incoming = pending.get(node);
    pending.delete(node);
    if (incoming === undefined) continue;
    const dy = incoming.grad;
    if (node instanceof AccumulateGrad) {
      accumulateLeaf(node.variable, dy, incoming.owned);
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
    let borrowed: NDArray[] | undefined;
    node.nextFunctions.forEach((next, i) => {
      // A rule may return fewer gradients than inputs: the missing ones are null.
      const g = i < inputGrads.length ? inputGrads[i] : null;
      if (next === null || g === null) return;
      let shaped = sumToShape(g, node.inputShapes[i]);
      if (shaped.dtype !== node.inputDTypes[i]) shaped = shaped.astype(node.inputDTypes[i]);
      const previous = pending.get(next);
      if (previous) {
        pending.set(next, { grad: nd.add(previous.grad, shaped), owned: true });
        return;
      }
      let owned = false;
      if (next instanceof AccumulateGrad && wholeStorage(shaped)) {
        borrowed ??= borrowedArrays(dy, ctx);
        owned = !borrowed.some((x) => nd.mayShareMemory(x, shaped)) && !inputGrads.some((other, j) => j !== i && other !== null && nd.mayShareMemory(other, shaped));
      }
      pending.set(next, { grad: shaped, owned });
    });
  }
}
