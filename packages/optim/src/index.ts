// The public API of @dl/optim: explicit named exports only (STYLE §6).

// the optimizer base
export {
  Optimizer, type BaseHyperparameters, type Hyperparameter, type ParamGroup, type ParamGroupInput, type Params,
  type StateValue, type SavedParamGroup, type OptimizerStateDict, type ZeroGradOptions,
} from './optimizer.js';

// optimizers
export { SGD, type SGDHyperparameters, type SGDOptions, type SGDState } from './sgd.js';
export { Adam, type AdamHyperparameters, type AdamOptions, type AdamState } from './adam.js';
export { AdamW } from './adamw.js';
export { RMSprop, type RMSpropHyperparameters, type RMSpropOptions, type RMSpropState } from './rmsprop.js';
export { Adagrad, type AdagradHyperparameters, type AdagradOptions, type AdagradState } from './adagrad.js';
export { SparseAdam, type SparseAdamHyperparameters, type SparseAdamOptions, type SparseAdamState } from './sparse-adam.js';

// row-sparse gradients (sparse Embedding)
export { isRowSparseGrad, sparseGradOf, setSparseGrad, coalesceSparseGrad, sparseGradToDense, type RowSparseGrad } from './sparse-grad.js';

// gradient clipping
export { clipGradNorm_, clipGradValue_, type ClipGradNormOptions } from './clip-grad.js';

// learning-rate schedulers
export { LRScheduler, type AnyOptimizer, type SchedulerStateDict, type SchedulerStateValue } from './schedulers/lr-scheduler.js';
export { StepLR, type StepLROptions } from './schedulers/step-lr.js';
export { MultiStepLR, type MultiStepLROptions } from './schedulers/multi-step-lr.js';
export { ExponentialLR, type ExponentialLROptions } from './schedulers/exponential-lr.js';
export { LinearLR, type LinearLROptions } from './schedulers/linear-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './schedulers/cosine-annealing-lr.js';
export { LambdaLR, type LrLambda } from './schedulers/lambda-lr.js';
export { OneCycleLR, type OneCycleLROptions } from './schedulers/one-cycle-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './schedulers/reduce-lr-on-plateau.js';
