import { heapAllocate, heapFree } from './heap.js';
import { MATMUL_PANEL_BYTES } from './matmul.js';
import { importedLinearMemory, sharedMemoryObject, wasmSupported } from './runtime.js';
import { SCRATCH_BYTES } from './scratch.js';

// Pool workers run their kernels over the calling thread's shared linear memory, so resident
// storage is theirs to read and write in place. The calling thread owns the heap: it gives each
// worker a block at pool start, holding the worker's streaming regions (scratch.ts) and a fixed
// scratch block big enough for matmul on resident operands (its packed panels). The worker
// sets this before its wasm runtime evaluates (threads/worker.ts); runtime.ts reads it.

/** What a worker needs to run over the calling thread's memory, posted in its init message. */
export interface WorkerMemory {
  /** The shared WebAssembly.Memory. */
  readonly memory: object;
  /** Byte address of the worker's block: SCRATCH_BYTES of regions, then its scratch block. */
  readonly base: number;
  /** Bytes of the scratch block after the regions. */
  readonly blockBytes: number;
}

/** Bytes of each worker's block. */
const BLOCK_BYTES = MATMUL_PANEL_BYTES;

/**
 * @internal A block of linear memory for one pool worker, or undefined when workers cannot
 * share this thread's memory (not shared, no wasm, or the heap is full): they then keep
 * memories of their own and see resident storage as plain shared memory.
 */
export function allocateWorkerMemory(): WorkerMemory | undefined {
  const memory = sharedMemoryObject();
  if (!memory || !wasmSupported || importedLinearMemory) return undefined;
  const base = heapAllocate(SCRATCH_BYTES + BLOCK_BYTES);
  return base < 0 ? undefined : { memory, base, blockBytes: BLOCK_BYTES };
}

/** @internal Gives a worker's block back (its worker has been terminated). */
export function freeWorkerMemory(block: WorkerMemory): void {
  heapFree(block.base);
}
