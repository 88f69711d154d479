// The public API of @dl/nn: explicit named exports only (STYLE §6).

export {
  Module, type StateDict, type LoadStateDictOptions, type LoadStateDictResult, type BufferOptions,
  type ZeroGradOptions, type RemovableHandle, type ForwardHook, type CallInputs,
} from './module.js';
export { Parameter, type ParameterOptions } from './parameter.js';
// so that a user who imports @dl/nn can make inputs and seed the generator without a second import
export { tensor, manualSeed } from '@dl/autograd';
export * as init from './init.js';
export * as functional from './functional.js';

// containers
export { Sequential, ModuleList, ModuleDict, ParameterList } from './layers/containers.js';

// activations
export { ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softmax, LogSoftmax, Identity, type GELUOptions } from './layers/activation.js';

// layers
export { Linear, Bilinear, type LinearOptions } from './layers/linear.js';
export {
  Embedding, EmbeddingBag, type EmbeddingOptions, type EmbeddingFunctionOptions, type EmbeddingBagOptions,
  type EmbeddingBagFunctionOptions, type BagMode,
} from './layers/embedding.js';
export { Conv1d, Conv2d, type ConvOptions, type ConvModuleOptions, type SizeArg, type UnfoldOptions } from './layers/conv.js';
export { MaxPool2d, AvgPool2d, type MaxPool2dOptions, type AvgPool2dOptions } from './layers/pooling.js';
export { Flatten, Unflatten } from './layers/flatten.js';
export { Dropout, type DropoutOptions } from './layers/dropout.js';
export {
  LayerNorm, BatchNorm1d, BatchNorm2d, type LayerNormOptions, type LayerNormFunctionOptions, type BatchNormOptions,
  type BatchNormFunctionOptions,
} from './layers/normalization.js';

// losses
export { Loss, type Reduction, type LossOptions } from './losses/loss.js';
export { CrossEntropyLoss, NLLLoss, type CrossEntropyOptions, type NLLLossOptions } from './losses/cross-entropy.js';
export { MSELoss, L1Loss, SmoothL1Loss, HuberLoss, type SmoothL1LossOptions, type HuberLossOptions } from './losses/regression.js';
export { KLDivLoss, type KLDivLossOptions, type KLDivReduction } from './losses/kl-div.js';
export { BCELoss, BCEWithLogitsLoss, type BCELossOptions, type BCEWithLogitsLossOptions } from './losses/binary-cross-entropy.js';
