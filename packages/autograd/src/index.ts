// The public API of @dl/autograd: explicit named exports, except for the element-wise families, which
// are re-exported whole so that an op is defined in one place (STYLE §3).
import './methods.js';

export { Tensor, tensor, type TensorLike, type TensorOptions, type BackwardOptions } from './tensor.js';
export type { TensorMethods } from './methods.js';
export { Node, AccumulateGrad, type BackwardContext, type BackwardFn } from './node.js';
export { topoSort, sumToShape } from './graph.js';
export { defineOp, constantOp, type OpSpec, type Lifted } from './define-op.js';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled, type Synchronous } from './no-grad.js';
export { grad, vjp } from './functional.js';
export { zeroGrad, type ZeroGradOptions } from './zero-grad.js';
export { adoptGrad, adoptSparseGrad } from './grad-ownership.js';
// the seeded generator of @dl/tensor, so that `tensor`, `randn` and `manualSeed` come from one import
export { manualSeed } from '@dl/tensor';
export {
  zeros, ones, empty, full, zerosLike, onesLike, arange, linspace, eye, rand, randn, randint,
  type TensorCreationOptions, type RandomTensorOptions,
} from './creation.js';

// element-wise primitives, activations and constants: each family file is public whole, so an op
// is defined in one place (STYLE §3)
export * from './ops/elementwise.js';

// reductions and softmax
export { sum, prod, cumsum, logsumexp, amax, amin } from './ops/reduce.js';
export { softmax, logSoftmax, softmaxCrossEntropy, type CrossEntropyReduction } from './ops/softmax.js';
export { max, min, type ValuesAndIndices } from './composite/reduce.js';
export { mean, variance, variance as var, std, norm } from './composite/statistics.js';

// matmul
export { matmul, linear } from './ops/matmul.js';
export { dot, outer, bmm } from './composite/matmul.js';
export { conv2d, maxPool2d, avgPool2d } from './ops/conv.js';

// views, joining, indexing
export { reshape, permute, expand, slice, cat, clone, astype } from './ops/movement.js';
export {
  view, transpose, T, mT, squeeze, unsqueeze, flatten, unflatten, narrow, select, stack, split, chunk,
  contiguous,
} from './composite/movement.js';
export { indexSelect, gather, scatter, scatterAdd, indexAdd, take, type IndexLike } from './ops/indexing.js';
export { embedding, type EmbeddingLookupOptions } from './ops/embedding.js';
export type { RowSparseGrad } from './sparse-grad.js';
export { maskedFill, maskedSelect } from './composite/indexing.js';
export { sort, argsort, topk, type SortResult } from './composite/sort.js';

// composites
export * from './composite/activation.js';

// non-differentiable
export * from './ops/constant.js';
