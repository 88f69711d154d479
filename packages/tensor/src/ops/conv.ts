// Convolution as im2col + GEMM: the columns go through the matmul kernel, so whichever backend
// provides the fastest matmul (wasm, threads) speeds up convolution with no conv code of its own.
import { expectNDArray } from './operand.js';
import { allocate, isFloating, promoteTypes, type DType, type TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { kernels } from '../kernels/registry.js';
import type { Window2d } from '../kernels/window.js';
import { NDArray } from '../ndarray.js';
import { formatShape, type Shape } from '../shape.js';
import { add } from './elementwise.js';
import { cat } from './join.js';
import { matmul } from './matmul.js';
import { astype, contiguous, permute, reshape } from './movement.js';

/** One size per spatial dim (height, width), or one number for both. */
export type Size2d = number | readonly number[];

/** Geometry of the sliding window shared by `im2col`, `col2im`, `conv2d` and pooling. */
export interface WindowOptions {
  /** Step between windows (default 1). */
  stride?: Size2d;
  /** Implicit zeros: one number, [height, width] (both sides) or [top, bottom, left, right] (default 0). */
  padding?: Size2d;
  /** Spacing between kernel elements (default 1). */
  dilation?: Size2d;
}

/** Options of `conv2d`. */
export interface Conv2dOptions extends WindowOptions {
  /** Split channels into this many independent groups (default 1). */
  groups?: number;
}

function formatSize(value: Size2d): string {
  return typeof value === 'number' ? String(value) : `[${value.join(', ')}]`;
}

/** @internal `value` as [height, width], each an integer >= min. */
export function pair(op: string, what: string, value: Size2d, min = 1): [number, number] {
  const values = typeof value === 'number' ? [value, value] : [...value];
  if (values.length !== 2 || values.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ArgumentError(
      `${op}: ${what} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer or 2 of them, got ${formatSize(value)}`,
    );
  }
  return values as [number, number];
}

/** @internal Padding as [top, bottom, left, right]. */
export function padding4(op: string, value: Size2d): [number, number, number, number] {
  if (typeof value !== 'number' && value.length === 4) {
    if (value.some((v) => !Number.isInteger(v) || v < 0))
      throw new ArgumentError(
        `${op}: padding must be non-negative integers, got ${formatSize(value)}`,
      );
    return [...value] as [number, number, number, number];
  }
  const [ph, pw] = pair(op, 'padding', value, 0);
  return [ph, ph, pw, pw];
}

// Ops of this family that @dl/autograd also exports, so a Tensor's error can point there.
const AUTOGRAD_TWINS = new Set(['conv2d', 'maxPool2d', 'avgPool2d']);

/** @internal Checks a floating [N, C, H, W] input; returns its dtype. */
export function checkImage(op: string, x: unknown, what = 'input'): NDArray {
  expectNDArray(op, x, AUTOGRAD_TWINS.has(op));
  if (!NDArray.isNDArray(x))
    throw new ArgumentError(`${op}: expected ${what} to be an NDArray, got ${typeof x}`);
  if (x.ndim !== 4)
    throw new ShapeError(`${op}: expected a 4-d ${what} [N, C, H, W], got ${formatShape(x.shape)}`);
  if (!isFloating(x.dtype))
    throw new DTypeError(`${op}: ${what} must be float32 or float64, got ${x.dtype}`);
  return x;
}

/** @internal The window geometry over an [N, C, H, W] shape; throws when no window fits. */
export function window2d(
  op: string,
  shape: Shape,
  kernelSize: Size2d,
  options: WindowOptions,
): Window2d {
  const [batch, channels, height, width] = shape as [number, number, number, number];
  const [kernelH, kernelW] = pair(op, 'kernelSize', kernelSize);
  const [strideH, strideW] = pair(op, 'stride', options.stride ?? 1);
  const [dilationH, dilationW] = pair(op, 'dilation', options.dilation ?? 1);
  const [top, bottom, left, right] = padding4(op, options.padding ?? 0);
  const outHeight =
    Math.floor((height + top + bottom - dilationH * (kernelH - 1) - 1) / strideH) + 1;
  const outWidth = Math.floor((width + left + right - dilationW * (kernelW - 1) - 1) / strideW) + 1;
  if (outHeight <= 0 || outWidth <= 0) {
    throw new ShapeError(
      `${op}: kernel [${kernelH}, ${kernelW}] with dilation [${dilationH}, ${dilationW}] does not fit the padded input [${height + top + bottom}, ${width + left + right}] (output would be [${outHeight}, ${outWidth}])`,
    );
  }
  return {
    batch,
    channels,
    height,
    width,
    outHeight,
    outWidth,
    kernelH,
    kernelW,
    strideH,
    strideW,
    padTop: top,
    padLeft: left,
    dilationH,
    dilationW,
  };
}

/**
 * Sliding local blocks of `x` [N, C, H, W] as columns [N, C·kh·kw, oh·ow] (kernel offsets
 * row-major within each channel), as `torch.nn.functional.unfold`.
 * @example
 * im2col(images, 3, { padding: 1 }).shape // [N, C·9, H·W]
 */
export function im2col(x: NDArray, kernelSize: Size2d, options: WindowOptions = {}): NDArray {
  checkImage('im2col', x);
  const g = window2d('im2col', x.shape, kernelSize, options);
  // NOTE: a view [N, C·kh·kw, L] of the kernel's [C·kh·kw, N, L] storage: permute(cols, [1, 0, 2])
  // gives back a contiguous [C·kh·kw, N, L], which col2im and conv2d's backward read copy-free.
  return permute(reshape(columns(x, g), [-1, g.batch, g.outHeight * g.outWidth]), [1, 0, 2]);
}

/** Largest column matrix (elements) conv2d keeps for reuse: 64 MiB of float32. */
const SCRATCH_LIMIT = 1 << 24;
const scratch = new Map<DType, TypedArray>();

/**
 * Storage for `size` elements that conv2d's forward pass reuses call after call: columns are
 * consumed by the GEMM and never escape, and a fresh multi-megabyte array per call costs more
 * in zeroing and page faults than im2col itself. Larger matrices are allocated per call.
 */
function columnStorage(dtype: DType, size: number): TypedArray {
  if (size > SCRATCH_LIMIT) return allocate(dtype, size);
  let buffer = scratch.get(dtype);
  if (!buffer || buffer.length < size) {
    buffer = allocate(dtype, size);
    scratch.set(dtype, buffer);
  }
  return buffer.subarray(0, size);
}

/**
 * @internal The kernel's column layout [C·kh·kw, N, L] (contiguous), as [C·kh·kw, N·L]; with `onesRow`
 * one more row of ones follows, so a GEMM with the bias as the weights' last column adds it.
 * `reuse` takes conv2d's scratch storage instead of a new array: only for columns that die
 * within the call.
 */
export function columns(x: NDArray, g: Window2d, onesRow = false, reuse = false): NDArray {
  const rows = g.channels * g.kernelH * g.kernelW;
  const blocks = g.batch * g.outHeight * g.outWidth;
  const size = (rows + (onesRow ? 1 : 0)) * blocks;
  const out = reuse ? columnStorage(x.dtype, size) : allocate(x.dtype, size);
  kernels().im2col(contiguous(x).data, g, out.subarray(0, rows * blocks));
  if (onesRow) out.fill(1, rows * blocks);
  return new NDArray(out, x.dtype, [rows + (onesRow ? 1 : 0), blocks]);
}

/**
 * Sums columns [N, C·kh·kw, L] back into an image [N, C, H, W] of `outputSize` [H, W] (the
 * transpose of `im2col`; overlapping entries add up), as `torch.nn.functional.fold`.
 * @example
 * col2im(columns, [28, 28], 3, { padding: 1 })
 */
export function col2im(
  cols: NDArray,
  outputSize: Size2d,
  kernelSize: Size2d,
  options: WindowOptions = {},
): NDArray {
  const op = 'col2im';
  expectNDArray(op, cols, false);
  if (!NDArray.isNDArray(cols))
    throw new ArgumentError(`${op}: expected cols to be an NDArray, got ${typeof cols}`);
  if (!isFloating(cols.dtype))
    throw new DTypeError(`${op}: cols must be float32 or float64, got ${cols.dtype}`);
  if (cols.ndim !== 3)
    throw new ShapeError(
      `${op}: expected 3-d cols [N, C·kh·kw, L], got ${formatShape(cols.shape)}`,
    );
  const [height, width] = pair(op, 'outputSize', outputSize);
  const [kh, kw] = pair(op, 'kernelSize', kernelSize);
  const [batch, rows, blocks] = cols.shape as [number, number, number];
  if (rows % (kh * kw) !== 0)
    throw new ShapeError(
      `${op}: cols ${formatShape(cols.shape)} dim 1 (${rows}) is not divisible by the kernel size ${kh}·${kw}`,
    );
  const g = window2d(op, [batch, rows / (kh * kw), height, width], kernelSize, options);
  if (g.outHeight * g.outWidth !== blocks) {
    throw new ShapeError(
      `${op}: cols ${formatShape(cols.shape)} have ${blocks} blocks, but an output [${height}, ${width}] gives ${g.outHeight}·${g.outWidth} = ${g.outHeight * g.outWidth}`,
    );
  }
  const out = allocate(cols.dtype, batch * g.channels * height * width);
  kernels().col2im(contiguous(permute(cols, [1, 0, 2])).data, g, out);
  return new NDArray(out, cols.dtype, [batch, g.channels, height, width]);
}

/**
 * @internal `x` read as [a, b, l] and copied to a contiguous [b, a, l] (conv's [C, N, L] <->
 * [N, C, L]). NOTE: one row copy per (a, b), 3x faster than a generic permuted copy, which
 * moves element by element.
 */
export function swapLeading(x: NDArray, a: number, b: number, l: number): NDArray {
  const source = x.dataSync();
  const out = allocate(x.dtype, a * b * l);
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) out.set(source.subarray((i * b + j) * l, (i * b + j + 1) * l), (j * a + i) * l);
  }
  return new NDArray(out, x.dtype, [b, a, l]);
}

