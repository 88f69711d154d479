// 2-d max and average pooling over [N, C, H, W] arrays, with the backward helpers autograd's
// primitives call (max pooling returns its argmax indices for the scatter back).
import { expectNDArray } from './operand.js';
import { allocate } from '../dtype.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { kernels } from '../kernels/registry.js';
import type { Window2d } from '../kernels/window.js';
import { NDArray } from '../ndarray.js';
import { formatShape, shapesEqual, type Shape } from '../shape.js';
import { checkImage, pair, padding4, window2d, type Size2d, type WindowOptions } from './conv.js';
import { contiguous } from './movement.js';

/** Options of `maxPool2d`. */
export interface MaxPool2dOptions extends WindowOptions {
  /** Step between windows (default: the kernel size). */
  stride?: Size2d;
}

/** Options of `avgPool2d` and `avgPool2dBackward`. */
export interface AvgPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: Size2d;
  /** Implicit zeros on both sides, at most half the kernel (default 0). */
  padding?: Size2d;
  /** Count the padding in each window's divisor (default true, as PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead (default: none). */
  divisorOverride?: number | null;
}

/** The values and argmax indices (`row * W + col` within each plane) of `maxPool2d`. */
export interface MaxPool2dResult {
  values: NDArray;
  indices: NDArray;
}

function poolWindow(
  op: string,
  shape: Shape,
  kernelSize: Size2d,
  options: WindowOptions,
): Window2d {
  const kernel = pair(op, 'kernelSize', kernelSize);
  const [top, bottom, left, right] = padding4(op, options.padding ?? 0);
  if (
    top !== bottom ||
    left !== right ||
    top > Math.floor(kernel[0] / 2) ||
    left > Math.floor(kernel[1] / 2)
  ) {
    throw new ArgumentError(
      `${op}: padding [${top}, ${left}] must be at most half the kernel size [${kernel.join(', ')}]`,
    );
  }
  return window2d(op, shape, kernel, { ...options, stride: options.stride ?? kernel });
}

/**
 * The maximum of each window of `x` [N, C, H, W] and where it is, as `F.max_pool2d(...,
 * return_indices=True)`: padding is -Infinity and never chosen; the first maximum wins.
 * @example
 * const { values, indices } = maxPool2d(features, 2);
 */
export function maxPool2d(
  x: NDArray,
  kernelSize: Size2d,
  options: MaxPool2dOptions = {},
): MaxPool2dResult {
  checkImage('maxPool2d', x);
  const g = poolWindow('maxPool2d', x.shape, kernelSize, options);
  const size = g.batch * g.channels * g.outHeight * g.outWidth;
  const values = allocate(x.dtype, size);
  const indices = new Int32Array(size);
  kernels().maxPool2d(contiguous(x).data, g, values, indices);
  const shape = [g.batch, g.channels, g.outHeight, g.outWidth];
  return {
    values: new NDArray(values, x.dtype, shape),
    indices: new NDArray(indices, 'int32', shape),
  };
}

/**
 * The gradient of `maxPool2d`: each `dy` entry added at its argmax in a zero [N, C, H, W] of `inputShape`.
 * @example
 * maxPool2dBackward(dy, indices, x.shape)
 */
export function maxPool2dBackward(dy: NDArray, indices: NDArray, inputShape: Shape): NDArray {
  const op = 'maxPool2dBackward';
  expectNDArray(op, dy, false);
  if (
    !shapesEqual(dy.shape, indices.shape) ||
    dy.ndim !== 4 ||
    inputShape.length !== 4 ||
    indices.dtype !== 'int32'
  ) {
    throw new ShapeError(
      `${op}: dy ${formatShape(dy.shape)} and int32 indices ${formatShape(indices.shape)} must share one 4-d shape, and the input ${formatShape(inputShape)} be 4-d`,
    );
  }
  const [batch, channels, height, width] = inputShape as [number, number, number, number];
  const [, , outHeight, outWidth] = dy.shape as [number, number, number, number];
  const g = { ...window2d(op, inputShape, 1, {}), outHeight, outWidth };
  const out = allocate(dy.dtype, batch * channels * height * width);
  kernels().maxPool2dBackward(contiguous(dy).data, contiguous(indices).data as Int32Array, g, out);
  return new NDArray(out, dy.dtype, [...inputShape]);
}

function divisorsOf(op: string, g: Window2d, options: AvgPool2dOptions): Float64Array {
  const divisors = new Float64Array(g.outHeight * g.outWidth);
  const override = options.divisorOverride;
  if (override !== undefined && override !== null) {
    if (!(override > 0))
      throw new ArgumentError(`${op}: divisorOverride must be positive, got ${override}`);
    return divisors.fill(override);
  }
  const countPad = options.countIncludePad ?? true;
  for (let oy = 0; oy < g.outHeight; oy++) {
    const y0 = oy * g.strideH - g.padTop;
    // NOTE: as PyTorch, a window that runs past the padding (ceil mode) never counts that part.
    const rows = countPad
      ? Math.min(y0 + g.kernelH, g.height + g.padTop) - y0
      : Math.min(y0 + g.kernelH, g.height) - Math.max(y0, 0);
    for (let ox = 0; ox < g.outWidth; ox++) {
      const x0 = ox * g.strideW - g.padLeft;
      const cols = countPad
        ? Math.min(x0 + g.kernelW, g.width + g.padLeft) - x0
        : Math.min(x0 + g.kernelW, g.width) - Math.max(x0, 0);
      divisors[oy * g.outWidth + ox] = rows * cols;
    }
  }
  return divisors;
}

/**
 * The mean of each window of `x` [N, C, H, W], as `F.avg_pool2d`.
 * @example
 * avgPool2d(features, 3, { stride: 2, padding: 1, countIncludePad: false })
 */
export function avgPool2d(x: NDArray, kernelSize: Size2d, options: AvgPool2dOptions = {}): NDArray {
  checkImage('avgPool2d', x);
  const g = poolWindow('avgPool2d', x.shape, kernelSize, {
    stride: options.stride,
    padding: options.padding,
  });
  const out = allocate(x.dtype, g.batch * g.channels * g.outHeight * g.outWidth);
  kernels().avgPool2d(contiguous(x).data, g, divisorsOf('avgPool2d', g, options), out);
  return new NDArray(out, x.dtype, [g.batch, g.channels, g.outHeight, g.outWidth]);
}

/**
 * The gradient of `avgPool2d` with respect to its input of `inputShape`.
 * @example
 * avgPool2dBackward(dy, x.shape, 2)
 */
export function avgPool2dBackward(
  dy: NDArray,
  inputShape: Shape,
  kernelSize: Size2d,
  options: AvgPool2dOptions = {},
): NDArray {
  const op = 'avgPool2dBackward';
  checkImage(op, dy, 'dy');
  const g = poolWindow(op, inputShape, kernelSize, {
    stride: options.stride,
    padding: options.padding,
  });
  const expected = [g.batch, g.channels, g.outHeight, g.outWidth];
  if (!shapesEqual(dy.shape, expected))
    throw new ShapeError(
      `${op}: dy must have shape ${formatShape(expected)}, got ${formatShape(dy.shape)}`,
    );
  const out = allocate(dy.dtype, g.batch * g.channels * g.height * g.width);
  kernels().avgPool2dBackward(contiguous(dy).data, g, divisorsOf(op, g, options), out);
  return new NDArray(out, dy.dtype, [...inputShape]);
}
