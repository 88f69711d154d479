// Matrix product as a differentiable primitive (STYLE §3), with all of torch.matmul's forms, and
// the fused linear layer product x·Wᵀ + b.
import * as nd from '@dl/tensor';
import type { NDArray } from '@dl/tensor';
import { defineOp } from '../define-op.js';
import { Tensor, type TensorLike } from '../tensor.js';

/**
 * Matrix product with PyTorch's rules: 1-d·1-d is a dot product (0-d), a 1-d operand gains
 * and then loses a dim, and leading batch dims broadcast.
 * @example
 * matmul(x, w) // [batch, in] @ [in, out] -> [batch, out]
 */
export const matmul = defineOp({
  name: 'matmul',
  inputs: 2,
  forward: (a: NDArray, b: NDArray) => nd.matmul(a, b),
  backward: (dy, { inputs: [a, b], needsGrad }) => {
    // Work on the matrix forms: a 1-d a is a [1, k] row, a 1-d b a [k, 1] column, and dy gets
    // back the size-1 dims the forward dropped. Broadcast batch dims are summed by the engine.
    const left = a.ndim === 1 ? nd.unsqueeze(a, 0) : a;
    const right = b.ndim === 1 ? nd.unsqueeze(b, 1) : b;
    let grad = b.ndim === 1 ? nd.unsqueeze(dy, -1) : dy;
    if (a.ndim === 1) grad = nd.unsqueeze(grad, -2);
    let da = needsGrad[0] ? nd.matmul(grad, nd.mT(right)) : null;
    let db = needsGrad[1] ? nd.matmul(nd.mT(left), grad) : null;
    if (da && a.ndim === 1) da = nd.squeeze(da, -2);
    if (db && b.ndim === 1) db = nd.squeeze(db, -1);
    return [da, db];
  },
});

const linearOp = defineOp({
  name: 'linear',
  inputs: 3,
  forward: (x: NDArray, weight: NDArray, bias: NDArray) => nd.linear(x, weight, bias),
  backward: (dy, { inputs: [x, weight], needsGrad }) => {
    // Over the rows of every leading dim: dX = dY·W, dW = dYᵀ·X, db = Σ dY.
    const [outFeatures, inFeatures] = weight.shape;
    const rows = nd.reshape(dy, [-1, outFeatures]);
    return [
      needsGrad[0] ? nd.matmul(dy, weight) : null,
      needsGrad[1] ? nd.matmul(nd.mT(rows), nd.reshape(x, [-1, inFeatures])) : null,
      needsGrad[2] ? nd.sum(rows, 0) : null,
    ];
  },
});

/**
 * `input · weightᵀ + bias`, as `torch.nn.functional.linear`: input `[..., in]`, weight
 * `[out, in]`, an optional bias `[out]`; one fused kernel call forward. Differentiable in all three.
 * @example
 * linear(x, weight, bias) // [batch, in] -> [batch, out]
 */
export function linear(input: TensorLike, weight: TensorLike, bias: TensorLike | null = null): Tensor {
  // NOTE: no bias is a constant zero bias (as conv2d): one primitive, and no gradient flows into it.
  if (bias !== null) return linearOp(input, weight, bias);
  const w = Tensor.isTensor(weight) ? weight.data : weight;
  const zeroBias = nd.NDArray.isNDArray(w) && w.ndim === 2 ? nd.zeros([w.shape[0]], { dtype: w.dtype }) : 0;
  return linearOp(input, weight, zeroBias);
}
