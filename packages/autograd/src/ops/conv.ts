// Sliding-window primitives (STYLE §3): conv2d as im2col + GEMM, max and average pooling.
// Forward and backward call @dl/tensor's ops (conv2dInput / conv2dWeight are the gradients, as
// torch.nn.grad's); their GEMMs go through nd.matmul, so a faster matmul speeds up both passes.
import * as nd from '@dl/tensor';
import type {
  AvgPool2dOptions,
  Conv2dOptions,
  MaxPool2dOptions,
  NDArray,
  Size2d,
} from '@dl/tensor';
import { defineOp } from '../define-op.js';
import { Tensor, type TensorLike } from '../tensor.js';

const conv2dOp = defineOp({
  name: 'conv2d',
  inputs: 3,
  forward: (x: NDArray, weight: NDArray, bias: NDArray, options: Conv2dOptions = {}) =>
    nd.conv2d(x, weight, bias, options),
  backward: (dy, { inputs: [x, weight], args: [, , , options = {}], needsGrad }) => {
    const [n, outChannels] = dy.shape as [number, number];
    // NOTE: db sums each [N, Cout, L] row first: contiguous rows reduce in one pass, where a
    // reduction over dims 0, 2 and 3 at once would gather dy into a permuted copy first.
    const blocks = dy.shape[2] * dy.shape[3];
    return [
      needsGrad[0] ? nd.conv2dInput(x.shape, weight, dy, options) : null,
      needsGrad[1] ? nd.conv2dWeight(x, weight.shape, dy, options) : null,
      needsGrad[2] ? nd.sum(nd.sum(nd.reshape(dy, [n, outChannels, blocks]), 2), 0) : null,
    ];
  },
});

/**
 * 2-d convolution (cross-correlation) of [N, Cin, H, W] with weight [Cout, Cin / groups, kh, kw]
 * and an optional bias [Cout], as `torch.nn.functional.conv2d` (padding: numbers, [h, w] or
 * [top, bottom, left, right]). Differentiable in all three.
 * @example
 * conv2d(images, weight, bias, { stride: 2, padding: 1 })
 */
export function conv2d(
  input: TensorLike,
  weight: TensorLike,
  bias: TensorLike | null = null,
  options: Conv2dOptions = {},
): Tensor {
  // NOTE: no bias is a constant zero bias: one primitive, and no gradient flows into it.
  const w = Tensor.isTensor(weight) ? weight.data : weight;
  const zeroBias = nd.NDArray.isNDArray(w) ? nd.zeros([w.shape[0] ?? 0], { dtype: w.dtype }) : 0;
  return conv2dOp(input, weight, bias ?? zeroBias, options);
}

// The argmax of each forward output, for its backward (a WeakMap: it lives as long as the output).
const argmaxOf = new WeakMap<NDArray, NDArray>();

/**
 * The maximum of each window of [N, C, H, W], as `F.max_pool2d` (stride defaults to the kernel):
 * the gradient goes to the first maximum of each window, as PyTorch.
 * @example
 * maxPool2d(features, 2) // [N, C, H, W] -> [N, C, H/2, W/2]
 */
export const maxPool2d = defineOp({
  name: 'maxPool2d',
  forward: (x: NDArray, kernelSize: Size2d, options: MaxPool2dOptions = {}) => {
    const { values, indices } = nd.maxPool2d(x, kernelSize, options);
    argmaxOf.set(values, indices);
    return values;
  },
  backward: (dy, { inputs: [x], out, args: [, kernelSize, options] }) => {
    const indices = argmaxOf.get(out) ?? nd.maxPool2d(x, kernelSize, options).indices;
    return [nd.maxPool2dBackward(dy, indices, x.shape)];
  },
});

/**
 * The mean of each window of [N, C, H, W], as `F.avg_pool2d` (stride defaults to the kernel).
 * @example
 * avgPool2d(features, 3, { stride: 2, padding: 1, countIncludePad: false })
 */
export const avgPool2d = defineOp({
  name: 'avgPool2d',
  forward: (x: NDArray, kernelSize: Size2d, options: AvgPool2dOptions = {}) =>
    nd.avgPool2d(x, kernelSize, options),
  backward: (dy, { inputs: [x], args: [, kernelSize, options] }) => [
    nd.avgPool2dBackward(dy, x.shape, kernelSize, options),
  ],
});
