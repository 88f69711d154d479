import type { Kernels } from '../registry.js';
import { softmax as cpuSoftmax } from '../cpu/softmax.js';
import { forEachColumnBlock, streamRows } from './lanes.js';
import { addressOf, heapF32, reserve, wasm, type WasmExports } from './runtime.js';
import { A, ACC, ACC2, ACC3, B, CHUNK, SCRATCH_END } from './scratch.js';

/**
 * Softmax/logSoftmax of float32 `[outer, size, inner]` blocks along the middle dim in wasm:
 * contiguous rows that fit a chunk one row at a time (softmaxRow), a middle dim or longer rows
 * lane by lane in three streamed passes.
 */
export const softmax: Kernels['softmax'] = (op, x, outer, size, inner, out) => {
  const exports = wasm();
  if (!exports || size === 0 || !(x instanceof Float32Array) || !(out instanceof Float32Array)) {
    cpuSoftmax(op, x, outer, size, inner, out);
    return;
  }
  const log = op === 'logSoftmax';
  if (inner > 1) softmaxLanes(exports.elementwise, log, x, outer, size, inner, out);
  else if (size <= CHUNK) softmaxRows(exports.elementwise, log, x, outer, size, out);
  else softmaxLongRows(exports.elementwise, log, x, outer, size, out);
};

/** Contiguous rows of at most a chunk, copied in batches of whole rows; resident `x` and `out` in place. */
function softmaxRows(f: WasmExports['elementwise'], log: boolean, x: Float32Array, outer: number, size: number, out: Float32Array): void {
  reserve(SCRATCH_END);
  const heap = heapF32();
  const [src, dst] = [addressOf(x), addressOf(out)];
  const rowsPerChunk = src >= 0 && dst >= 0 ? outer : Math.floor(CHUNK / size);
  for (let o0 = 0; o0 < outer; o0 += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, outer - o0);
    const count = rows * size;
    const from = src >= 0 ? src + o0 * size * 4 : A;
    const to = dst >= 0 ? dst + o0 * size * 4 : B;
    if (src < 0) heap.set(x.subarray(o0 * size, o0 * size + count), A / 4);
    for (let r = 0; r < rows; r++) f.softmaxRow(from + r * size * 4, to + r * size * 4, size, log ? 1 : 0);
    if (dst < 0) out.set(heap.subarray(B / 4, B / 4 + count), o0 * size);
  }
}

/**
 * Along a middle dim: the per-lane max, then Σ exp(x - max)
 * in doubles (softmax keeps the exps in `out`), then a per-lane scale (1 / sum) or shift (log sum).
 */
function softmaxLanes(f: WasmExports['elementwise'], log: boolean, x: Float32Array, outer: number, size: number, inner: number, out: Float32Array): void {
  reserve(SCRATCH_END);
  const heap = heapF32();
  const max = heap.subarray(ACC / 4, ACC / 4 + CHUNK + 4);
  const sum = new Float64Array(heap.buffer, ACC2, CHUNK + 4);
  const factor = heap.subarray(ACC3 / 4, ACC3 / 4 + CHUNK + 4);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    forEachColumnBlock(inner, (first, lanes) => {
      max.fill(-Infinity, 0, lanes + 4);
      sum.fill(0, 0, lanes + 4);
      streamRows(x, null, base, size, inner, first, lanes, (rows, at) => {
        f.maxLanes(at, ACC, lanes, rows);
      });
      streamRows(x, log ? null : out, base, size, inner, first, lanes, (rows, at) => {
        f.expSumLanes(at, B, ACC, ACC2, lanes, rows);
      });
      if (log) {
        for (let i = 0; i < lanes; i++) factor[i] = Math.log(sum[i]);
        streamRows(x, out, base, size, inner, first, lanes, (rows, at) => {
          f.shiftLanes(at, B, ACC, ACC3, lanes, rows);
        });
      } else {
        for (let i = 0; i < lanes; i++) factor[i] = 1 / sum[i];
        streamRows(out, out, base, size, inner, first, lanes, (rows, at) => {
          f.scaleLanes(at, B, ACC3, lanes, rows);
        });
      }
    });
  }
}

/**
 * Rows longer than a chunk: each chunk of a row is one row of lanes for the lane kernels, whose
 * per-lane max and sum are combined once per row, then every lane gets the row's scale or shift.
 */
function softmaxLongRows(f: WasmExports['elementwise'], log: boolean, x: Float32Array, outer: number, size: number, out: Float32Array): void {
  reserve(SCRATCH_END);
  const heap = heapF32();
  const max = heap.subarray(ACC / 4, ACC / 4 + CHUNK + 4);
  const sum = new Float64Array(heap.buffer, ACC2, CHUNK + 4);
  const factor = heap.subarray(ACC3 / 4, ACC3 / 4 + CHUNK + 4);
  const pass = (src: Float32Array, dst: Float32Array | null, base: number, kernel: (lanes: number) => void): void => {
    for (let p = 0; p < size; p += CHUNK) {
      const c = Math.min(CHUNK, size - p);
      heap.set(src.subarray(base + p, base + p + c), A / 4);
      // NOTE: the last vector of a short chunk reads lanes that already hold this row's partials;
      // -Infinity there leaves a max unchanged and adds exp(-Infinity) = 0 to a sum.
      heap.fill(-Infinity, A / 4 + c, A / 4 + c + 4);
      kernel(c);
      if (dst) dst.set(heap.subarray(B / 4, B / 4 + c), base + p);
    }
  };
  for (let o = 0; o < outer; o++) {
    const base = o * size;
    max.fill(-Infinity);
    pass(x, null, base, (lanes) => {
      f.maxLanes(A, ACC, lanes, 1);
    });
    let rowMax = -Infinity;
    for (let i = 0; i < CHUNK && rowMax === rowMax; i++) rowMax = max[i] !== max[i] ? NaN : Math.max(rowMax, max[i]);
    max.fill(rowMax);
    sum.fill(0);
    pass(x, log ? null : out, base, (lanes) => {
      f.expSumLanes(A, B, ACC, ACC2, lanes, 1);
    });
    let rowSum = 0;
    for (let i = 0; i < CHUNK; i++) rowSum += sum[i];
    factor.fill(log ? Math.log(rowSum) : 1 / rowSum);
    if (log) {
      pass(x, out, base, (lanes) => {
        f.shiftLanes(A, B, ACC, ACC3, lanes, 1);
      });
    } else {
      pass(out, out, base, (lanes) => {
        f.scaleLanes(A, B, ACC3, lanes, 1);
      });
    }
  }
}
