// @dl/tensor/testing: helpers for tests of @dl/tensor and the packages built on it (STYLE §7).
// Test-only entry: it imports vitest and fast-check, which consumers install as dev dependencies.
import '../index.js';

export { expectClose, type CloseOptions, type Comparable } from './expect-close.js';
export { forEachBackend } from './backends.js';
export { forEachThreadCount } from './threads.js';
export * as naive from './naive.js';
export {
  arbShape,
  arbBroadcastablePair,
  arbBroadcastableShapes,
  arbNDArray,
  arbView,
  arbViewChain,
  applyViewStep,
  applyNaiveViewStep,
  type ShapeOptions,
  type NDArrayOptions,
  type ViewChain,
  type ViewChainOptions,
  type ViewStep,
  type ViewOpName,
} from './arbitraries.js';
