// dot, outer and bmm: the restricted forms of matmul, built from primitives (STYLE §3, tier 3).
// Each checks its stricter shape rules first, so errors name the op the user called.
import { ShapeError, formatShape } from '@dl/tensor';
import { mul } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { reshape } from '../ops/movement.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { asTensor } from './operand.js';

function checkVectors(op: string, a: Tensor, b: Tensor): void {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new ShapeError(`${op}: expected 1-d tensors, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
}

/**
 * Dot product of two 1-d tensors of the same length, as a 0-d tensor (as `torch.dot`).
 * @example
 * dot(u, v)
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const left = asTensor('dot', a);
  const right = asTensor('dot', b);
  checkVectors('dot', left, right);
  if (left.size !== right.size) {
    throw new ShapeError(`dot: tensors of shapes ${formatShape(left.shape)} and ${formatShape(right.shape)} differ in length (${left.size} != ${right.size})`);
  }
  return matmul(left, right);
}

/**
 * Outer product of two 1-d tensors: `out[i, j] = a[i] * b[j]` (as `torch.outer`).
 * @example
 * outer(u, v)
 */
export function outer(a: TensorLike, b: TensorLike): Tensor {
  const left = asTensor('outer', a);
  const right = asTensor('outer', b);
  checkVectors('outer', left, right);
  // A broadcast multiply is exact (no sums) and is PyTorch's own definition.
  return mul(reshape(left, [left.size, 1]), right);
}

/**
 * Batched matrix product of two 3-d tensors with equal batch sizes, no broadcasting (as `torch.bmm`).
 * @example
 * bmm(queries, keys) // [b, n, d] @ [b, d, m] -> [b, n, m]
 */
export function bmm(a: TensorLike, b: TensorLike): Tensor {
  const left = asTensor('bmm', a);
  const right = asTensor('bmm', b);
  if (left.ndim !== 3 || right.ndim !== 3) {
    throw new ShapeError(`bmm: expected 3-d tensors, got ${formatShape(left.shape)} and ${formatShape(right.shape)}`);
  }
  if (left.shape[0] !== right.shape[0]) {
    throw new ShapeError(`bmm: batch sizes of shapes ${formatShape(left.shape)} and ${formatShape(right.shape)} differ (${left.shape[0]} != ${right.shape[0]})`);
  }
  if (left.shape[2] !== right.shape[1]) {
    throw new ShapeError(`bmm: shapes ${formatShape(left.shape)} and ${formatShape(right.shape)} cannot be multiplied (${left.shape[2]} != ${right.shape[1]})`);
  }
  return matmul(left, right);
}
