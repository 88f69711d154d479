import { ShapeError } from '../errors.js';
import { storageOverlaps } from '../memory/overlap.js';
import type { NDArray } from '../ndarray.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import { isFloating } from '../dtype.js';
import { kernels, type BinaryOp } from '../kernels/registry.js';
import {
  add, clamp, div, maximum, minimum, mul, neg, pow, relu, sqrt, sub,
} from './elementwise.js';
import { astype, contiguous, expand } from './movement.js';
import { asNDArray, assignInPlace, broadcastView, type Operand, expectNDArray } from './operand.js';
import { bumpVersion } from '../version.js';
import { checkInt32Values } from './int32.js';

// In-place ops compute out of place, then write back through the (possibly strided) view,
// so they accept any view and keep PyTorch's shape and cast checks in one place.
// NOTE: the common optimizer case (a contiguous float target, an operand that broadcasts to it
// and does not share its storage) runs the kernel straight into the target: no temporary, no copy.
const binaryInPlace =
  (op: BinaryOp, f: (a: NDArray, b: Operand) => NDArray) =>
  (target: NDArray, other: Operand): NDArray => {
    const b = asNDArray(`${op}_`, other, target);
    const direct =
      isFloating(target.dtype) &&
      target.isContiguous() &&
      !storageOverlaps(b.data, target.data) &&
      b.ndim <= target.ndim &&
      shapesEqual(broadcastShapes(`${op}_`, target.shape, b.shape), target.shape);
    if (!direct) return assignInPlace(`${op}_`, target, f(target, b));
    kernels().binary(op, target, broadcastView(b, target.shape), target.data.subarray(target.offset, target.offset + target.size));
    bumpVersion(target, `${op}_`);
    return target;
  };

/** target += other, in place (for optimizers). @example add_(weights, update) */
export const add_ = binaryInPlace('add', add);
/** target -= other, in place. @example sub_(weights, update) */
export const sub_ = binaryInPlace('sub', sub);
/** target *= other, in place. @example mul_(momentum, 0.9) */
export const mul_ = binaryInPlace('mul', mul);
/** target /= other, in place. @example div_(x, 2) */
export const div_ = binaryInPlace('div', div);
/** target **= other, in place. @example pow_(x, 2) */
export const pow_ = binaryInPlace('pow', pow);
/** target = maximum(target, other), in place. @example maximum_(maxSq, sq) */
export const maximum_ = binaryInPlace('maximum', maximum);
/** target = minimum(target, other), in place. @example minimum_(x, 1) */
export const minimum_ = binaryInPlace('minimum', minimum);

/**
 * target = value, broadcasting `value` over target, in place.
 * @example
 * copy_(zeros([2, 2]), array([1, 2]))
 */
export function copy_(target: NDArray, value: Operand): NDArray {
  return copyAs('copy_', target, value);
}

/** copy_ under the name of the calling op (errors and the version record name it). */
function copyAs(op: string, target: NDArray, value: Operand): NDArray {
  expectNDArray(op, target);
  const source = asNDArray(op, value, target);
  // Checked here so that the error names the op, not the expand below.
  if (!shapesEqual(broadcastShapes(op, target.shape, source.shape), target.shape)) {
    throw new ShapeError(`${op}: a source of shape ${formatShape(source.shape)} doesn't broadcast to the target shape ${formatShape(target.shape)}`);
  }
  // And here so that a value int32 cannot hold is refused under the op's name, not astype's.
  if (target.dtype === 'int32' && isFloating(source.dtype)) checkInt32Values(op, source.dataSync());
  return assignInPlace(op, target, astype(contiguous(expand(source, target.shape)), target.dtype));
}

/**
 * Fills every element with `value`, in place.
 * @example
 * fill_(x, 0)
 */
export function fill_(target: NDArray, value: number): NDArray {
  return copyAs('fill_', target, value);
}

/** -target, in place. @example neg_(x) */
export const neg_ = (target: NDArray): NDArray => assignInPlace('neg_', target, neg(target));
/** sqrt(target), in place. @example sqrt_(x) */
export const sqrt_ = (target: NDArray): NDArray => assignInPlace('sqrt_', target, sqrt(target));
/** relu(target), in place. @example relu_(x) */
export const relu_ = (target: NDArray): NDArray => assignInPlace('relu_', target, relu(target));
/** clamp(target, bounds), in place. @example clamp_(x, { min: -1, max: 1 }) */
export const clamp_ = (target: NDArray, bounds: { min?: number; max?: number }): NDArray =>
  assignInPlace('clamp_', target, clamp(target, bounds));
