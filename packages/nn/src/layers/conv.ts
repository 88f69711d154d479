// Convolutions through autograd's conv2d primitive (im2col + GEMM kernels; no backward code here).
// `unfold` stays a composite of strided slices: one slice of the padded input per kernel offset.
import { cat, conv2d as conv2dPrimitive, full, reshape, slice, squeeze, stack, unsqueeze, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, DTypeError, ShapeError, formatShape, isFloating, type DType, type Generator, type NDArray } from '@dl/tensor';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { asTensor, optionalTensor } from '../operand.js';
import { Parameter } from '../parameter.js';
import { checkSize } from './linear.js';

/** One size per spatial dim, or one number for all of them. */
export type SizeArg = number | readonly number[];

/** @internal `value` as `n` non-negative (or positive) integers. */
export function tuple(op: string, what: string, value: SizeArg, n: number, min = 1): number[] {
  const values = typeof value === 'number' ? new Array<number>(n).fill(value) : [...value];
  if (values.length !== n || values.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ArgumentError(`${op}: ${what} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer or ${n} of them, got ${Array.isArray(value) ? `[${values.join(', ')}]` : String(value)}`);
  }
  return values;
}

/**
 * Pads the last dims of `input` with a constant: `padding` lists (before, after) pairs starting
 * from the last dim, as `F.pad` in 'constant' mode.
 * @example
 * pad(x, [1, 1, 2, 0]) // last dim +1 on each side, the one before +2 at the start
 */
export function pad(inputArg: Tensor | NDArray, padding: readonly number[], value = 0): Tensor {
  const input = asTensor('pad', 'input', inputArg);
  if (padding.length % 2 !== 0 || padding.length / 2 > input.ndim || padding.some((p) => !Number.isInteger(p) || p < 0)) {
    throw new ArgumentError(`pad: padding must be non-negative (before, after) pairs for at most ${input.ndim} dims, got [${padding.join(', ')}]`);
  }
  let out = input;
  for (let k = 0; k < padding.length / 2; k++) {
    const dim = input.ndim - 1 - k;
    const [before, after] = [padding[2 * k], padding[2 * k + 1]];
    if (before === 0 && after === 0) continue;
    const block = (size: number): Tensor => full(out.shape.map((s, d) => (d === dim ? size : s)), value, { dtype: out.dtype });
    out = cat([...(before > 0 ? [block(before)] : []), out, ...(after > 0 ? [block(after)] : [])], dim);
  }
  return out;
}

/** Geometry of a sliding window over the last two dims. */
export interface Window {
  kernel: number[];
  stride: number[];
  dilation: number[];
}

/**
 * @internal Every window position of a padded [N, C, H, W] input as [N, C, kh·kw, Ho, Wo]
 * (kernel offsets row-major), built from one strided slice per offset.
 */
export function windows(op: string, x: Tensor, { kernel, stride, dilation }: Window): Tensor {
  const out = [0, 1].map((d) => Math.floor((x.shape[2 + d] - dilation[d] * (kernel[d] - 1) - 1) / stride[d]) + 1);
  if (out[0] <= 0 || out[1] <= 0) {
    throw new ShapeError(
      `${op}: kernel ${formatShape(kernel)} with dilation ${formatShape(dilation)} does not fit the padded input ${formatShape(x.shape.slice(2))} (output would be ${formatShape(out)})`,
    );
  }
  const patches: Tensor[] = [];
  for (let i = 0; i < kernel[0]; i++) {
    const rows = slice(x, 2, { start: i * dilation[0], end: i * dilation[0] + stride[0] * (out[0] - 1) + 1, step: stride[0] });
    for (let j = 0; j < kernel[1]; j++) {
      patches.push(slice(rows, 3, { start: j * dilation[1], end: j * dilation[1] + stride[1] * (out[1] - 1) + 1, step: stride[1] }));
    }
  }
  return stack(patches, 2);
}

/** @internal Adds a batch dim to an unbatched input ([C, ...] of `spatial` + 1 dims). */
export function batched(op: string, input: Tensor, spatial: number): [Tensor, boolean] {
  if (input.ndim === spatial + 1) return [unsqueeze(input, 0), true];
  if (input.ndim !== spatial + 2) {
    throw new ShapeError(`${op}: expected a ${spatial + 1}-d (unbatched) or ${spatial + 2}-d (batched) input, got ${formatShape(input.shape)}`);
  }
  return [input, false];
}

/** Options of `unfold`. */
export interface UnfoldOptions {
  dilation?: SizeArg;
  padding?: SizeArg;
  stride?: SizeArg;
}

/**
 * Sliding local blocks of a [N, C, H, W] input as columns [N, C·kh·kw, L] (im2col), as `F.unfold`.
 * @example
 * unfold(images, 3, { padding: 1 }) // [N, C·9, H·W]
 */
