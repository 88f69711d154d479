// Initializers, as torch.nn.init: each overwrites its target's values in place (never recorded
// by autograd) and returns the target. Random ones draw from the seeded generator.
import { Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, DTypeError, NDArray, ShapeError, formatShape, isFloating, type Generator } from '@dl/tensor';
import { describe } from './module.js';

/** A tensor or array an initializer writes into. */
export type InitTarget = Tensor | NDArray;

/** Options of the random initializers. */
export interface InitRandomOptions {
  /** Stream to draw from; the default generator (seeded by `manualSeed`) otherwise. */
  generator?: Generator;
}

/** Nonlinearities `calculateGain` knows (PyTorch's names in camelCase). */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/** Options of `xavierUniform_` and `xavierNormal_`. */
export interface XavierOptions extends InitRandomOptions {
  /** Scaling factor (default 1); see `calculateGain`. */
  gain?: number;
}

/** Options of `kaimingUniform_` and `kaimingNormal_`. */
export interface KaimingOptions extends InitRandomOptions {
  /** Negative slope of the leaky ReLU that follows (default 0). */
  a?: number;
  /** Preserve the variance of the forward pass ('fanIn', default) or of the backward pass ('fanOut'). */
  mode?: 'fanIn' | 'fanOut';
  /** The nonlinearity that follows (default 'leakyRelu', as PyTorch). */
  nonlinearity?: Nonlinearity;
}

const LINEAR_LIKE = new Set<string>(['linear', 'conv1d', 'conv2d', 'conv3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d', 'sigmoid']);

/**
 * The recommended gain for a nonlinearity, as `torch.nn.init.calculate_gain`: 1 for linear and
 * sigmoid, 5/3 for tanh, √2 for relu, √(2 / (1 + slope²)) for leakyRelu (slope default 0.01), 3/4 for selu.
 * @example
 * calculateGain('leakyRelu', 0.2) // 1.3867...
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (LINEAR_LIKE.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new ArgumentError(`calculateGain: negative slope ${slope} is not a finite number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ArgumentError(`calculateGain: unsupported nonlinearity '${nonlinearity}'\nhint: one of ${[...LINEAR_LIKE, 'tanh', 'relu', 'leakyRelu', 'selu'].join(', ')}`);
  }
}

function arrayOf(op: string, target: InitTarget): NDArray {
  if (Tensor.isTensor(target)) return target.data;
  if (NDArray.isNDArray(target)) return target;
  throw new ArgumentError(`${op}: expected a Tensor or an NDArray, got ${describe(target)}`);
}

function floatArrayOf(op: string, target: InitTarget): NDArray {
  const data = arrayOf(op, target);
  if (!isFloating(data.dtype)) throw new DTypeError(`${op}: expected a floating point tensor, got ${data.dtype}`);
  return data;
}

/**
 * `[fanIn, fanOut]` of a weight: `shape[1]` and `shape[0]` times the receptive field
 * (`shape[2..]`), as PyTorch's `_calculate_fan_in_and_fan_out`.
 * @example
 * calculateFanInAndFanOut(nd.zeros([16, 3, 5, 5])) // [75, 400]
 */
export function calculateFanInAndFanOut(target: InitTarget): [number, number] {
  const { shape } = arrayOf('calculateFanInAndFanOut', target);
  if (shape.length < 2) {
    throw new ShapeError(`calculateFanInAndFanOut: fan in and fan out need a tensor of at least 2 dims, got shape ${formatShape(shape)}`);
  }
  const receptive = shape.slice(2).reduce((n, s) => n * s, 1);
  return [shape[1] * receptive, shape[0] * receptive];
}

/**
 * Fills with samples of U(a, b).
 * @example
 * uniform_(linear.weight, -0.1, 0.1);
 */
export function uniform_<T extends InitTarget>(target: T, a = 0, b = 1, options: InitRandomOptions = {}): T {
  const data = floatArrayOf('uniform_', target);
  if (!(a <= b)) throw new ArgumentError(`uniform_: expected a <= b, got a ${a} and b ${b}`);
  const values = nd.rand(data.shape, { dtype: data.dtype, generator: options.generator });
  nd.copy_(data, nd.add(nd.mul(values, b - a), a));
  return target;
}

