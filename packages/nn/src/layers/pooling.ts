// 2-d max and average pooling through autograd's maxPool2d/avgPool2d primitives (no backward code here).
import { avgPool2d as avgPool2dPrimitive, maxPool2d as maxPool2dPrimitive, squeeze, type Tensor } from '@dl/autograd';
import { ArgumentError, DTypeError, formatShape, isFloating, type NDArray } from '@dl/tensor';
import { Module } from '../module.js';
import { asTensor } from '../operand.js';
import { batched, tuple, type SizeArg, type Window } from './conv.js';

/** Options of `maxPool2d`. */
export interface MaxPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SizeArg | null;
  /** Implicit -Infinity padding on both sides, at most half the kernel (default 0). */
  padding?: SizeArg;
  /** Spacing between window elements (default 1). */
  dilation?: SizeArg;
}

/** Options of `avgPool2d`. */
export interface AvgPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SizeArg | null;
  /** Implicit zero padding on both sides, at most half the kernel (default 0). */
  padding?: SizeArg;
  /** Count the padding zeros in each window's average (default true, as PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead of its size. */
  divisorOverride?: number | null;
}

interface Geometry extends Window {
  padding: number[];
}

function checkGeometry(op: string, kernelSize: SizeArg, stride: SizeArg | null | undefined, padding: SizeArg | undefined, dilation: SizeArg | undefined): Geometry {
  const kernel = tuple(op, 'kernelSize', kernelSize, 2);
  const g = {
    kernel,
    stride: tuple(op, 'stride', stride ?? kernel, 2),
    padding: tuple(op, 'padding', padding ?? 0, 2, 0),
    dilation: tuple(op, 'dilation', dilation ?? 1, 2),
  };
  if (g.padding.some((p, d) => p > Math.floor(kernel[d] / 2))) {
    throw new ArgumentError(`${op}: padding ${formatShape(g.padding)} must be at most half the kernel size ${formatShape(kernel)}`);
  }
  return g;
}

function geometry(op: string, input: Tensor, kernelSize: SizeArg, stride: SizeArg | null | undefined, padding: SizeArg | undefined, dilation: SizeArg | undefined): Geometry {
  if (!isFloating(input.dtype)) throw new DTypeError(`${op}: input must be floating point, got ${input.dtype}`);
  return checkGeometry(op, kernelSize, stride, padding, dilation);
}

/**
 * The maximum of each window of [N, C, H, W] (or [C, H, W]), as `F.max_pool2d`; the gradient
 * goes to the first maximal element of each window, as PyTorch.
 * @example
 * maxPool2d(features, 2) // [N, C, H, W] -> [N, C, H/2, W/2]
 */
export function maxPool2d(inputArg: Tensor | NDArray, kernelSize: SizeArg, options: MaxPool2dOptions = {}): Tensor {
  const op = 'maxPool2d';
  const input = asTensor(op, 'input', inputArg);
  const g = geometry(op, input, kernelSize, options.stride, options.padding, options.dilation);
  const [x, unbatched] = batched(op, input, 2);
  const out = maxPool2dPrimitive(x, g.kernel, { stride: g.stride, padding: g.padding, dilation: g.dilation });
  return unbatched ? squeeze(out, 0) : out;
}

/**
 * The mean of each window of [N, C, H, W] (or [C, H, W]), as `F.avg_pool2d`.
 * @example
 * avgPool2d(features, 3, { stride: 2, padding: 1 })
 */
export function avgPool2d(inputArg: Tensor | NDArray, kernelSize: SizeArg, options: AvgPool2dOptions = {}): Tensor {
  const op = 'avgPool2d';
  const input = asTensor(op, 'input', inputArg);
  const g = geometry(op, input, kernelSize, options.stride, options.padding, 1);
  const [x, unbatched] = batched(op, input, 2);
  const divisorOverride = options.divisorOverride ?? null;
  if (divisorOverride !== null && !(divisorOverride > 0)) throw new ArgumentError(`${op}: divisorOverride must be positive, got ${divisorOverride}`);
  const out = avgPool2dPrimitive(x, g.kernel, { stride: g.stride, padding: g.padding, countIncludePad: options.countIncludePad ?? true, divisorOverride });
  return unbatched ? squeeze(out, 0) : out;
}

function formatSize(value: SizeArg): string {
  return typeof value === 'number' ? String(value) : `[${value.join(', ')}]`;
}

/**
 * 2-d max pooling as a module, as `torch.nn.MaxPool2d` (stride defaults to the kernel size).
 * @example
 * new MaxPool2d(2).call(features) // [N, C, 8, 8] -> [N, C, 4, 4]
 */
export class MaxPool2d extends Module {
  readonly kernelSize: SizeArg;
  readonly stride: SizeArg;
  readonly padding: SizeArg;
  readonly dilation: SizeArg;

  constructor(kernelSize: SizeArg, options: MaxPool2dOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    checkGeometry('MaxPool2d', this.kernelSize, this.stride, this.padding, this.dilation);
  }

  /** Pools `input`. @example pool.forward(x) */
  forward(input: Tensor): Tensor {
    return maxPool2d(input, this.kernelSize, this);
  }

  protected override extraRepr(): string {
    return `kernelSize=${formatSize(this.kernelSize)}, stride=${formatSize(this.stride)}, padding=${formatSize(this.padding)}, dilation=${formatSize(this.dilation)}`;
  }
}

/**
 * 2-d average pooling as a module, as `torch.nn.AvgPool2d` (stride defaults to the kernel size).
 * @example
 * new AvgPool2d(2).call(features)
 */
export class AvgPool2d extends Module {
  readonly kernelSize: SizeArg;
  readonly stride: SizeArg;
  readonly padding: SizeArg;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(kernelSize: SizeArg, options: AvgPool2dOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.countIncludePad = options.countIncludePad ?? true;
    this.divisorOverride = options.divisorOverride ?? null;
    checkGeometry('AvgPool2d', this.kernelSize, this.stride, this.padding, 1);
  }

  /** Pools `input`. @example pool.forward(x) */
  forward(input: Tensor): Tensor {
    return avgPool2d(input, this.kernelSize, this);
  }

  protected override extraRepr(): string {
    return `kernelSize=${formatSize(this.kernelSize)}, stride=${formatSize(this.stride)}, padding=${formatSize(this.padding)}`;
  }
}
