// The gradients of conv2d with respect to its input and its weight, as torch.nn.grad's
// conv2d_input / conv2d_weight: the same whole-batch GEMMs as the forward pass, run on
// @dl/autograd's behalf so the column matrix can live in conv2d's reused storage.
import { allocate, promoteTypes } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { kernels } from '../kernels/registry.js';
import type { Window2d } from '../kernels/window.js';
import { NDArray } from '../ndarray.js';
import { formatShape, shapesEqual, type Shape } from '../shape.js';
import { checkGroups, checkImage, columns, swapLeading, window2d, type Conv2dOptions } from './conv.js';
import { matmul } from './matmul.js';
import { astype, contiguous, mT, reshape } from './movement.js';

/** Checks that `dy` is conv2d's output shape for geometry `g` and `outChannels`. */
function checkGradient(op: string, dy: NDArray, g: Window2d, outChannels: number): void {
  checkImage(op, dy, 'dy');
  const expected = [g.batch, outChannels, g.outHeight, g.outWidth];
  if (!shapesEqual(dy.shape, expected))
    throw new ShapeError(`${op}: dy must have conv2d's output shape ${formatShape(expected)}, got ${formatShape(dy.shape)}`);
}

/** `dy` [N, Cout, oh, ow] as [groups, Cout / groups, N·oh·ow]. */
function gradientRows(dy: NDArray, groups: number): NDArray {
  const [n, outChannels, oh, ow] = dy.shape as [number, number, number, number];
  return reshape(swapLeading(dy, n, outChannels, oh * ow), [groups, outChannels / groups, n * oh * ow]);
}

/**
 * The gradient of `conv2d(x, weight)` with respect to `x` of shape `inputShape`, given the
 * output's gradient `dy`, as `torch.nn.grad.conv2d_input`: col2im of weightᵀ · dy.
 * @example
 * conv2dInput(x.shape, weight, dy, { padding: 1 }) // [N, Cin, H, W]
 */
export function conv2dInput(inputShape: Shape, weight: NDArray, dy: NDArray, options: Conv2dOptions = {}): NDArray {
  const op = 'conv2dInput';
  const groups = options.groups ?? 1;
  checkImage(op, weight, 'weight');
  if (inputShape.length !== 4) throw new ShapeError(`${op}: expected a 4-d input shape [N, C, H, W], got ${formatShape(inputShape)}`);
  checkGroups(op, inputShape, weight.shape, groups);
  const [outChannels, inPerGroup, kh, kw] = weight.shape as [number, number, number, number];
  const g = window2d(op, inputShape, [kh, kw], options);
  checkGradient(op, dy, g, outChannels);
  const dtype = promoteTypes(weight.dtype, dy.dtype);
  const rows = inPerGroup * kh * kw;
  const kernelsByGroup = reshape(astype(weight, dtype), [groups, outChannels / groups, rows]);
  // [groups, rows, N·L] is the kernels' column layout [C·kh·kw, N, L], contiguous.
  const dCols = contiguous(matmul(mT(kernelsByGroup), gradientRows(astype(dy, dtype), groups)));
  const out = allocate(dtype, g.batch * g.channels * g.height * g.width);
  kernels().col2im(dCols.data, g, out);
  return new NDArray(out, dtype, [...inputShape]);
}

/**
 * The gradient of `conv2d(x, weight)` with respect to a weight of shape `weightShape`, given the
 * output's gradient `dy`, as `torch.nn.grad.conv2d_weight`: dy · im2col(x)ᵀ per group.
 * @example
 * conv2dWeight(x, weight.shape, dy, { padding: 1 }) // [Cout, Cin / groups, kh, kw]
 */
export function conv2dWeight(x: NDArray, weightShape: Shape, dy: NDArray, options: Conv2dOptions = {}): NDArray {
  const op = 'conv2dWeight';
  const groups = options.groups ?? 1;
  checkImage(op, x);
  if (weightShape.length !== 4) throw new ShapeError(`${op}: expected a 4-d weight shape [Cout, Cin / groups, kh, kw], got ${formatShape(weightShape)}`);
  checkGroups(op, x.shape, weightShape, groups);
  const [outChannels, inPerGroup, kh, kw] = weightShape as [number, number, number, number];
  const g = window2d(op, x.shape, [kh, kw], options);
  checkGradient(op, dy, g, outChannels);
  const common = promoteTypes(x.dtype, dy.dtype);
  // The columns die within this call, so they take conv2d's reused storage.
  const cols = reshape(columns(astype(x, common), g, false, true), [groups, inPerGroup * kh * kw, -1]);
  return reshape(matmul(gradientRows(astype(dy, common), groups), mT(cols)), [...weightShape]);
}
