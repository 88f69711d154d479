// View and joining ops built from the movement primitives (reshape, permute, slice, cat,
// clone): no backward code here (STYLE §3). Each validates through the nd op of the same
// name first (a view, so no copy), so errors read exactly as @dl/tensor's.
import * as nd from '@dl/tensor';
import { ArgumentError, ShapeError, formatShape, type Shape } from '@dl/tensor';
import { cat, clone, permute, reshape, slice } from '../ops/movement.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { asTensor } from './operand.js';

/**
 * A view with a new shape (one size may be -1), as `torch.Tensor.view`; throws when the
 * layout would need a copy (use `reshape`).
 * @example
 * view(x, [batch, -1])
 */
export function view(x: TensorLike, shape: Shape): Tensor {
  const t = asTensor('view', x);
  nd.view(t.data, shape);
  return reshape(t, shape);
}

/**
 * Swaps two dims (a view), as `torch.transpose`.
 * @example
 * transpose(x, 0, 1)
 */
export function transpose(x: TensorLike, dim0: number, dim1: number): Tensor {
  const t = asTensor('transpose', x);
  nd.transpose(t.data, dim0, dim1);
  const order = t.shape.map((_, d) => d);
  if (t.ndim > 0) {
    const a = nd.normalizeDim('transpose', dim0, t.ndim);
    const b = nd.normalizeDim('transpose', dim1, t.ndim);
    [order[a], order[b]] = [order[b], order[a]];
  }
  return permute(t, order);
}

/**
 * All dims reversed (a view), as numpy's `.T`.
 * @example
 * T(x)
 */
export function T(x: TensorLike): Tensor {
  const t = asTensor('T', x);
  return permute(
    t,
    t.shape.map((_, d) => t.ndim - 1 - d),
  );
}

/**
 * The last two dims swapped (a view), as torch's `.mT`.
 * @example
 * mT(batchOfMatrices)
 */
export function mT(x: TensorLike): Tensor {
  const t = asTensor('mT', x);
  nd.mT(t.data);
  return transpose(t, -2, -1);
}

/**
 * Removes size-1 dims: all of them, or only those listed (others are left alone, as PyTorch).
 * @example
 * squeeze(x, -1)
 */
export function squeeze(x: TensorLike, dim?: number | readonly number[]): Tensor {
  const t = asTensor('squeeze', x);
  return reshape(t, nd.squeeze(t.data, dim).shape);
}

/**
 * Inserts a size-1 dim at `dim` (which may be ndim, or negative).
 * @example
 * unsqueeze(x, 0)
 */
export function unsqueeze(x: TensorLike, dim: number): Tensor {
  const t = asTensor('unsqueeze', x);
  return reshape(t, nd.unsqueeze(t.data, dim).shape);
}

/**
 * Merges dims `startDim..endDim` into one (a view when possible).
 * @example
 * flatten(images, 1)
 */
export function flatten(x: TensorLike, startDim = 0, endDim = -1): Tensor {
  const t = asTensor('flatten', x);
  return reshape(t, nd.flatten(t.data, startDim, endDim).shape);
}

/**
 * Splits `dim` into `sizes` (one may be -1), the inverse of flatten.
 * @example
 * unflatten(x, 1, [3, 4])
 */
export function unflatten(x: TensorLike, dim: number, sizes: Shape): Tensor {
  const t = asTensor('unflatten', x);
  return reshape(t, nd.unflatten(t.data, dim, sizes).shape);
}

/**
 * Elements `start .. start+length-1` along `dim` (a view); `start` may be negative.
 * @example
 * narrow(x, -1, 0, 2)
 */
export function narrow(x: TensorLike, dim: number, start: number, length: number): Tensor {
  const t = asTensor('narrow', x);
  nd.narrow(t.data, dim, start, length);
  const d = nd.normalizeDim('narrow', dim, t.ndim);
  const begin = start < 0 ? start + t.shape[d] : start;
  return slice(t, d, { start: begin, end: begin + length });
}

/**
 * The sub-tensor at `index` along `dim`, with that dim removed (a view), as `x[i]`.
 * @example
 * select(x, 0, -1)
 */
export function select(x: TensorLike, dim: number, index: number): Tensor {
  const t = asTensor('select', x);
  const { shape } = nd.select(t.data, dim, index);
  const d = nd.normalizeDim('select', dim, t.ndim);
  const i = index < 0 ? index + t.shape[d] : index;
  return reshape(slice(t, d, { start: i, end: i + 1 }), shape);
}

/**
 * Joins equally shaped tensors along a new dim, as `torch.stack`.
 * @example
 * stack([a, b], 1)
 */
export function stack(tensors: readonly TensorLike[], dim = 0): Tensor {
  const list: unknown = tensors;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ArgumentError(
      `stack: expected a non-empty list of tensors, got ${Array.isArray(list) ? 'an empty list' : typeof list}`,
    );
  }
  const parts = tensors.map((x) => asTensor('stack', x));
  const first = parts[0];
  parts.forEach((t, i) => {
    if (!nd.shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(
        `stack: expects each tensor to be equal size, but got ${formatShape(first.shape)} at entry 0 and ${formatShape(t.shape)} at entry ${i}`,
      );
    }
  });
  const d = nd.normalizeDim('stack', dim, first.ndim + 1);
  return cat(
    parts.map((t) => unsqueeze(t, d)),
    d,
  );
}

/** The pieces nd's split/chunk cut, as slices of `x` along `d`. */
function slicesLike(x: Tensor, d: number, pieces: readonly nd.NDArray[]): Tensor[] {
  let start = 0;
  return pieces.map((piece) => {
    const end = start + piece.shape[d];
    const part = slice(x, d, { start, end });
    start = end;
    return part;
  });
}

/**
 * Splits `x` along `dim` into pieces of `splitSizeOrSections` elements (the last may be
 * smaller) or of the listed sizes, as `torch.split`.
 * @example
 * const [head, tail] = split(x, [1, 3], -1);
 */
export function split(
  x: TensorLike,
  splitSizeOrSections: number | readonly number[],
  dim = 0,
): Tensor[] {
  const t = asTensor('split', x);
  const pieces = nd.split(t.data, splitSizeOrSections, dim);
  return slicesLike(t, nd.normalizeDim('split', dim, t.ndim), pieces);
}

/**
 * Splits `x` along `dim` into pieces of `ceil(size / chunks)` elements, as `torch.chunk`;
 * this may give fewer than `chunks` pieces.
 * @example
 * const [query, key, value] = chunk(qkv, 3, -1);
 */
export function chunk(x: TensorLike, chunks: number, dim = 0): Tensor[] {
  const t = asTensor('chunk', x);
  const pieces = nd.chunk(t.data, chunks, dim);
  return slicesLike(t, nd.normalizeDim('chunk', dim, t.ndim), pieces);
}

/**
 * `x` itself when its storage is already contiguous, else a contiguous differentiable copy.
 * @example
 * contiguous(T(x))
 */
export function contiguous(x: TensorLike): Tensor {
  const t = asTensor('contiguous', x);
  // The same test as nd.contiguous, which returns its input only in this case.
  const { data } = t;
  return data.isContiguous() && data.offset === 0 && data.data.length === data.size ? t : clone(t);
}