export function unfold(inputArg: Tensor | NDArray, kernelSize: SizeArg, options: UnfoldOptions = {}): Tensor {
  const op = 'unfold';
  const input = asTensor(op, 'input', inputArg);
  if (input.ndim !== 4) throw new ShapeError(`${op}: expected a 4-d input [N, C, H, W], got ${formatShape(input.shape)}`);
  const window = { kernel: tuple(op, 'kernelSize', kernelSize, 2), stride: tuple(op, 'stride', options.stride ?? 1, 2), dilation: tuple(op, 'dilation', options.dilation ?? 1, 2) };
  const [ph, pw] = tuple(op, 'padding', options.padding ?? 0, 2, 0);
  const patches = windows(op, pad(input, [pw, pw, ph, ph]), window);
  const [n, c, k, ho, wo] = patches.shape as [number, number, number, number, number];
  return reshape(patches, [n, c * k, ho * wo]);
}

/** Options of `conv2d` and `conv1d`. */
export interface ConvOptions {
  /** Step between windows (default 1). */
  stride?: SizeArg;
  /** Zeros added on both sides of each spatial dim, or 'valid' (none) / 'same' (output size = input size; stride 1). */
  padding?: SizeArg | 'valid' | 'same';
  /** Spacing between kernel elements (default 1). */
  dilation?: SizeArg;
  /** Split channels into this many independent groups (default 1). */
  groups?: number;
}

