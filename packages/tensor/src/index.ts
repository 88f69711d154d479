// The public API of @dl/tensor: explicit named exports only (STYLE §6).
import './kernels/cpu/register.js';
import './methods.js';
import './threads/parallel.js';

export { NDArray, type NestedArray } from './ndarray.js';
export type { NDArrayMethods } from './methods.js';
export {
  DTYPES, DEFAULT_DTYPE, promoteTypes, resultTypeWithScalar, isFloating, parseDType,
  type DType, type TypedArray, type TypedArrayOf,
} from './dtype.js';
export { DLError, ShapeError, DTypeError, IndexError, ArgumentError, WorkerError, assert } from './errors.js';
export { broadcastShapes, normalizeDim, normalizeDims, numel, formatShape, contiguousStrides, shapesEqual, type Shape } from './shape.js';
export { Generator, defaultGenerator, manualSeed } from './random.js';
export type { PrintOptions } from './format.js';
export { registerBackend, setBackend, getBackend, listBackends, type Backend, type Kernels, type UnaryOp, type BinaryOp, type ReduceOp } from './kernels/registry.js';
export type { StridedView } from './kernels/strided.js';
export type { Operand } from './ops/operand.js';

// threads and shared memory (threads/pool.ts, ops/shared-memory.ts)
export { setNumThreads, getNumThreads, threadsReady } from './threads/pool.js';
export { fromShared, fromDescription, type FromSharedOptions } from './ops/shared-memory.js';
export { sharedMemoryAvailable, type SharedDescription } from './storage-shared.js';

// creation
export {
  array, fromTypedArray, full, zeros, ones, zerosLike, onesLike, fullLike, arange, linspace, eye,
  rand, randn, randint, randperm, type NestedInput, type CreationOptions, type RandomOptions,
} from './ops/creation.js';

// element-wise
export {
  add, sub, mul, div, pow, maximum, minimum, floorDivide, remainder, eq, ne, lt, le, gt, ge,
  logicalAnd, logicalOr, logicalNot, neg, abs, exp, log, log1p, expm1, sqrt, rsqrt, reciprocal,
  square, sin, cos, tanh, sigmoid, relu, leakyRelu, gelu, softplus, erf, sign, floor, ceil, round,
  isNaN, isFinite, clamp, where,
} from './ops/elementwise.js';
export { add_, sub_, mul_, div_, pow_, maximum_, minimum_, copy_, fill_, neg_, sqrt_, relu_, clamp_ } from './ops/in-place.js';

// views and layout
export {
  reshape, view, transpose, permute, T, mT, squeeze, unsqueeze, expand, narrow, slice, select,
  flatten, unflatten, contiguous, clone, astype, type SliceOptions,
} from './ops/movement.js';

// reductions (ops/reduce.ts, ops/softmax.ts)
export {
  sum, prod, max, min, amax, amin, argmax, argmin, all, any, cumsum, cumprod,
  type Dims, type ReduceOptions, type ValuesAndIndices,
} from './ops/reduce.js';
export { mean, variance, variance as var, std, logsumexp, norm, type VarianceOptions, type NormOrder } from './ops/statistics.js';
export { softmax, logSoftmax } from './ops/softmax.js';

// matmul (ops/matmul.ts)
export { matmul, dot, outer, bmm } from './ops/matmul.js';

// indexing, joining, sorting (ops/indexing.ts, ops/join.ts, ops/sort.ts)
export {
  indexSelect, gather, scatter, scatter_, scatterAdd, scatterAdd_, indexAdd, indexAdd_, maskedFill,
  maskedFill_, maskedSelect, take, nonzero, type IndexAddOptions, type FillValue,
} from './ops/indexing.js';
export { cat, stack, split, chunk } from './ops/join.js';
export { sort, argsort, topk, type SortOptions, type TopkOptions, type SortResult } from './ops/sort.js';
export { negativeSamplingUpdate_, cbowNegativeSamplingUpdate_, hierarchicalSoftmaxUpdate_, type NegativeSamplingBatch, type CbowBatch, type HuffmanPaths } from './ops/word2vec.js';
