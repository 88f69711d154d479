import { DTypeError, isFloating } from '@dl/tensor';
import { toNDArray } from '../define-op.js';
import { Tensor, type TensorLike } from '../tensor.js';

/** @internal A composite's operand as a Tensor, for composites that read its shape or values. */
export function asTensor(op: string, x: TensorLike): Tensor {
  return Tensor.isTensor(x) ? x : new Tensor(toNDArray(op, x, undefined));
}

/** @internal As asTensor, rejecting int32 and bool as PyTorch's float-only reductions do. */
export function asFloatTensor(op: string, x: TensorLike): Tensor {
  const t = asTensor(op, x);
  if (!isFloating(t.dtype)) {
    throw new DTypeError(`${op}: input must be float32 or float64, got ${t.dtype}\nhint: cast first, e.g. astype(x, 'float32')`);
  }
  return t;
}
