// Indexing ops built from primitives: no backward code here (STYLE §3).
import * as nd from '@dl/tensor';
import { DTypeError, ShapeError, formatShape } from '@dl/tensor';
import { where } from '../ops/elementwise.js';
import { indexData, indexSelect, type IndexLike } from '../ops/indexing.js';
import { expand, reshape } from '../ops/movement.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { asTensor } from './operand.js';

/**
 * `value` where `mask` (bool, broadcasting with `x`) is true and `x` elsewhere, as
 * `torch.masked_fill`; a 0-d tensor `value` of x's dtype is differentiable too.
 * @example
 * maskedFill(scores, padding, -Infinity)
 */
export function maskedFill(
  input: TensorLike,
  mask: IndexLike,
  value: number | boolean | Tensor,
): Tensor {
  const x = asTensor('maskedFill', input);
  const condition = indexData('maskedFill', 'mask', mask);
  // The checks of nd.maskedFill, without computing it.
  if (condition.dtype !== 'bool')
    throw new DTypeError(`maskedFill: mask must be bool, got ${condition.dtype}`);
  nd.broadcastShapes('maskedFill', x.shape, condition.shape);
  if (!Tensor.isTensor(value))
    return where(condition, nd.full([], Number(value), { dtype: x.dtype }), x);
  if (value.ndim !== 0)
    throw new ShapeError(
      `maskedFill: value must be a 0-d tensor, got shape ${formatShape(value.shape)}`,
    );
  // NOTE: where() would promote; PyTorch keeps x's dtype, so a mismatch is rejected rather than guessed.
  if (value.dtype !== x.dtype)
    throw new DTypeError(
      `maskedFill: value dtype ${value.dtype} must match input dtype ${x.dtype}`,
    );
  return where(condition, value, x);
}

/**
 * The elements of `x` where `mask` is true, as a 1-d tensor in row-major order (both
 * broadcast), as `torch.masked_select`; the gradient flows back to the selected positions.
 * @example
 * maskedSelect(x, gt(x, 0))
 */
export function maskedSelect(input: TensorLike, mask: IndexLike): Tensor {
  const x = asTensor('maskedSelect', input);
  const condition = indexData('maskedSelect', 'mask', mask);
  if (condition.dtype !== 'bool')
    throw new DTypeError(`maskedSelect: mask must be bool, got ${condition.dtype}`);
  const shape = nd.broadcastShapes('maskedSelect', x.shape, condition.shape);
  // The flat positions of the true elements are a constant: an indexSelect of the flattened
  // input picks them, and its backward (indexAdd) puts dy back at exactly those positions.
  const positions = nd.reshape(nd.nonzero(nd.reshape(nd.expand(condition, shape), [-1])), [-1]);
  return indexSelect(reshape(expand(x, shape), [-1]), 0, positions);
}