/** @internal Checks that a weight of `weightShape` splits an input of `inputShape` into `groups`. */
export function checkGroups(op: string, inputShape: Shape, weightShape: Shape, groups: number): void {
  if (!Number.isInteger(groups) || groups < 1)
    throw new ArgumentError(`${op}: groups must be a positive integer, got ${groups}`);
  const [outChannels, inPerGroup] = weightShape as [number, number];
  if (inputShape[1] !== inPerGroup * groups || outChannels % groups !== 0) {
    throw new ShapeError(
      `${op}: weight ${formatShape(weightShape)} with groups=${groups} expects ${inPerGroup * groups} input channels and out channels divisible by ${groups}, got input ${formatShape(inputShape)}`,
    );
  }
}

/** @internal Checks conv2d's operands; returns the common float dtype. */
export function checkConv2d(
  op: string,
  x: NDArray,
  weight: NDArray,
  bias: NDArray | null,
  groups: number,
): DType {
  checkImage(op, x);
  checkImage(op, weight, 'weight');
  checkGroups(op, x.shape, weight.shape, groups);
  const outChannels = weight.shape[0];
  if (bias !== null) {
    if (!NDArray.isNDArray(bias))
      throw new ArgumentError(`${op}: expected bias to be an NDArray or null, got ${typeof bias}`);
    if (bias.ndim !== 1 || bias.shape[0] !== outChannels)
      throw new ShapeError(
        `${op}: bias must have shape [${outChannels}], got ${formatShape(bias.shape)}`,
      );
  }
  return promoteTypes(x.dtype, weight.dtype);
}

