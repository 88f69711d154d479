import { Adam, type AdamHyperparameters, type AdamOptions } from './adam.js';
import type { Params } from './optimizer.js';

/**
 * AdamW, as `torch.optim.AdamW`: Adam with decoupled weight decay (the parameter shrinks by
 * `lr * weightDecay` each step, default 1e-2) instead of an L2 term in the gradient.
 * @example
 * const optimizer = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  constructor(params: Params<AdamHyperparameters>, options: AdamOptions = {}) {
    super(params, { ...options, weightDecay: options.weightDecay ?? 1e-2 });
  }

  override get name(): string {
    return 'AdamW';
  }

  protected override get decoupledWeightDecay(): boolean {
    return true;
  }
}
