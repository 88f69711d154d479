import { ArgumentError, add, div, formatShape, indexAdd_, indexSelect, mul, neg, sqrt, sub, zerosLike, type NDArray } from '@dl/tensor';
import type { Tensor } from '@dl/autograd';
import { checkBetas, checkPositive } from './hyperparameters.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { coalesceSparseGrad, type RowSparseGrad } from './sparse-grad.js';

/**
 * SparseAdam's hyperparameters (PyTorch's names, in camelCase).
 * @example
 * new SparseAdam([embedding.weight]).defaults.lr // 0.001
 */
export interface SparseAdamHyperparameters {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the first and second moment averages (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/**
 * Options of `SparseAdam`: any hyperparameter, the rest default.
 * @example
 * const options: SparseAdamOptions = { lr: 1e-2, betas: [0.9, 0.99] };
 */
export type SparseAdamOptions = Partial<SparseAdamHyperparameters>;

/**
 * SparseAdam's per-parameter state, as Adam's (the step counts sparse steps of this parameter).
 * @example
 * sparseAdam.state.get(embedding.weight)?.expAvg
 */
export interface SparseAdamState {
  step: number;
  expAvg: NDArray;
  expAvgSq: NDArray;
}

/**
 * Lazy Adam for row-sparse gradients (sparse Embedding weights), as `torch.optim.SparseAdam`:
 * only the rows a gradient touches change, in the weights and in both moment averages.
 * @example
 * const optimizer = new SparseAdam([embedding.weight], { lr: 1e-3 });
 */
export class SparseAdam extends Optimizer<SparseAdamHyperparameters, SparseAdamState> {
  constructor(params: Params<SparseAdamHyperparameters>, options: SparseAdamOptions = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, maximize: false }, options);
  }

  override get name(): string {
    return 'SparseAdam';
  }

  protected override validate(hyper: SparseAdamHyperparameters): void {
    checkPositive(this.name, 'learning rate', hyper.lr);
    checkPositive(this.name, 'epsilon', hyper.eps);
    checkBetas(this.name, hyper.betas);
  }

  protected initState(param: Tensor): SparseAdamState {
    return { step: 0, expAvg: zerosLike(param.data), expAvgSq: zerosLike(param.data) };
  }

  protected update(param: Tensor): void {
    throw new ArgumentError(`SparseAdam: does not support dense gradients (parameter of shape ${formatShape(param.shape)} has a dense grad)\nhint: use Adam, or give the Embedding sparse: true`);
  }

  protected override updateSparse(param: Tensor, grad: RowSparseGrad, state: SparseAdamState, group: ParamGroup<SparseAdamHyperparameters>): void {
    const [beta1, beta2] = group.betas;
    state.step += 1;
    // NOTE: the update is non-linear in the gradient, so repeated rows are summed first.
    const { indices, values } = coalesceSparseGrad(grad);
    const g = group.maximize ? neg(values) : values;
    // As PyTorch: old += (1 - beta) * (new - old) on the touched rows only.
    const oldAvg = indexSelect(state.expAvg, 0, indices);
    const avgUpdate = mul(sub(g, oldAvg), 1 - beta1);
    indexAdd_(state.expAvg, 0, indices, avgUpdate);
    const oldAvgSq = indexSelect(state.expAvgSq, 0, indices);
    const avgSqUpdate = mul(sub(mul(g, g), oldAvgSq), 1 - beta2);
    indexAdd_(state.expAvgSq, 0, indices, avgSqUpdate);
    const numerator = add(avgUpdate, oldAvg);
    const denominator = add(sqrt(add(avgSqUpdate, oldAvgSq)), group.eps);
    const stepSize = (group.lr * Math.sqrt(1 - beta2 ** state.step)) / (1 - beta1 ** state.step);
    indexAdd_(param.data, 0, indices, mul(div(numerator, denominator), -stepSize));
  }
}
