// Softmax cross-entropy over class indices, fused: the loss per row is logsumexp(row) - row[label]
// (no [N, C] log-probabilities), and its gradient softmax(row) - onehot(label) is made in the
// one [N, C] array it returns, where logSoftmax + gather + their backward rules would allocate
// about five. @dl/autograd can wrap the pair as one primitive.
import { checkDType } from '../dtype.js';
import { IndexError, ShapeError } from '../errors.js';
import type { NDArray } from '../ndarray.js';
import { formatShape } from '../shape.js';
import { astype } from './movement.js';
import { expectNDArray } from './operand.js';
import { checkFloat } from './reduce.js';
import { softmax } from './softmax.js';
import { logsumexp } from './statistics.js';

/** Checks logits [N, C] (float) and labels [N] (int32, each in [0, C)); returns the labels' values. */
function checkOperands(op: string, logits: NDArray, labels: NDArray): Int32Array {
  expectNDArray(op, logits);
  expectNDArray(op, labels);
  checkFloat(op, logits);
  checkDType(op, 'labels', labels.dtype, ['int32']);
  if (logits.ndim !== 2 || labels.ndim !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new ShapeError(`${op}: expected logits [N, C] and labels [N], got ${formatShape(logits.shape)} and ${formatShape(labels.shape)}`);
  }
  const values = labels.dataSync() as Int32Array;
  const classes = logits.shape[1];
  for (let n = 0; n < values.length; n++) {
    if (values[n] < 0 || values[n] >= classes) {
      throw new IndexError(`${op}: label ${values[n]} at index ${n} is out of range for ${classes} classes`);
    }
  }
  return values;
}

/**
 * Cross-entropy of each row of `logits` [N, C] against its class index in `labels` [N] (int32):
 * -log softmax(row)[label], as F.cross_entropy with reduction 'none', without forming the
 * log-probabilities. `softmaxCrossEntropyBackward` is its gradient.
 * @example
 * softmaxCrossEntropy(array([[0, 0]]), array([1], { dtype: 'int32' })).toArray() // [0.6931]
 */
export function softmaxCrossEntropy(logits: NDArray, labels: NDArray): NDArray {
  const op = 'softmaxCrossEntropy';
  const targets = checkOperands(op, logits, labels);
  const loss = logsumexp(logits, 1);
  const x = logits.dataSync();
  const classes = logits.shape[1];
  const values = loss.data;
  for (let n = 0; n < targets.length; n++) values[n] -= x[n * classes + targets[n]];
  return loss;
}

/**
 * The gradient of `softmaxCrossEntropy` with respect to the logits, given the gradient of each
 * row's loss (`grad` [N]): (softmax(row) - onehot(label)) · grad[n].
 * @example
 * softmaxCrossEntropyBackward(array([[0, 0]]), array([1], { dtype: 'int32' }), array([1])).toArray() // [[0.5, -0.5]]
 */
export function softmaxCrossEntropyBackward(logits: NDArray, labels: NDArray, grad: NDArray): NDArray {
  const op = 'softmaxCrossEntropyBackward';
  const targets = checkOperands(op, logits, labels);
  expectNDArray(op, grad);
  if (grad.ndim !== 1 || grad.shape[0] !== logits.shape[0]) {
    throw new ShapeError(`${op}: expected a gradient of shape [${logits.shape[0]}] (one per row), got ${formatShape(grad.shape)}`);
  }
  const [rows, classes] = logits.shape;
  const dx = softmax(logits, 1);
  // NOTE: one pass in JS, not mul(dx, grad as [N, 1]): that broadcast operand is gathered into a
  // fresh [N, C] array first. The product of two dx.dtype values rounded to dx.dtype is the
  // kernel's product (a float32 product is exact in a double), so the values are the same.
  const g = astype(grad, dx.dtype).dataSync();
  const values = dx.data;
  for (let n = 0, row = 0; n < rows; n++, row += classes) {
    const scale = g[n];
    for (let c = 0; c < classes; c++) values[row + c] *= scale;
    values[row + targets[n]] -= scale;
  }
  return dx;
}
