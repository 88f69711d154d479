import type { TypedArray } from '../dtype.js';

/**
 * Geometry of a 2-d sliding window over a contiguous [batch, channels, height, width] array:
 * window (oy, ox) reads rows `oy * strideH - padTop + i * dilationH` (i < kernelH) and the
 * like for columns; positions outside the image are padding. The op computes the output size.
 */
export interface Window2d {
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly kernelH: number;
  readonly kernelW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly dilationH: number;
  readonly dilationW: number;
}

/**
 * Sliding-window kernels (convolution and pooling). Inputs and outputs are contiguous float32
 * or float64 arrays of one dtype; the ops have validated the geometry.
 */
export interface WindowKernels {
  /** im2col: `x` [N, C, H, W] into `out` [C·kh·kw, N, oh·ow] (kernel offsets row-major, padding reads 0). */
  im2col(x: TypedArray, g: Window2d, out: TypedArray): void;
  /** col2im: adds every column entry of `cols` [C·kh·kw, N, oh·ow] into `out` [N, C, H, W] (padding dropped). */
  col2im(cols: TypedArray, g: Window2d, out: TypedArray): void;
  /**
   * Max of each window of `x` [N, C, H, W] into `out` [N, C, oh, ow]; `indices` gets the argmax as
   * `row * W + col` within its plane (first maximum; NaN wins, as PyTorch). Padding never wins.
   */
  maxPool2d(x: TypedArray, g: Window2d, out: TypedArray, indices: Int32Array): void;
  /** The transpose of maxPool2d: adds each `dy` entry at its argmax (`indices`) in `out` [N, C, H, W]. */
  maxPool2dBackward(dy: TypedArray, indices: Int32Array, g: Window2d, out: TypedArray): void;
  /** Sum of the in-image part of each window divided by `divisors[oy·ow + ox]`, into `out` [N, C, oh, ow]. */
  avgPool2d(x: TypedArray, g: Window2d, divisors: Float64Array, out: TypedArray): void;
  /** The transpose of avgPool2d: adds `dy[p] / divisors[p]` to every in-image element of window p of `out`. */
  avgPool2dBackward(dy: TypedArray, g: Window2d, divisors: Float64Array, out: TypedArray): void;
}
