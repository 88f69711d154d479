// Softmax and logSoftmax as fused primitives (STYLE §3): the composite exp(x - max) / sum would
// save three intermediates and take four backward steps; these save only the output.
import * as nd from '@dl/tensor';
import type { NDArray } from '@dl/tensor';
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
