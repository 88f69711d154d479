import { A, B, CHUNK } from './scratch.js';
import { addressOf, heapF32 } from './runtime.js';

// Reductions and softmax along a dim that is not the last one read the `[size, inner]` block of
// each outer index row by row: contiguous rows go through linear memory in batches and the lane
// kernels (elementwise.wat) combine them lane by lane, so memory is read in order rather than
// with a stride of `inner`. Lanes beyond one chunk are cut into column blocks of CHUNK floats.

/** Calls `fn(first, lanes)` for the column blocks of at most CHUNK lanes that cover `inner`. */
export function forEachColumnBlock(inner: number, fn: (first: number, lanes: number) => void): void {
  for (let first = 0; first < inner; first += CHUNK) fn(first, Math.min(CHUNK, inner - first));
}

/**
 * Streams the lanes [first, first + lanes) of the `size` rows of `inner` floats that start at
 * `base` of `src` through region A, in batches of whole rows, calling `visit(rows, at)` per
 * batch with the batch's address; when `dst` is given, the batch's result is copied from region B
 * to the same place in `dst`. Resident `src` is read in place wherever the lane kernels' reads
 * past a batch (up to 3 floats) stay inside it. Callers have reserved the scratch regions.
 */
export function streamRows(
  src: Float32Array, dst: Float32Array | null, base: number, size: number, inner: number,
  first: number, lanes: number, visit: (rows: number, at: number) => void,
): void {
  const heap = heapF32();
  const resident = addressOf(src);
  const perBatch = lanes === inner ? Math.max(1, Math.floor(CHUNK / inner)) : 1;
  for (let s = 0; s < size; s += perBatch) {
    const rows = Math.min(perBatch, size - s);
    const from = base + s * inner + first;
    const count = (rows - 1) * inner + lanes;
    // NOTE: lane kernels write whole vectors, so results still go through region B.
    if (resident >= 0 && from + count + 3 <= src.length) {
      visit(rows, resident + from * 4);
    } else {
      heap.set(src.subarray(from, from + count), A / 4);
      visit(rows, A);
    }
    if (dst) dst.set(heap.subarray(B / 4, B / 4 + count), from);
  }
}
