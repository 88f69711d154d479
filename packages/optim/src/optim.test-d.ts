import { describe, expectTypeOf, it } from 'vitest';
import type { NDArray } from '@dl/tensor';
import { tensor, type Tensor } from '@dl/autograd';
import { Adam, AdamW, SGD, StepLR, type AdamOptions, type AdamState, type AnyOptimizer, type OptimizerStateDict, type ParamGroup, type SGDHyperparameters } from './index.js';

const w = tensor([1], { requiresGrad: true });

describe('Optimizer types', () => {
  it('types each group with the optimizer’s hyperparameters', () => {
    const sgd = new SGD([{ params: [w], lr: 0.1 }], { momentum: 0.9 });
    expectTypeOf(sgd.paramGroups).toEqualTypeOf<ParamGroup<SGDHyperparameters>[]>();
    expectTypeOf(sgd.paramGroups[0].momentum).toEqualTypeOf<number>();
    expectTypeOf(sgd.paramGroups[0].params).toEqualTypeOf<Tensor[]>();
  });

  it('types the per-parameter state and the state dict', () => {
    const adam = new AdamW([w]);
    expectTypeOf(adam.state.get(w)).toEqualTypeOf<AdamState | undefined>();
    expectTypeOf(adam.state.get(w)!.expAvg).toEqualTypeOf<NDArray>();
    expectTypeOf(adam.stateDict()).toEqualTypeOf<OptimizerStateDict>();
  });

  it('returns the closure’s value from step', () => {
    expectTypeOf(new Adam([w]).step(() => 1.5)).toEqualTypeOf<number>();
  });

  it('lets schedulers drive any optimizer', () => {
    expectTypeOf(new Adam([w])).toExtend<AnyOptimizer>();
    expectTypeOf(StepLR).constructorParameters.toEqualTypeOf<[AnyOptimizer, { stepSize: number; gamma?: number }]>();
  });

  it('rejects unknown hyperparameters in options', () => {
    expectTypeOf<{ momentum: number }>().not.toExtend<AdamOptions>();
    expectTypeOf<{ betas: [number, number] }>().toExtend<AdamOptions>();
  });
});