/**
 * 2-d convolution (cross-correlation) of `x` [N, Cin, H, W] with `weight` [Cout, Cin / groups, kh, kw]
 * plus an optional `bias` [Cout], as `torch.nn.functional.conv2d` (padding as numbers only).
 * @example
 * conv2d(images, weight, bias, { stride: 2, padding: 1 }).shape // [N, Cout, H/2, W/2]
 */
export function conv2d(
  x: NDArray,
  weight: NDArray,
  bias: NDArray | null = null,
  options: Conv2dOptions = {},
): NDArray {
  const op = 'conv2d';
  const groups = options.groups ?? 1;
  const dtype = checkConv2d(op, x, weight, bias, groups);
  const [outChannels, inPerGroup, kh, kw] = weight.shape as [number, number, number, number];
  const g = window2d(op, x.shape, [kh, kw], options);
  const rows = inPerGroup * kh * kw;
  const blocks = g.outHeight * g.outWidth;
  // The GEMMs give [Cout, N, L]; the NCHW result is a contiguous row-by-row transpose of it.
  const nchw = (product: NDArray): NDArray =>
    reshape(swapLeading(product, outChannels, g.batch, blocks), [g.batch, outChannels, g.outHeight, g.outWidth]);
  if (groups === 1 && bias?.dtype === dtype) {
    // [Cout, rows | bias] @ [rows | ones, N·L]: the GEMM adds the bias, which saves a broadcast
    // add over the output (a third of the forward pass on the wasm backend).
    const kernelsAndBias = cat([reshape(astype(weight, dtype), [outChannels, rows]), reshape(bias, [outChannels, 1])], 1);
    return nchw(matmul(kernelsAndBias, columns(astype(x, dtype), g, true, true)));
  }
  const cols = reshape(columns(astype(x, dtype), g, false, true), [groups, rows, -1]);
  // [groups, out/groups, rows] @ [groups, rows, N·L]: one GEMM per group over the whole batch.
  const kernelsByGroup = reshape(astype(weight, dtype), [groups, outChannels / groups, rows]);
  const out = nchw(matmul(kernelsByGroup, cols));
  return bias === null ? out : add(out, reshape(bias, [outChannels, 1, 1]));
}
