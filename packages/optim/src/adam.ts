import { fusedAdam_, zerosLike, type NDArray } from '@dl/tensor';
import type { Tensor } from '@dl/autograd';
import { checkBetas, checkNonNegative } from './hyperparameters.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';

/**
 * Adam's and AdamW's hyperparameters (PyTorch's names, in camelCase).
 * @example
 * new Adam(params).defaults.betas // [0.9, 0.999]
 */
export interface AdamHyperparameters {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the first and second moment averages (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** L2 penalty for Adam, decoupled decay for AdamW (defaults 0 and 1e-2). */
  weightDecay: number;
  /** Normalize by the running maximum of the second moment (AMSGrad; default false). */
  amsgrad: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/**
 * Options of `Adam` and `AdamW`: any hyperparameter, the rest default.
 * @example
 * const options: AdamOptions = { lr: 3e-4, betas: [0.9, 0.95], amsgrad: true };
 */
export type AdamOptions = Partial<AdamHyperparameters>;

/**
 * Adam's per-parameter state, as PyTorch's (`exp_avg` is `expAvg`).
 * @example
 * adam.state.get(weight)?.step // 10
 */
export interface AdamState {
  step: number;
  expAvg: NDArray;
  expAvgSq: NDArray;
  /** The running maximum of `expAvgSq`, with amsgrad only. */
  maxExpAvgSq?: NDArray;
}

/**
 * Adam, as `torch.optim.Adam`: steps scaled by bias-corrected running averages of the gradient
 * and its square; `weightDecay` adds an L2 term to the gradient (see AdamW for decoupled decay).
 * @example
 * const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends Optimizer<AdamHyperparameters, AdamState> {
  constructor(params: Params<AdamHyperparameters>, options: AdamOptions = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false }, options);
  }

  override get name(): string {
    return 'Adam';
  }

  /** True when weight decay shrinks the parameter itself (AdamW) instead of adding to the gradient. */
  // eslint-disable-next-line @typescript-eslint/class-literal-property-style -- AdamW overrides it with a getter
  protected get decoupledWeightDecay(): boolean {
    return false;
  }

  protected override validate(hyper: AdamHyperparameters): void {
    super.validate(hyper);
    checkNonNegative(this.name, 'epsilon', hyper.eps);
    checkBetas(this.name, hyper.betas);
    checkNonNegative(this.name, 'weight decay', hyper.weightDecay);
  }

  protected initState(param: Tensor): AdamState {
    // State shares the parameter's memory kind, so a shared parameter's update can split across threads.
    const like = (): NDArray => zerosLike(param.data, { shared: param.data.isShared });
    return { step: 0, expAvg: like(), expAvgSq: like() };
  }

  protected update(param: Tensor, grad: NDArray, state: AdamState, group: ParamGroup<AdamHyperparameters>): void {
    const { lr, betas, eps, weightDecay, amsgrad, maximize } = group;
    state.step += 1;
    if (amsgrad) state.maxExpAvgSq ??= zerosLike(param.data, { shared: param.data.isShared });
    fusedAdam_(param.data, grad, state.expAvg, state.expAvgSq, {
      lr, step: state.step, betas, eps, weightDecay, decoupledWeightDecay: this.decoupledWeightDecay, maximize,
      maxExpAvgSq: amsgrad ? state.maxExpAvgSq : undefined,
    });
  }
}
