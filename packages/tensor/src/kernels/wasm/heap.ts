import { WorkerError } from '../../errors.js';
import { align16, importedScratch, reserve } from './runtime.js';
import { FIXED_SCRATCH_END, SCRATCH_BYTES } from './scratch.js';

// The allocator of linear memory above the fixed scratch regions: blocks for storage resident
// in wasm memory (resident.ts) and the growable scratch of matmul and the window kernels.
// First fit over a free list sorted by address, with neighbours merged on free and a free block
// at the top handed back to the bump pointer, so a training loop that frees and allocates the
// same shapes step after step reuses the same blocks. Each thread has its own allocator state
// (module state is per thread); only the thread that owns a memory allocates in it.

/** Blocks start on a cache line (and so on a v128). */
const ALIGN = 64;
/** Linear memory holds at most 4 GiB; allocation past this fails (callers fall back to JS arrays). */
const LIMIT = 2 ** 32 - ALIGN;

interface HeapState {
  /** The first byte of the heap. */
  readonly start: number;
  /** One past the highest block handed out: the bump pointer. */
  top: number;
  /** The highest `top` ever reached: memory above it was never written (fresh pages are zeros). */
  highWater: number;
  /** Free blocks below `top`, sorted by address, never adjacent (merged on free). */
  readonly freeAt: number[];
  readonly freeSize: number[];
  /** Size of each block handed out, by address. */
  readonly live: Map<number, number>;
  bytesInUse: number;
}

const START = Math.ceil(FIXED_SCRATCH_END / ALIGN) * ALIGN;
const state: HeapState = { start: START, top: START, highWater: START, freeAt: [], freeSize: [], live: new Map(), bytesInUse: 0 };

/**
 * @internal A block of at least `bytes` bytes (rounded up to 64), or -1 when linear memory cannot
 * hold it. `fresh` is set to true when the block lies above every earlier block, so it still
 * holds the zeros of fresh memory.
 */
export function heapAllocate(bytes: number, fresh?: { value: boolean }): number {
  if (scratch.fixed) throw new WorkerError(`wasm: a pool worker cannot allocate ${bytes} bytes of linear memory (the heap belongs to the calling thread)`);
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  let address = takeFree(size);
  if (address < 0) {
    // No free block touches the top (heapFree hands such a block back to it): bump.
    address = state.top;
    if (address + size > LIMIT) return -1;
    try {
      reserve(address + size);
    } catch {
      return -1; // the engine refused to grow memory (RangeError)
    }
    state.top = address + size;
  }
  if (fresh) fresh.value = address >= state.highWater;
  state.highWater = Math.max(state.highWater, address + size);
  state.live.set(address, size);
  state.bytesInUse += size;
  return address;
}

/** First fit in the free list; the rest of a larger block stays free. */
function takeFree(size: number): number {
  const { freeAt, freeSize } = state;
  for (let i = 0; i < freeAt.length; i++) {
    if (freeSize[i] < size) continue;
    const address = freeAt[i];
    if (freeSize[i] === size) {
      freeAt.splice(i, 1);
      freeSize.splice(i, 1);
    } else {
      freeAt[i] += size;
      freeSize[i] -= size;
    }
    return address;
  }
  return -1;
}

/** @internal Returns a block from `heapAllocate` to the heap; unknown addresses are ignored. */
export function heapFree(address: number): void {
  const size = state.live.get(address);
  if (size === undefined) return;
  state.live.delete(address);
  state.bytesInUse -= size;
  const { freeAt, freeSize } = state;
  // Binary search for the first free block above `address`.
  let lo = 0;
  let hi = freeAt.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (freeAt[mid] < address) lo = mid + 1;
    else hi = mid;
  }
  let at = address;
  let length = size;
  if (lo < freeAt.length && at + length === freeAt[lo]) {
    length += freeSize[lo];
    freeAt.splice(lo, 1);
    freeSize.splice(lo, 1);
  }
  if (lo > 0 && freeAt[lo - 1] + freeSize[lo - 1] === at) {
    lo--;
    at = freeAt[lo];
    length += freeSize[lo];
    freeAt.splice(lo, 1);
    freeSize.splice(lo, 1);
  }
  if (at + length === state.top) {
    state.top = at;
    return;
  }
  freeAt.splice(lo, 0, at);
  freeSize.splice(lo, 0, length);
}

/** @internal Bytes in blocks handed out, the heap's extent (and highest extent), and bytes free below its top. */
export function heapStats(): { bytesInUse: number; top: number; highWater: number; freeBytes: number; freeBlocks: number } {
  const freeBytes = state.freeSize.reduce((a, b) => a + b, 0);
  const { start, top, highWater } = state;
  return { bytesInUse: state.bytesInUse, top: top - start, highWater: highWater - start, freeBytes, freeBlocks: state.freeAt.length };
}

// A pool worker's block is fixed: the one the calling thread gave it, after its regions.
const scratch = importedScratch
  ? { address: importedScratch.base + SCRATCH_BYTES, bytes: importedScratch.blockBytes, fixed: true }
  : { address: -1, bytes: 0, fixed: false };

/**
 * @internal This thread's growable scratch block, at least `bytes` long, for kernels that lay
 * out call-sized regions (matmul's copies and packed panels, the window kernels). Its address
 * may change from one call to the next (a bigger block replaces a smaller one); take
 * `heapF32()` after this call. In a pool worker the block is the fixed one the calling thread
 * gave it (`useFixedScratch`): a call needing more fails with a WorkerError, never growing.
 */
export function scratchBlock(bytes: number): number {
  if (bytes > scratch.bytes) {
    if (scratch.fixed) {
      throw new WorkerError(`wasm: a call needs ${bytes} bytes of scratch, more than this pool worker's ${scratch.bytes} (operands that are not resident must be staged by the calling thread)`);
    }
    if (scratch.address >= 0) heapFree(scratch.address);
    // Room to spare, so slowly growing calls do not move the block every time.
    const size = align16(Math.max(bytes, scratch.bytes * 1.25, 1 << 16));
    const address = heapAllocate(size);
    if (address < 0) throw new RangeError(`wasm: linear memory cannot hold ${size} bytes of scratch`);
    scratch.address = address;
    scratch.bytes = size;
  }
  return scratch.address;
}
