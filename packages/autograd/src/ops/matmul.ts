// Matrix product as a differentiable primitive (STYLE §3), with all of torch.matmul's forms.
import * as nd from '@dl/tensor';
import type { NDArray } from '@dl/tensor';
import { defineOp } from '../define-op.js';

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
