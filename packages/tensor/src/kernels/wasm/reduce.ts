import type { TypedArray } from '../../dtype.js';
import type { Kernels, ReduceOp } from '../registry.js';
import { reduce as cpuReduce } from '../cpu/reduce.js';
import { forEachColumnBlock, streamRows } from './lanes.js';
import { addressOf, heapF32, reserve, wasm, type WasmExports } from './runtime.js';
import { A, ACC, CHUNK, SCRATCH_END } from './scratch.js';

/**
 * Sum/max/min (and prod along a middle dim) of float32 `[outer, size, inner]` blocks in wasm;
 * argmax-style indices, other dtypes and prod of contiguous rows run on cpu. Sums and products
 * accumulate in doubles, as cpu's do.
 */
export const reduce: Kernels['reduce'] = (op, x, outer, size, inner, out, indices) => {
  const exports = wasm();
  if (!exports || size === 0 || indices || !(x instanceof Float32Array) || (inner === 1 && op === 'prod')) {
    cpuReduce(op, x, outer, size, inner, out, indices);
    return;
  }
  if (inner === 1) reduceRows(exports.elementwise, op as Exclude<ReduceOp, 'prod'>, x, outer, size, out);
  else reduceLanes(exports.elementwise, op, x, outer, size, inner, out);
};

/**
 * Contiguous rows (`inner` = 1): a row longer than a chunk is reduced chunk by chunk, shorter
 * rows are copied in batches of whole rows. Resident `x` is read in place, with the same chunks.
 */
function reduceRows(
  f: WasmExports['elementwise'], op: Exclude<ReduceOp, 'prod'>, x: Float32Array, outer: number, size: number,
  out: TypedArray,
): void {
  const kernel = f[op];
  reserve(SCRATCH_END);
  const heap = heapF32();
  const resident = addressOf(x);
  if (size > CHUNK) {
    for (let o = 0; o < outer; o++) {
      let acc = op === 'sum' ? 0 : NaN;
      for (let p = 0; p < size; p += CHUNK) {
        const c = Math.min(CHUNK, size - p);
        const part = kernel(rowsAt(x, resident, heap, o * size + p, c), c);
        acc = op === 'sum' ? acc + part : p === 0 ? part : combine(op, acc, part);
      }
      out[o] = acc;
    }
    return;
  }
  const rowsPerChunk = Math.floor(CHUNK / size);
  for (let o0 = 0; o0 < outer; o0 += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, outer - o0);
    const first = rowsAt(x, resident, heap, o0 * size, rows * size);
    for (let r = 0; r < rows; r++) out[o0 + r] = kernel(first + r * size * 4, size);
  }
}

// NOTE: module-level helpers, not closures in the kernels: a closure made per call costs an
// allocation (and, run through tsx/esbuild with keepNames, a defineProperty of its name).

/** The address of `count` floats of `x` from `from`: in place at `resident`, or copied into region A. */
function rowsAt(x: Float32Array, resident: number, heap: Float32Array, from: number, count: number): number {
  if (resident >= 0) return resident + from * 4;
  heap.set(x.subarray(from, from + count), A / 4);
  return A;
}

/** max/min of two partial results, NaN winning as in torch.max. */
function combine(op: 'max' | 'min', a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  return op === 'max' ? Math.max(a, b) : Math.min(a, b);
}

/** Along a middle dim (`inner` > 1): whole rows fold into an accumulator row, lane by lane. */
function reduceLanes(
  f: WasmExports['elementwise'], op: ReduceOp, x: Float32Array, outer: number, size: number, inner: number,
  out: TypedArray,
): void {
  const kernel = f[`${op}Lanes`];
  const doubles = op === 'sum' || op === 'prod';
  reserve(SCRATCH_END);
  const heap = heapF32();
  const acc = doubles ? new Float64Array(heap.buffer, ACC, CHUNK + 4) : heap.subarray(ACC / 4, ACC / 4 + CHUNK + 4);
  const start = { sum: 0, prod: 1, max: -Infinity, min: Infinity }[op];
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    forEachColumnBlock(inner, (first, lanes) => {
      // The lanes a row's last vector reaches past `lanes` start from the identity too.
      acc.fill(start, 0, lanes + 4);
      streamRows(x, null, base, size, inner, first, lanes, (rows, at) => {
        kernel(at, ACC, lanes, rows);
      });
      for (let i = 0; i < lanes; i++) out[o * inner + first + i] = acc[i];
    });
  }
}
