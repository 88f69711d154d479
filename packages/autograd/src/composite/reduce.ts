// max and min: the 0-d extreme, or values and indices along a dim (STYLE §3, tier 3).
// The indices are a constant; the values are a gather along them, so no backward code here.
import * as nd from '@dl/tensor';
import type { ReduceOptions } from '@dl/tensor';
import { gather } from '../ops/indexing.js';
import { reshape } from '../ops/movement.js';
import { amax, amin } from '../ops/reduce.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { asTensor } from './operand.js';

/** What `max(x, dim)` and `min(x, dim)` return, as `torch.return_types.max`. */
export interface ValuesAndIndices {
  /** The extremes along the dim; gradients flow to the element each came from. */
  values: Tensor;
  /** int32 positions along the dim (the first one on ties); never requires grad. */
  indices: Tensor;
}

function extreme(op: 'max' | 'min', x: TensorLike, dim: number | undefined, options: ReduceOptions): Tensor | ValuesAndIndices {
  const t = asTensor(op, x);
  const ndExtreme = op === 'max' ? nd.max : nd.min;
  if (dim === undefined) {
    // An empty tensor has no extreme: let the NDArray op throw its error, which names this op.
    if (t.size === 0) ndExtreme(t.data);
    // NOTE: as PyTorch's max() without a dim, the gradient is split evenly among ties.
    return op === 'max' ? amax(t, undefined, options) : amin(t, undefined, options);
  }
  // Validates dim (naming this op) and finds the indices, kept as size 1 for gather.
  const { indices } = ndExtreme(t.data, dim, { keepdim: true });
  const values = gather(t, dim, indices);
  if (options.keepdim) return { values, indices: new Tensor(indices) };
  const d = nd.normalizeDim(op, dim, t.ndim);
  const shape = t.shape.filter((_, i) => i !== d);
  return { values: reshape(values, shape), indices: new Tensor(nd.reshape(indices, shape)) };
}

/**
 * The largest element (0-d) or, given a dim, `{ values, indices }` along it, as torch.max.
 * Without a dim the gradient is split evenly among ties; with one it goes to the reported index.
 * @example
 * max(x).item()
 * const { values, indices } = max(logits, -1);
 */
export function max(x: TensorLike): Tensor;
export function max(x: TensorLike, dim: number, options?: ReduceOptions): ValuesAndIndices;
export function max(x: TensorLike, dim?: number, options: ReduceOptions = {}): Tensor | ValuesAndIndices {
  return extreme('max', x, dim, options);
}

/**
 * The smallest element (0-d) or, given a dim, `{ values, indices }` along it, as torch.min.
 * Without a dim the gradient is split evenly among ties; with one it goes to the reported index.
 * @example
 * min(x).item()
 * const { values, indices } = min(distances, 1);
 */
export function min(x: TensorLike): Tensor;
export function min(x: TensorLike, dim: number, options?: ReduceOptions): ValuesAndIndices;
export function min(x: TensorLike, dim?: number, options: ReduceOptions = {}): Tensor | ValuesAndIndices {
  return extreme('min', x, dim, options);
}
