// Softmax, logSoftmax and softmax cross-entropy as fused primitives (STYLE §3): the composite
// exp(x - max) / sum would save three intermediates and take four backward steps; these save only
// the output (cross-entropy its operands, and its backward is one [N, C] pass).
import * as nd from '@dl/tensor';
import { ArgumentError, type NDArray } from '@dl/tensor';
import { defineOp } from '../define-op.js';

/**
 * exp(x) / Σ exp(x) along `dim` (required; negative counts from the end), stable for any logits.
 * @example
 * softmax(logits, -1)
 */
export const softmax = defineOp({
  name: 'softmax',
  forward: (x: NDArray, dim: number) => nd.softmax(x, dim),
  // dx = out · (dy - Σ dy · out), the Jacobian-vector product without forming the Jacobian.
  backward: (dy, { out, args: [, dim] }) => [nd.mul(out, nd.sub(dy, nd.sum(nd.mul(dy, out), dim, { keepdim: true })))],
});

/**
 * log(softmax(x)) along `dim` (required), computed without taking the log of a rounded-off 0.
 * @example
 * logSoftmax(logits, -1)
 */
export const logSoftmax = defineOp({
  name: 'logSoftmax',
  forward: (x: NDArray, dim: number) => nd.logSoftmax(x, dim),
  // dx = dy - softmax · Σ dy; softmax = exp(out) is at most 1, so logits of ±1e4 stay finite.
  backward: (dy, { out, args: [, dim] }) => [nd.sub(dy, nd.mul(nd.exp(out), nd.sum(dy, dim, { keepdim: true })))],
});

/** How `softmaxCrossEntropy` reduces its per-row losses, as PyTorch's `reduction`. */
export type CrossEntropyReduction = 'none' | 'mean' | 'sum';
// Widened to string: callers from plain JS may pass anything.
const REDUCTIONS: readonly string[] = ['none', 'mean', 'sum'] satisfies CrossEntropyReduction[];

/**
 * Cross-entropy of logits [N, C] against int32 class indices [N], fused: per row
 * logsumexp(row) - row[label], then reduced ('mean', 'sum' or 'none'), as F.cross_entropy
 * without weight, ignoreIndex or label smoothing (@dl/nn's crossEntropy picks it for that case).
 * @example
 * softmaxCrossEntropy(logits, labels, 'mean')
 */
export const softmaxCrossEntropy = defineOp({
  name: 'softmaxCrossEntropy',
  inputs: 2,
  forward: (logits: NDArray, labels: NDArray, reduction: CrossEntropyReduction) => {
    if (!REDUCTIONS.includes(reduction)) {
      throw new ArgumentError(`softmaxCrossEntropy: reduction must be 'none', 'mean' or 'sum', got '${reduction}'`);
    }
    const loss = nd.softmaxCrossEntropy(logits, labels);
    return reduction === 'none' ? loss : reduction === 'sum' ? nd.sum(loss) : nd.mean(loss);
  },
  // One [N, C] pass: (softmax - onehot) · g, where g is dy per row (none), dy (sum) or dy / N (mean).
  backward: (dy, { inputs: [logits, labels], args: [, , reduction] }) => {
    const rows = logits.shape[0];
    const perRow = reduction === 'none' ? dy : nd.full([rows], reduction === 'sum' ? dy.item() : dy.item() / rows, { dtype: logits.dtype });
    return [nd.softmaxCrossEntropyBackward(logits, labels, perRow), null];
  },
});
