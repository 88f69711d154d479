// Losses on real-valued targets: MSE, L1, smooth L1 and Huber, as PyTorch's.
import { abs, mul, square, sub, where, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, type NDArray } from '@dl/tensor';
import { Loss, checkSameShape, reduce, type LossOptions } from './loss.js';
import { asTensor } from '../operand.js';

function difference(op: string, input: Tensor | NDArray, target: Tensor | NDArray): Tensor {
  const x = asTensor(op, 'input', input);
  const y = asTensor(op, 'target', target);
  checkSameShape(op, x, y);
  return sub(x, y);
}

/**
 * Mean squared error (x - y)², reduced by `reduction`, as `F.mse_loss`.
 * @example
 * mseLoss(prediction, target) // scalar
 */
export function mseLoss(input: Tensor | NDArray, target: Tensor | NDArray, options: LossOptions = {}): Tensor {
  return reduce('mseLoss', square(difference('mseLoss', input, target)), options.reduction);
}

/**
 * Mean absolute error |x - y|, as `F.l1_loss`.
 * @example
 * l1Loss(prediction, target, { reduction: 'sum' })
 */
export function l1Loss(input: Tensor | NDArray, target: Tensor | NDArray, options: LossOptions = {}): Tensor {
  const d = difference('l1Loss', input, target);
  // NOTE: PyTorch's gradient of |d| is sgn(d), which is 0 at NaN (Infinity - Infinity); abs's
  // rule multiplies by sign(NaN) = NaN, so NaN differences take a constant branch instead.
  const undefinedAt = nd.isNaN(d.data);
  if (!nd.any(undefinedAt).item()) return reduce('l1Loss', abs(d), options.reduction);
  return reduce('l1Loss', where(undefinedAt, Number.NaN, abs(where(undefinedAt, 0, d))), options.reduction);
}

/** Options of `smoothL1Loss`. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1; 0 gives L1). */
  beta?: number;
}

/**
 * 0.5 d² / beta where |d| < beta, else |d| - 0.5 beta (d = x - y), as `F.smooth_l1_loss`.
 * @example
 * smoothL1Loss(boxes, targetBoxes, { beta: 0.5 })
 */
export function smoothL1Loss(input: Tensor | NDArray, target: Tensor | NDArray, options: SmoothL1LossOptions = {}): Tensor {
  const beta = options.beta ?? 1;
  if (!(beta >= 0) || !Number.isFinite(beta)) throw new ArgumentError(`smoothL1Loss: beta must be a finite number >= 0, got ${beta}`);
  const d = difference('smoothL1Loss', input, target);
  const distance = abs(d);
  if (beta === 0) return reduce('smoothL1Loss', distance, options.reduction);
  // NOTE: the quadratic branch squares only the differences it keeps, so where |d| overflows
  // (±Infinity) the branch not taken cannot turn its zero gradient into 0 · Infinity = NaN.
  const inside = nd.lt(distance.data, beta);
  const loss = where(inside, mul(square(where(inside, d, 0)), 0.5 / beta), sub(distance, 0.5 * beta));
  return reduce('smoothL1Loss', loss, options.reduction);
}

/** Options of `huberLoss`. */
export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1; must be positive). */
  delta?: number;
}

function checkDelta(op: string, delta: number): number {
  if (!(delta > 0) || !Number.isFinite(delta)) throw new ArgumentError(`${op}: delta must be a finite number > 0, got ${delta}`);
  return delta;
}

/**
 * 0.5 d² where |d| < delta, else delta·(|d| - 0.5 delta) (d = x - y), as `F.huber_loss`;
 * smoothL1Loss with beta = delta, times delta.
 * @example
 * huberLoss(prediction, target, { delta: 2 })
 */
export function huberLoss(input: Tensor | NDArray, target: Tensor | NDArray, options: HuberLossOptions = {}): Tensor {
  const delta = checkDelta('huberLoss', options.delta ?? 1);
  const d = difference('huberLoss', input, target);
  const distance = abs(d);
  // NOTE: as in smoothL1Loss, only kept differences are squared, so ±Infinity gives no NaN gradient.
  const inside = nd.lt(distance.data, delta);
  const loss = where(inside, mul(square(where(inside, d, 0)), 0.5), mul(sub(distance, 0.5 * delta), delta));
  return reduce('huberLoss', loss, options.reduction);
}

/**
 * Mean squared error as a module, as `torch.nn.MSELoss`.
 * @example
 * new MSELoss().call(prediction, target).backward();
 */
export class MSELoss extends Loss {
  /** The loss of `input` against `target`. @example loss.forward(x, y) */
  forward(input: Tensor | NDArray, target: Tensor | NDArray): Tensor {
    return mseLoss(input, target, this);
  }
}

/**
 * Mean absolute error as a module, as `torch.nn.L1Loss`.
 * @example
 * new L1Loss({ reduction: 'sum' }).call(prediction, target)
 */
export class L1Loss extends Loss {
  /** The loss of `input` against `target`. @example loss.forward(x, y) */
  forward(input: Tensor | NDArray, target: Tensor | NDArray): Tensor {
    return l1Loss(input, target, this);
  }
}

/**
 * Smooth L1 as a module, as `torch.nn.SmoothL1Loss`.
 * @example
 * new SmoothL1Loss({ beta: 0.5 }).call(prediction, target)
 */
export class SmoothL1Loss extends Loss {
  readonly beta: number;

  constructor(options: SmoothL1LossOptions = {}) {
    super(options);
    this.beta = options.beta ?? 1;
    if (!(this.beta >= 0) || !Number.isFinite(this.beta)) throw new ArgumentError(`SmoothL1Loss: beta must be a finite number >= 0, got ${this.beta}`);
  }

  /** The loss of `input` against `target`. @example loss.forward(x, y) */
  forward(input: Tensor | NDArray, target: Tensor | NDArray): Tensor {
    return smoothL1Loss(input, target, this);
  }

  protected override extraRepr(): string {
    return [super.extraRepr(), `beta=${this.beta}`].filter(Boolean).join(', ');
  }
}

/**
 * Huber loss as a module, as `torch.nn.HuberLoss`.
 * @example
 * new HuberLoss({ delta: 2 }).call(prediction, target)
 */
export class HuberLoss extends Loss {
  readonly delta: number;

  constructor(options: HuberLossOptions = {}) {
    super(options);
    this.delta = checkDelta('HuberLoss', options.delta ?? 1);
  }

  /** The loss of `input` against `target`. @example loss.forward(x, y) */
  forward(input: Tensor | NDArray, target: Tensor | NDArray): Tensor {
    return huberLoss(input, target, this);
  }

  protected override extraRepr(): string {
    return [super.extraRepr(), `delta=${this.delta}`].filter(Boolean).join(', ');
  }
}
