// The element-wise ops on NDArrays. Every export of this file is public: index.ts re-exports the
// file whole and methods.ts makes each one a method (except `where`). The ops of one kernel row
// each (add, exp, atan2, ...) are generated from the rows in kernels/cpu/elementwise.ts, doc
// comment and dtype rule included; this file holds the ops that take more than operands.
import { allocate, resultTypeWithScalar, promoteTypes } from '../dtype.js';
import { ArgumentError, DTypeError } from '../errors.js';
import { kernels } from '../kernels/registry.js';
import { NDArray } from '../ndarray.js';
import { broadcastShapes, numel as numelOf } from '../shape.js';
import { slopeIn } from './activation-grad.js';
import { outputDType } from './elementwise-op.js';
import { asNDArray, broadcastView, expectNDArray, type Operand } from './operand.js';

export * from './elementwise.generated.js';

/**
 * max(x, 0) + negativeSlope · min(x, 0).
 * @example
 * leakyRelu(array([-1, 2]), 0.1) // array([-0.1000,  2.0000])
 */
export function leakyRelu(x: NDArray, negativeSlope = 0.01): NDArray {
  expectNDArray('leakyRelu', x);
  const dtype = outputDType('leakyRelu', x.dtype, 'float');
  const out = allocate(dtype, x.size);
  kernels().unaryParam('leakyRelu', x, out, slopeIn(dtype, negativeSlope), 0);
  return new NDArray(out, dtype, x.shape);
}

/**
 * Limits values to [min, max] (either bound may be omitted), as torch.clamp.
 * @example
 * clamp(array([-2, 0.5, 3]), { min: 0, max: 1 }) // array([0.0000, 0.5000, 1.0000])
 */
export function clamp(x: NDArray, bounds: { min?: number; max?: number }): NDArray {
  expectNDArray('clamp', x);
  const { min = -Infinity, max = Infinity } = bounds;
  if (bounds.min === undefined && bounds.max === undefined) {
    throw new ArgumentError('clamp: at least one of min or max must be given');
  }
  let dtype = outputDType('clamp', x.dtype, 'noBool');
  // A fractional bound lifts an int32 array to float32, as torch.clamp's type promotion.
  for (const bound of [bounds.min, bounds.max]) if (bound !== undefined) dtype = resultTypeWithScalar(dtype, bound);
  const out = allocate(dtype, x.size);
  kernels().unaryParam('clamp', x, out, min, max);
  return new NDArray(out, dtype, x.shape);
}

/**
 * Picks `a` where `condition` is true and `b` elsewhere, all three broadcast together.
 * @example
 * where(array([true, false]), 1, 2) // array([1., 2.])
 */
export function where(condition: NDArray, a: Operand, b: Operand): NDArray {
  expectNDArray('where', condition);
  if (condition.dtype !== 'bool') {
    throw new DTypeError(`where: condition must be bool, got ${condition.dtype}\nhint: compare first, e.g. gt(x, 0)`);
  }
  const x = asNDArray('where', a, NDArray.isNDArray(b) ? b : undefined);
  const y = asNDArray('where', b, x);
  const shape = broadcastShapes('where', broadcastShapes('where', condition.shape, x.shape), y.shape);
  const dtype = promoteTypes(x.dtype, y.dtype);
  const out = allocate(dtype, numelOf(shape));
  kernels().where(broadcastView(condition, shape), broadcastView(x, shape), broadcastView(y, shape), out);
  return new NDArray(out, dtype, shape);
}
