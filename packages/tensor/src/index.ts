// The public API of @dl/tensor: explicit named exports, except for the element-wise family, which is
// re-exported whole so that an op is defined in one place (STYLE §3).
import './kernels/cpu/register.js';
import './kernels/wasm/register.js';
import './methods.js';
import './threads/parallel.js';

export { NDArray, type NestedArray } from './ndarray.js';
export type { NDArrayMethods } from './methods.js';
export {
  DTYPES, DEFAULT_DTYPE, promoteTypes, resultTypeWithScalar, isFloating, parseDType,
  type DType, type TypedArray, type TypedArrayOf,
} from './dtype.js';
export { DLError, ShapeError, DTypeError, IndexError, ArgumentError, VersionMismatchError, InPlaceError, WorkerError, DisposedError, assert } from './errors.js';
export { broadcastShapes, normalizeDim, normalizeDims, numel, formatShape, contiguousStrides, shapesEqual, type Shape } from './shape.js';
export { Generator, defaultGenerator, manualSeed } from './random.js';
export { storageVersion, storageVersionAt, inPlaceWriteCount, lastInPlaceOp, bumpVersion } from './version.js';
export type { PrintOptions } from './format.js';
export { registerBackend, setBackend, getBackend, listBackends, type Backend, type Kernels, type UnaryOp, type BinaryOp, type ReduceOp } from './kernels/registry.js';
export type { StridedView } from './kernels/strided.js';
export { ready } from './kernels/wasm/runtime.js';
export type { Operand } from './ops/operand.js';
export type { OutOptions } from './ops/out.js';

// memory: explicit release and the storage pool (src/memory)
export { tidy, keep, dispose } from './memory/tidy.js';
export { memory, type MemoryInfo } from './memory/stats.js';
export { setPoolCapacity } from './memory/pool.js';
export { mayShareMemory } from './ops/may-share-memory.js';
export { ARRAYS_PROTOCOL, type HoldsArrays } from './memory/reachable.js';

// threads and shared memory (threads/pool.ts, ops/shared-memory.ts)
export { setNumThreads, getNumThreads, threadsReady } from './threads/pool.js';
export { fromShared, fromDescription, type FromSharedOptions } from './ops/shared-memory.js';
export { sharedMemoryAvailable, type SharedDescription } from './storage-shared.js';

// creation
export {
  array, fromTypedArray, full, zeros, ones, empty, zerosLike, onesLike, fullLike, arange, linspace, eye,
  rand, randn, randint, randperm, type NestedInput, type CreationOptions, type RandomOptions, type ShapeLike,
} from './ops/creation.js';

// element-wise: every export of the family file is public (a new op there needs no line here)
export * from './ops/elementwise.js';
export { add_, sub_, mul_, div_, pow_, maximum_, minimum_, copy_, fill_, neg_, sqrt_, relu_, clamp_ } from './ops/in-place.js';
export { fusedSgd_, fusedAdam_, type FusedSgdOptions, type FusedAdamOptions } from './ops/optimizer.js';

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
export { softmaxCrossEntropy, softmaxCrossEntropyBackward } from './ops/cross-entropy.js';
export { reluBackward, leakyReluBackward } from './ops/activation-grad.js';

// matmul (ops/matmul.ts)
export { matmul, dot, outer, bmm, linear } from './ops/matmul.js';
export { im2col, col2im, conv2d, type Size2d, type WindowOptions, type Conv2dOptions } from './ops/conv.js';
export { conv2dInput, conv2dWeight } from './ops/conv-grad.js';
export { maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward, type MaxPool2dOptions, type AvgPool2dOptions, type MaxPool2dResult } from './ops/pool.js';

// indexing, joining, sorting (ops/indexing.ts, ops/join.ts, ops/sort.ts)
export {
  indexSelect, gather, scatter, scatter_, scatterAdd, scatterAdd_, indexAdd, indexAdd_, maskedFill,
  maskedFill_, maskedSelect, take, nonzero, type IndexAddOptions, type FillValue,
} from './ops/indexing.js';
export { cat, stack, split, chunk } from './ops/join.js';
export { sort, argsort, topk, type SortOptions, type TopkOptions, type SortResult } from './ops/sort.js';
export { createWasmSharedMemory, wasmSharedZeros, fromWasmSharedMemory, type WasmSharedMemory } from './ops/wasm-memory.js';
export { negativeSamplingUpdate_, cbowNegativeSamplingUpdate_, hierarchicalSoftmaxUpdate_, type NegativeSamplingBatch, type CbowBatch, type HuffmanPaths } from './ops/word2vec.js';
