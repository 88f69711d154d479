// A Tensor passed to an @dl/tensor op gets an error that says what to do (use the @dl/autograd op
// or pass tensor.data), never a TypeError from inside a kernel or silently wrong values.
import * as nd from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { tensor } from './index.js';

/** Exports of @dl/tensor that take no array first: dtype and shape helpers, config, creation. */
const NOT_ARRAY_OPS = new Set<string>([
  'promoteTypes', 'resultTypeWithScalar', 'isFloating', 'parseDType', 'assert', 'broadcastShapes',
  'normalizeDim', 'normalizeDims', 'numel', 'formatShape', 'contiguousStrides', 'shapesEqual',
  'manualSeed', 'registerBackend', 'setBackend', 'getBackend', 'listBackends', 'array', 'fromTypedArray',
  'full', 'zeros', 'ones', 'arange', 'linspace', 'eye', 'rand', 'randn', 'randint', 'randperm',
  // NOTE: these read only `shape` and `dtype`, which a Tensor has too, so they work on one
  'zerosLike', 'onesLike', 'fullLike',
  'empty', 'setNumThreads', 'getNumThreads', 'threadsReady', 'ready', 'fromShared', 'fromDescription',
  'sharedMemoryAvailable', 'inPlaceWriteCount', 'createWasmSharedMemory', 'wasmSharedZeros', 'fromWasmSharedMemory',
  // storage bookkeeping, not ops: checked below with their own hint
  'storageVersion', 'storageVersionAt', 'lastInPlaceOp', 'bumpVersion',
  // memory management, not ops: tidy takes a function; dispose and keep walk containers and
  // objects that list their arrays under Symbol.for('dl.arrays') (Tensor does not list them yet)
  'tidy', 'keep', 'dispose', 'memory', 'setPoolCapacity',
]);

const arrayOps = Object.entries(nd).filter(
  ([name, value]) => typeof value === 'function' && !NOT_ARRAY_OPS.has(name) && /^[a-z]/.test(name),
);

describe('@dl/tensor storage bookkeeping given a Tensor', () => {
  it.each(['storageVersion', 'storageVersionAt', 'lastInPlaceOp', 'bumpVersion'] as const)('%s points to tensor.data', (name) => {
    const t = tensor([1, 2]);
    expect(() => (nd[name] as (...args: unknown[]) => unknown)(t, 0)).toThrow(new RegExp(`^${name}: expected an NDArray\\nhint: for an @dl/autograd Tensor pass tensor\\.data`));
  });
});

describe('@dl/tensor ops given a Tensor', () => {
  it.each(arrayOps)('%s says to use @dl/autograd or tensor.data', (_, fn) => {
    const t = tensor([[1, 2], [3, 4]]);
    // An alias (var) reports the op it stands for (variance).
    expect(() => (fn as (...args: unknown[]) => unknown)(t, t)).toThrow(
      /^(\w+): got an @dl\/autograd Tensor, which @dl\/tensor ops do not take\nhint: (use \1 from @dl\/autograd, or )?pass tensor\.data$/,
    );
  });
});
