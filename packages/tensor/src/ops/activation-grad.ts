// Gradients of activations that autograd's backward rules call: one kernel pass instead of a
// comparison, a bool mask and a `where` (which have no wasm kernels).
import { allocate, promoteTypes, type DType } from '../dtype.js';
import { kernels } from '../kernels/registry.js';
import { NDArray } from '../ndarray.js';
import { broadcastShapes, numel } from '../shape.js';
import { binaryOp, outputDType } from './elementwise-op.js';
import { asNDArray, broadcastView, type Operand } from './operand.js';

/**
 * relu's gradient: `grad` where `x > 0`, else 0 (`x` is relu's input or output), as torch's
 * threshold_backward at 0: a NaN `x` passes `grad` through; broadcasts, takes `{ out }`.
 * @example
 * reluBackward(array([1, 2, 3]), array([-1, 0, 5])) // array([0., 0., 3.])
 */
export const reluBackward = binaryOp('reluBackward', 'noBool');

/**
 * @internal leakyRelu's slope as the kernels multiply by it. NOTE: float32 ops use the slope
 * rounded to float32, as torch converts the scalar to the tensor's type: the product of two
 * float32 values, rounded once, is then the float32 product.
 */
export function slopeIn(dtype: DType, negativeSlope: number): number {
  return dtype === 'float32' ? Math.fround(negativeSlope) : negativeSlope;
}

/**
 * leakyRelu's gradient: `grad` where `x > 0`, else `negativeSlope · grad` (`x` is leakyRelu's
 * input), as torch's leaky_relu_backward: x = 0 and a NaN `x` take the slope; broadcasts.
 * @example
 * leakyReluBackward(array([1, 1, 1]), array([-1, 0, 5]), 0.1) // array([0.1000, 0.1000, 1.0000])
 */
export function leakyReluBackward(grad: Operand, x: Operand, negativeSlope = 0.01): NDArray {
  const a = asNDArray('leakyReluBackward', grad, NDArray.isNDArray(x) ? x : undefined);
  const b = asNDArray('leakyReluBackward', x, a);
  const shape = broadcastShapes('leakyReluBackward', a.shape, b.shape);
  const dtype = outputDType('leakyReluBackward', promoteTypes(a.dtype, b.dtype), 'float');
  const out = allocate(dtype, numel(shape), 'leakyReluBackward');
  kernels().binaryParam('leakyReluBackward', broadcastView(a, shape), broadcastView(b, shape), out, slopeIn(dtype, negativeSlope));
  return new NDArray(out, dtype, shape);
}
