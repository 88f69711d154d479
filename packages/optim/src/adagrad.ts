import { ArgumentError, add, add_, div, fullLike, indexAdd_, indexSelect, mul, neg, sqrt, type NDArray } from '@dl/tensor';
import type { Tensor } from '@dl/autograd';
import { checkNonNegative } from './hyperparameters.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { coalesceSparseGrad, type RowSparseGrad } from './sparse-grad.js';

/**
 * Adagrad's hyperparameters (PyTorch's names, in camelCase).
 * @example
 * new Adagrad(params).defaults.eps // 1e-10
 */
export interface AdagradHyperparameters {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** The lr decays as lr / (1 + (step - 1) * lrDecay) (default 0). */
  lrDecay: number;
  /** L2 penalty added to the gradient; dense gradients only (default 0). */
  weightDecay: number;
  /** The starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator for stability (default 1e-10). */
  eps: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/**
 * Options of `Adagrad`: any hyperparameter, the rest default.
 * @example
 * const options: AdagradOptions = { lr: 0.1, lrDecay: 1e-4 };
 */
export type AdagradOptions = Partial<AdagradHyperparameters>;

/**
 * Adagrad's per-parameter state, as PyTorch's.
 * @example
 * adagrad.state.get(weight)?.sum
 */
export interface AdagradState {
  step: number;
  /** The sum of squared gradients. */
  sum: NDArray;
}

/**
 * Adagrad, as `torch.optim.Adagrad`: steps divided by the root of the summed squared gradients.
 * Takes row-sparse gradients (then without weight decay), updating only their rows.
 * @example
 * const optimizer = new Adagrad(model.parameters(), { lr: 0.1 });
 */
export class Adagrad extends Optimizer<AdagradHyperparameters, AdagradState> {
  constructor(params: Params<AdagradHyperparameters>, options: AdagradOptions = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false }, options);
  }

  override get name(): string {
    return 'Adagrad';
  }

  protected override validate(hyper: AdagradHyperparameters): void {
    super.validate(hyper);
    checkNonNegative(this.name, 'lrDecay', hyper.lrDecay);
    checkNonNegative(this.name, 'weight decay', hyper.weightDecay);
    checkNonNegative(this.name, 'initialAccumulatorValue', hyper.initialAccumulatorValue);
    checkNonNegative(this.name, 'epsilon', hyper.eps);
  }

  protected initState(param: Tensor, group: ParamGroup<AdagradHyperparameters>): AdagradState {
    return { step: 0, sum: fullLike(param.data, group.initialAccumulatorValue) };
  }

  protected update(param: Tensor, grad: NDArray, state: AdagradState, group: ParamGroup<AdagradHyperparameters>): void {
    let g = group.maximize ? neg(grad) : grad;
    const lr = this.stepLr(state, group);
    if (group.weightDecay !== 0) g = add(g, mul(param.data, group.weightDecay));
    add_(state.sum, mul(g, g));
    add_(param.data, div(mul(g, -lr), add(sqrt(state.sum), group.eps)));
  }

  protected override updateSparse(param: Tensor, grad: RowSparseGrad, state: AdagradState, group: ParamGroup<AdagradHyperparameters>): void {
    if (group.weightDecay !== 0) {
      throw new ArgumentError(`Adagrad: weightDecay ${group.weightDecay} is not compatible with sparse gradients\nhint: set weightDecay: 0 for the sparse parameter's group`);
    }
    const lr = this.stepLr(state, group);
    // NOTE: the update is non-linear in the gradient, so repeated rows are summed first.
    const { indices, values } = coalesceSparseGrad(grad);
    const g = group.maximize ? neg(values) : values;
    indexAdd_(state.sum, 0, indices, mul(g, g));
    const std = add(sqrt(indexSelect(state.sum, 0, indices)), group.eps);
    indexAdd_(param.data, 0, indices, div(g, std), { alpha: -lr });
  }

  /** Counts the step and returns its decayed learning rate. */
  private stepLr(state: AdagradState, group: AdagradHyperparameters): number {
    state.step += 1;
    return group.lr / (1 + (state.step - 1) * group.lrDecay);
  }
}
