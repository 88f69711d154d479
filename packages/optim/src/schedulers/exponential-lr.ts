import { LRScheduler, checkOptimizer, type AnyOptimizer } from './lr-scheduler.js';

/**
 * Options of `ExponentialLR`.
 * @example
 * new ExponentialLR(optimizer, { gamma: 0.9 });
 */
export interface ExponentialLROptions {
  /** Factor applied every epoch. */
  gamma: number;
}

/**
 * Multiplies each group's lr by `gamma` every epoch, as `torch.optim.lr_scheduler.ExponentialLR`.
 * @example
 * const scheduler = new ExponentialLR(optimizer, { gamma: 0.95 });
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: AnyOptimizer, options: ExponentialLROptions) {
    checkOptimizer('ExponentialLR', optimizer);
    super(optimizer);
    this.gamma = options.gamma;
    this.initialStep();
  }

  override get name(): string {
    return 'ExponentialLR';
  }

  protected getLr(): number[] {
    return this.optimizer.paramGroups.map((group) => (this.lastEpoch === 0 ? group.lr : group.lr * this.gamma));
  }
}
