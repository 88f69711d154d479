import { checkPositiveInteger } from '../hyperparameters.js';
import { LRScheduler, checkOptimizer, type AnyOptimizer } from './lr-scheduler.js';

/**
 * Options of `StepLR`.
 * @example
 * new StepLR(optimizer, { stepSize: 30, gamma: 0.1 });
 */
export interface StepLROptions {
  /** Epochs between decays. */
  stepSize: number;
  /** Factor applied at each decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's lr by `gamma` every `stepSize` epochs, as `torch.optim.lr_scheduler.StepLR`.
 * @example
 * const scheduler = new StepLR(optimizer, { stepSize: 30, gamma: 0.1 }); // 0.05 → 0.005 at epoch 30
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: AnyOptimizer, options: StepLROptions) {
    checkOptimizer('StepLR', optimizer);
    checkPositiveInteger('StepLR', 'stepSize', options.stepSize);
    super(optimizer);
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  override get name(): string {
    return 'StepLR';
  }

  protected getLr(): number[] {
    const decay = this.lastEpoch !== 0 && this.lastEpoch % this.stepSize === 0;
    return this.optimizer.paramGroups.map((group) => (decay ? group.lr * this.gamma : group.lr));
  }
}
