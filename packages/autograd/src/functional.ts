import * as nd from '@dl/tensor';
import { ArgumentError, formatShape, type NDArray } from '@dl/tensor';
import { handsOutGrads } from './grad-ownership.js';
import { enableGrad } from './no-grad.js';
import { Tensor, type TensorLike } from './tensor.js';

function freshLeaves(inputs: readonly TensorLike[]): Tensor[] {
  return inputs.map((x) => {
    const data = Tensor.isTensor(x) ? x.data : nd.NDArray.isNDArray(x) ? x : nd.full([], Number(x), { dtype: 'float32' });
    const leaf = new Tensor(data, true);
    handsOutGrads(leaf);
    return leaf;
  });
}

/**
 * The gradients of a scalar function with respect to all its inputs, as `jax.grad`
 * (or `torch.func.grad`); inputs' own `.grad` is left untouched.
 * @example
 * const [dx] = grad((x) => mul(x, x).sum())(tensor([1, 2, 3])); // array([2., 4., 6.])
 */
export function grad(fn: (...inputs: Tensor[]) => Tensor): (...inputs: TensorLike[]) => NDArray[] {
  return (...inputs) => {
    const leaves = freshLeaves(inputs);
    const out = enableGrad(() => fn(...leaves));
    if (out.size !== 1) {
      throw new ArgumentError(`grad: the function must return a one-element tensor, got shape ${formatShape(out.shape)}\nhint: use vjp for vector outputs`);
    }
    if (out.requiresGrad) out.backward();
    return leaves.map((leaf) => leaf.grad ?? nd.zerosLike(leaf.data));
  };
}

/**
 * Evaluates `fn` and returns its output with a function mapping an output cotangent to the
 * inputs' cotangents (vector-Jacobian product), as `jax.vjp`.
 * @example
 * const [out, vjpFn] = vjp((x) => mul(x, 2), tensor([1, 2]));
 * vjpFn(ones([2])) // [array([2., 2.])]
 */
export function vjp(
  fn: (...inputs: Tensor[]) => Tensor,
  ...inputs: TensorLike[]
): [NDArray, (cotangent: TensorLike) => NDArray[]] {
  const leaves = freshLeaves(inputs);
  const out = enableGrad(() => fn(...leaves));
  const vjpFn = (cotangent: TensorLike): NDArray[] => {
    for (const leaf of leaves) leaf.grad = null;
    if (out.requiresGrad) out.backward(cotangent, { retainGraph: true });
    return leaves.map((leaf) => leaf.grad ?? nd.zerosLike(leaf.data));
  };
  return [out.data, vjpFn];
}