/**
 * Fills with samples of N(mean, std²).
 * @example
 * normal_(embedding.weight, 0, 0.02);
 */
export function normal_<T extends InitTarget>(target: T, mean = 0, std = 1, options: InitRandomOptions = {}): T {
  const data = floatArrayOf('normal_', target);
  if (!(std >= 0)) throw new ArgumentError(`normal_: std must be non-negative, got ${std}`);
  const values = nd.randn(data.shape, { dtype: data.dtype, generator: options.generator });
  nd.copy_(data, nd.add(nd.mul(values, std), mean));
  return target;
}

/**
 * Fills with `value`.
 * @example
 * constant_(layer.bias, 0.1);
 */
export function constant_<T extends InitTarget>(target: T, value: number): T {
  nd.fill_(arrayOf('constant_', target), value);
  return target;
}

/**
 * Fills with zeros.
 * @example
 * zeros_(linear.bias);
 */
export function zeros_<T extends InitTarget>(target: T): T {
  nd.fill_(arrayOf('zeros_', target), 0);
  return target;
}

/**
 * Fills with ones.
 * @example
 * ones_(norm.weight);
 */
export function ones_<T extends InitTarget>(target: T): T {
  nd.fill_(arrayOf('ones_', target), 1);
  return target;
}

function xavierStd(op: string, target: InitTarget, gain: number): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(target);
  if (fanIn + fanOut === 0) throw new ArgumentError(`${op}: cannot initialize a tensor with no elements (shape ${formatShape(arrayOf(op, target).shape)})`);
  return gain * Math.sqrt(2 / (fanIn + fanOut));
}

/**
 * Glorot uniform: U(-a, a) with a = gain·√(6 / (fanIn + fanOut)), as `xavier_uniform_`.
 * @example
 * xavierUniform_(linear.weight, { gain: calculateGain('tanh') });
 */
export function xavierUniform_<T extends InitTarget>(target: T, options: XavierOptions = {}): T {
  const bound = Math.sqrt(3) * xavierStd('xavierUniform_', target, options.gain ?? 1);
  return uniform_(target, -bound, bound, options);
}

/**
 * Glorot normal: N(0, std²) with std = gain·√(2 / (fanIn + fanOut)), as `xavier_normal_`.
 * @example
 * xavierNormal_(linear.weight);
 */
export function xavierNormal_<T extends InitTarget>(target: T, options: XavierOptions = {}): T {
  return normal_(target, 0, xavierStd('xavierNormal_', target, options.gain ?? 1), options);
}

function kaimingStd(op: string, target: InitTarget, options: KaimingOptions): number | null {
  const { a = 0, nonlinearity = 'leakyRelu' } = options;
  const mode: unknown = options.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new ArgumentError(`${op}: mode must be 'fanIn' or 'fanOut', got '${String(mode)}'`);
  // NOTE: PyTorch skips (with a warning) tensors with a zero-size dim instead of dividing by 0.
  if (arrayOf(op, target).size === 0) return null;
  const [fanIn, fanOut] = calculateFanInAndFanOut(target);
  return calculateGain(nonlinearity, a) / Math.sqrt(mode === 'fanIn' ? fanIn : fanOut);
}

/**
 * He uniform: U(-b, b) with b = gain·√(3 / fan), as `kaiming_uniform_` (PyTorch's Linear uses a = √5,
 * which gives b = 1/√fanIn).
 * @example
 * kaimingUniform_(conv.weight, { nonlinearity: 'relu' });
 */
export function kaimingUniform_<T extends InitTarget>(target: T, options: KaimingOptions = {}): T {
  const std = kaimingStd('kaimingUniform_', target, options);
  if (std === null) return target;
  const bound = Math.sqrt(3) * std;
  return uniform_(target, -bound, bound, options);
}

/**
 * He normal: N(0, std²) with std = gain / √fan, as `kaiming_normal_`.
 * @example
 * kaimingNormal_(linear.weight, { mode: 'fanOut', nonlinearity: 'relu' });
 */
export function kaimingNormal_<T extends InitTarget>(target: T, options: KaimingOptions = {}): T {
  const std = kaimingStd('kaimingNormal_', target, options);
  if (std === null) return target;
  return normal_(target, 0, std, options);
}
