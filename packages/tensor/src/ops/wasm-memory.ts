import { ArgumentError } from '../errors.js';
import { allocate, attach, createSharedMemory, type WasmSharedMemory } from '../kernels/wasm/word2vec.js';
import type { NDArray } from '../ndarray.js';
import { contiguousStrides, formatShape, numel, type Shape } from '../shape.js';
import type { SharedDescription } from '../storage-shared.js';
import { fromDescription } from './shared-memory.js';

export type { WasmSharedMemory };

/**
 * A shared WebAssembly.Memory of at least `bytes` bytes for float32 arrays that the word2vec
 * SIMD kernels (`negativeSamplingUpdate_`, `cbowNegativeSamplingUpdate_`) update in place with
 * no copy, from any thread it is posted to. Returns null where the engine cannot share wasm
 * memory (no SIMD or threads; in browsers, a page that is not cross-origin isolated): use
 * `zeros(shape, { shared: true })` there, and the kernels run their JS loops.
 * @example
 * const memory = createWasmSharedMemory(2 * 4 * 10_000 * 100);
 * const input = memory ? wasmSharedZeros(memory, [10_000, 100]) : zeros([10_000, 100], { shared: true });
 */
export function createWasmSharedMemory(bytes: number): WasmSharedMemory | null {
  if (!Number.isInteger(bytes) || bytes < 0) throw new ArgumentError(`createWasmSharedMemory: bytes must be a non-negative integer, got ${bytes}`);
  return createSharedMemory(bytes);
}

/**
 * A zeroed contiguous float32 array of `shape` inside `memory` (allocations never move or free).
 * @example
 * const weights = wasmSharedZeros(memory, [vocabularySize, 100]);
 */
export function wasmSharedZeros(memory: WasmSharedMemory, shape: Shape): NDArray {
  const size = numel(shape);
  const start = allocate(memory, size * 4);
  if (start < 0) {
    throw new ArgumentError(`wasmSharedZeros: ${formatShape(shape)} (${size * 4} bytes) does not fit in the shared memory's ${memory.buffer.byteLength} bytes\nhint: create the memory with room for every array`);
  }
  return fromWasmSharedMemory(memory, { dtype: 'float32', shape, strides: contiguousStrides(shape), offset: start / 4 });
}

/**
 * Rebuilds, over `memory` (posted to this worker), the array whose description (`buffer`
 * aside) another thread took; the word2vec kernels then run on it in this thread too.
 * @example
 * const input = fromWasmSharedMemory(setup.memory, setup.input);
 */
export function fromWasmSharedMemory(memory: WasmSharedMemory, description: Omit<SharedDescription, 'buffer'>): NDArray {
  attach(memory);
  return fromDescription({ ...description, buffer: memory.buffer });
}
