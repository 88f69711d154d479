// Gradients of activations that autograd's backward rules call: one kernel pass instead of a
// comparison, a bool mask and a `where` (which have no wasm kernels).
import { binaryOp } from './elementwise-op.js';

/**
 * relu's gradient: `grad` where `x > 0`, else 0 (`x` is relu's input or output), as torch's
 * threshold_backward at 0: a NaN `x` passes `grad` through; broadcasts, takes `{ out }`.
 * @example
 * reluBackward(array([1, 2, 3]), array([-1, 0, 5])) // array([0., 0., 3.])
 */
export const reluBackward = binaryOp('reluBackward', 'noBool');
