import { ArgumentError, fusedSgd_, indexAdd_, zerosLike, type NDArray } from '@dl/tensor';
import type { Tensor } from '@dl/autograd';
import { checkNonNegative } from './hyperparameters.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { sparseGradToDense, type RowSparseGrad } from './sparse-grad.js';

/**
 * SGD's hyperparameters (PyTorch's names, in camelCase).
 * @example
 * new SGD(params).defaults // { lr: 0.001, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false }
 */
export interface SGDHyperparameters {
  /** Learning rate (default 1e-3, as PyTorch 2). */
  lr: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Dampening of the gradient added to the momentum buffer (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum; needs momentum > 0 and dampening 0 (default false). */
  nesterov: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/**
 * Options of `SGD`: any hyperparameter, the rest default.
 * @example
 * const options: SGDOptions = { lr: 0.1, momentum: 0.9, nesterov: true };
 */
export type SGDOptions = Partial<SGDHyperparameters>;

/**
 * SGD's per-parameter state: the momentum buffer, once a step with momentum has run.
 * @example
 * sgd.state.get(weight)?.momentumBuffer
 */
export interface SGDState {
  momentumBuffer?: NDArray;
}

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight
 * decay, as `torch.optim.SGD`. Takes row-sparse gradients too.
 * @example
 * const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 */
export class SGD extends Optimizer<SGDHyperparameters, SGDState> {
  constructor(params: Params<SGDHyperparameters>, options: SGDOptions = {}) {
    super(params, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false }, options);
  }

  override get name(): string {
    return 'SGD';
  }

  protected override validate(hyper: SGDHyperparameters): void {
    super.validate(hyper);
    checkNonNegative(this.name, 'momentum', hyper.momentum);
    checkNonNegative(this.name, 'weight decay', hyper.weightDecay);
    if (hyper.nesterov && (hyper.momentum <= 0 || hyper.dampening !== 0)) {
      throw new ArgumentError(`SGD: nesterov momentum requires a momentum > 0 and zero dampening (got momentum ${hyper.momentum}, dampening ${hyper.dampening})`);
    }
  }

  protected initState(): SGDState {
    return {};
  }

  protected update(param: Tensor, grad: NDArray, state: SGDState, group: ParamGroup<SGDHyperparameters>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const firstStep = momentum !== 0 && state.momentumBuffer === undefined;
    // The buffer shares the parameter's memory kind, so a shared parameter's update can split across threads.
    if (firstStep) state.momentumBuffer = zerosLike(param.data, { shared: param.data.isShared });
    fusedSgd_(param.data, grad, { lr, momentum, dampening, weightDecay, nesterov, maximize, momentumBuffer: state.momentumBuffer, firstStep });
  }

  protected override updateSparse(param: Tensor, grad: RowSparseGrad, state: SGDState, group: ParamGroup<SGDHyperparameters>): void {
    if (group.momentum === 0 && group.weightDecay === 0) {
      indexAdd_(param.data, 0, grad.indices, grad.values, { alpha: group.maximize ? group.lr : -group.lr });
      return;
    }
    // NOTE: momentum and weight decay reach every row, so the update is dense. PyTorch's sparse
    // momentum buffer holds the same numbers as this dense one.
    this.update(param, sparseGradToDense(grad, param.data), state, group);
  }
}
