import { add, add_, div, mul, mul_, neg, sqrt, sub, sub_, zerosLike, type NDArray } from '@dl/tensor';
import type { Tensor } from '@dl/autograd';
import { checkNonNegative } from './hyperparameters.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';

/**
 * RMSprop's hyperparameters (PyTorch's names, in camelCase).
 * @example
 * new RMSprop(params).defaults.alpha // 0.99
 */
export interface RMSpropHyperparameters {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Normalize by the variance estimate (subtracting the squared mean gradient; default false). */
  centered: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/**
 * Options of `RMSprop`: any hyperparameter, the rest default.
 * @example
 * const options: RMSpropOptions = { lr: 1e-3, centered: true, momentum: 0.9 };
 */
export type RMSpropOptions = Partial<RMSpropHyperparameters>;

/**
 * RMSprop's per-parameter state, as PyTorch's.
 * @example
 * rmsprop.state.get(weight)?.squareAvg
 */
export interface RMSpropState {
  step: number;
  squareAvg: NDArray;
  /** With momentum > 0 only. */
  momentumBuffer?: NDArray;
  /** With centered only. */
  gradAvg?: NDArray;
}

/**
 * RMSprop, as `torch.optim.RMSprop`: steps divided by a running root mean square of the
 * gradient, optionally centered and with momentum.
 * @example
 * const optimizer = new RMSprop(model.parameters(), { lr: 1e-2, centered: true });
 */
export class RMSprop extends Optimizer<RMSpropHyperparameters, RMSpropState> {
  constructor(params: Params<RMSpropHyperparameters>, options: RMSpropOptions = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false }, options);
  }

  override get name(): string {
    return 'RMSprop';
  }

  protected override validate(hyper: RMSpropHyperparameters): void {
    super.validate(hyper);
    checkNonNegative(this.name, 'epsilon', hyper.eps);
    checkNonNegative(this.name, 'momentum', hyper.momentum);
    checkNonNegative(this.name, 'weight decay', hyper.weightDecay);
    checkNonNegative(this.name, 'alpha', hyper.alpha);
  }

  protected initState(param: Tensor): RMSpropState {
    return { step: 0, squareAvg: zerosLike(param.data) };
  }

  protected update(param: Tensor, grad: NDArray, state: RMSpropState, group: ParamGroup<RMSpropHyperparameters>): void {
    const { lr, alpha, eps, momentum } = group;
    let g = group.maximize ? neg(grad) : grad;
    state.step += 1;
    if (group.weightDecay !== 0) g = add(g, mul(param.data, group.weightDecay));
    mul_(state.squareAvg, alpha);
    add_(state.squareAvg, mul(mul(g, 1 - alpha), g));
    let variance = state.squareAvg;
    if (group.centered) {
      const gradAvg = (state.gradAvg ??= zerosLike(param.data));
      mul_(gradAvg, alpha);
      add_(gradAvg, mul(g, 1 - alpha));
      variance = sub(variance, mul(gradAvg, gradAvg));
    }
    const denominator = add(sqrt(variance), eps);
    if (momentum > 0) {
      const buffer = (state.momentumBuffer ??= zerosLike(param.data));
      mul_(buffer, momentum);
      add_(buffer, div(g, denominator));
      sub_(param.data, mul(buffer, lr));
    } else {
      add_(param.data, div(mul(g, -lr), denominator));
    }
  }
}