/** [before, after] zero padding per spatial dim. */
function paddingOf(op: string, padding: ConvOptions['padding'], kernel: number[], dilation: number[], stride: number[]): [number, number][] {
  if (padding === 'valid') return kernel.map(() => [0, 0]);
  if (padding === 'same') {
    if (stride.some((s) => s !== 1)) throw new ArgumentError(`${op}: padding 'same' needs stride 1, got ${formatShape(stride)}`);
    // NOTE: an odd total goes on the after side, as PyTorch.
    return kernel.map((k, d) => {
      const total = dilation[d] * (k - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  return tuple(op, 'padding', padding ?? 0, kernel.length, 0).map((p) => [p, p]);
}

function convNd(op: string, inputArg: Tensor | NDArray, weightArg: Tensor | NDArray, biasArg: Tensor | NDArray | null | undefined, options: ConvOptions, spatial: 1 | 2): Tensor {
  const input = asTensor(op, 'input', inputArg);
  const weight = asTensor(op, 'weight', weightArg);
  const bias = optionalTensor(op, 'bias', biasArg);
  if (!isFloating(input.dtype)) throw new DTypeError(`${op}: input must be floating point, got ${input.dtype}`);
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ArgumentError(`${op}: groups must be a positive integer, got ${groups}`);
  if (weight.ndim !== spatial + 2) throw new ShapeError(`${op}: weight must be ${spatial + 2}-d [out, in / groups, ...kernel], got ${formatShape(weight.shape)}`);
  const [x, unbatched] = batched(op, input, spatial);
  const [outChannels, inPerGroup] = weight.shape as [number, number];
  const inChannels = x.shape[1];
  if (inChannels !== inPerGroup * groups || outChannels % groups !== 0) {
    throw new ShapeError(
      `${op}: weight ${formatShape(weight.shape)} with groups=${groups} expects ${inPerGroup * groups} input channels and out channels divisible by ${groups}, got input ${formatShape(input.shape)}`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) throw new ShapeError(`${op}: bias must have shape [${outChannels}], got ${formatShape(bias.shape)}`);
  const kernel = weight.shape.slice(2);
  const stride = tuple(op, 'stride', options.stride ?? 1, spatial);
  const dilation = tuple(op, 'dilation', options.dilation ?? 1, spatial);
  const padding = paddingOf(op, options.padding, kernel, dilation, stride);
  // conv1d runs as conv2d over a height-1 image, through autograd's conv2d primitive (im2col + GEMM).
  const image = spatial === 1 ? unsqueeze(x, 2) : x;
  const kernels = spatial === 1 ? unsqueeze(weight, 2) : weight;
  const [[top, bottom], [left, right]] = (spatial === 1 ? [[0, 0], ...padding] : padding) as [[number, number], [number, number]];
  const lift = (values: number[]): number[] => (spatial === 1 ? [1, ...values] : values);
  const padded = kernel.map((_, d) => x.shape[2 + d] + padding[d][0] + padding[d][1]);
  const outSize = kernel.map((k, d) => Math.floor((padded[d] - dilation[d] * (k - 1) - 1) / stride[d]) + 1);
  if (outSize.some((size) => size <= 0)) {
    throw new ShapeError(`${op}: kernel ${formatShape(kernel)} with dilation ${formatShape(dilation)} does not fit the padded input ${formatShape(padded)} (output would be ${formatShape(outSize)})`);
  }
  let out = conv2dPrimitive(image, kernels, bias, { stride: lift(stride), padding: [top, bottom, left, right], dilation: lift(dilation), groups });
  if (spatial === 1) out = squeeze(out, 2);
  return unbatched ? squeeze(out, 0) : out;
}

/**
 * 2-d convolution (cross-correlation) of [N, Cin, H, W] with weight [Cout, Cin / groups, kh, kw],
 * as `F.conv2d` (stride, padding, dilation, groups).
 * @example
 * conv2d(images, weight, bias, { stride: 2, padding: 1 })
 */
export function conv2d(input: Tensor | NDArray, weight: Tensor | NDArray, bias?: Tensor | NDArray | null, options: ConvOptions = {}): Tensor {
  return convNd('conv2d', input, weight, bias, options, 2);
}

/**
 * 1-d convolution of [N, Cin, L] with weight [Cout, Cin / groups, k], as `F.conv1d`.
 * @example
 * conv1d(signal, weight, bias, { padding: 'same' })
 */
export function conv1d(input: Tensor | NDArray, weight: Tensor | NDArray, bias?: Tensor | NDArray | null, options: ConvOptions = {}): Tensor {
  return convNd('conv1d', input, weight, bias, options, 1);
}

/** Options of `Conv1d` and `Conv2d`. */
export interface ConvModuleOptions extends ConvOptions {
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
  /** Parameter dtype (default float32). */
  dtype?: DType;
  /** Stream for the initial values; the default generator otherwise. */
  generator?: Generator;
}

abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'valid' | 'same';
  readonly dilation: number[];
  readonly groups: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(op: string, spatial: number, inChannels: number, outChannels: number, kernelSize: SizeArg, options: ConvModuleOptions) {
    super();
    this.inChannels = checkSize(op, 'inChannels', inChannels);
    this.outChannels = checkSize(op, 'outChannels', outChannels);
    this.kernelSize = tuple(op, 'kernelSize', kernelSize, spatial);
    this.stride = tuple(op, 'stride', options.stride ?? 1, spatial);
    this.dilation = tuple(op, 'dilation', options.dilation ?? 1, spatial);
    const { padding = 0 } = options;
    this.padding = padding === 'same' || padding === 'valid' ? padding : tuple(op, 'padding', padding, spatial, 0);
    if (padding === 'same') paddingOf(op, padding, this.kernelSize, this.dilation, this.stride);
    this.groups = options.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups < 1 || inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new ArgumentError(`${op}: inChannels (${inChannels}) and outChannels (${outChannels}) must be divisible by groups (${this.groups})`);
    }
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(nd.zeros([outChannels, inChannels / this.groups, ...this.kernelSize], { dtype }));
    this.bias = options.bias === false ? null : new Parameter(nd.zeros([outChannels], { dtype }));
    this.resetParameters(options.generator);
  }

  /** Draws fresh initial values as PyTorch: kaimingUniform(a = √5), bias U(-1/√fanIn, 1/√fanIn). @example conv.resetParameters() */
  resetParameters(generator?: Generator): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5), generator });
    if (this.bias) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound, { generator });
    }
  }

  protected get options(): ConvOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups };
  }

  protected override extraRepr(): string {
    const list = (v: number[]): string => (v.length === 1 ? String(v[0]) : `[${v.join(', ')}]`);
    const parts = [`${this.inChannels}, ${this.outChannels}`, `kernelSize=${list(this.kernelSize)}`, `stride=${list(this.stride)}`];
    if (typeof this.padding === 'string') parts.push(`padding='${this.padding}'`);
    else if (this.padding.some((p) => p !== 0)) parts.push(`padding=${list(this.padding)}`);
    if (this.dilation.some((d) => d !== 1)) parts.push(`dilation=${list(this.dilation)}`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.bias === null) parts.push('bias=false');
    return parts.join(', ');
  }
}

/**
 * A 2-d convolution layer, as `torch.nn.Conv2d`: weight [out, in / groups, kh, kw], bias [out].
 * @example
 * const conv = new Conv2d(3, 16, 3, { padding: 1 });
 * conv.call(images) // [N, 3, H, W] -> [N, 16, H, W]
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, options: ConvModuleOptions = {}) {
    super('Conv2d', 2, inChannels, outChannels, kernelSize, options);
  }

  /** Convolves `input` [N, C, H, W] (or [C, H, W]). @example conv.forward(images) */
  forward(input: Tensor): Tensor {
    return conv2d(input, this.weight, this.bias, this.options);
  }
}

/**
 * A 1-d convolution layer, as `torch.nn.Conv1d`: weight [out, in / groups, k], bias [out].
 * @example
 * new Conv1d(8, 16, 5, { padding: 2 }).call(signal) // [N, 8, L] -> [N, 16, L]
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, options: ConvModuleOptions = {}) {
    super('Conv1d', 1, inChannels, outChannels, kernelSize, options);
  }

  /** Convolves `input` [N, C, L] (or [C, L]). @example conv.forward(signal) */
  forward(input: Tensor): Tensor {
    return conv1d(input, this.weight, this.bias, this.options);
  }
}
