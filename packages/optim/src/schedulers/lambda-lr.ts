import { ArgumentError } from '@dl/tensor';
import { LRScheduler, checkOptimizer, type AnyOptimizer } from './lr-scheduler.js';

/**
 * A factor of the initial lr for each epoch.
 * @example
 * const warmup: LrLambda = (epoch) => Math.min(1, (epoch + 1) / 10);
 */
export type LrLambda = (epoch: number) => number;

/**
 * Sets each group's lr to its initial lr times `lrLambda(epoch)` (one function for all groups
 * or one per group), as `torch.optim.lr_scheduler.LambdaLR`. The functions are not saved in
 * `stateDict()`: pass the same ones when resuming.
 * @example
 * const scheduler = new LambdaLR(optimizer, (epoch) => 0.95 ** epoch);
 */
export class LambdaLR extends LRScheduler {
  readonly lrLambdas: LrLambda[];

  constructor(optimizer: AnyOptimizer, lrLambda: LrLambda | readonly LrLambda[]) {
    checkOptimizer('LambdaLR', optimizer);
    const groups = optimizer.paramGroups.length;
    const lambdas = typeof lrLambda === 'function' ? Array.from({ length: groups }, () => lrLambda) : [...lrLambda];
    if (lambdas.length !== groups) throw new ArgumentError(`LambdaLR: expected ${groups} lrLambdas (one per parameter group), got ${lambdas.length}`);
    if (lambdas.some((fn) => typeof fn !== 'function')) throw new ArgumentError('LambdaLR: every lrLambda must be a function (epoch) => factor');
    super(optimizer);
    this.lrLambdas = lambdas;
    this.initialStep();
  }

  override get name(): string {
    return 'LambdaLR';
  }

  protected getLr(): number[] {
    return this.lrLambdas.map((lambda, i) => (this.baseLrs[i]) * lambda(this.lastEpoch));
  }
}
