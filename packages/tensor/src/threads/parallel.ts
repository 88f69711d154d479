import type { TypedArray } from '../dtype.js';
import { getBackend, setKernelDecorator, type Kernels } from '../kernels/registry.js';
import { isContiguousView, type StridedView } from '../kernels/strided.js';
import { isSharedStorage } from '../storage-shared.js';
import { availableWorkers, runChunks, setSharedAllocationAbove } from './pool.js';
import { encodeCall, runKernel, type KernelArgument, type KernelCall } from './tasks.js';

// Large kernel calls split by OUTPUT across the pool: matmul by batches or by row panels of C,
// element-wise ops by ranges of the output (or of its first dim), reductions, scans and
// softmax by their outer (kept) index. No reduced axis is ever split, and each output element
// is computed by the same kernel code in the same order as on one thread, so results are bit
// for bit those of one thread. The calling thread takes the first share itself.

/**
 * Where calls start to split. Measured with `bench/threads-table.ts --thresholds` (fastest call of
 * 1 thread vs 2 threads forced to split, 2-vCPU AMD EPYC VM, 2026-12-03, load average ~22 from
 * other jobs): matmul 48^3 0.82x, 64^3 1.16x, 96^3 1.30x (128^3 and 192^3: 0.90x, the worker
 * rarely got a core then); add of 2e4 floats 0.85x, 5e4 1.44x, 1e5 1.27x, 2e5 1.19x, 5e5 1.61x.
 * Splitting pays from about 64^3 multiply-adds and 5e4 elements; the thresholds sit a step
 * above (96^3, 2e5) because the measurement was noisy, and arrays from the elements threshold
 * up are allocated shared while the pool runs. Re-measure on a quiet machine.
 */
const thresholds = { matmulWork: 96 * 96 * 96, elements: 200_000 };

/** @internal Test hook: the sizes from which calls split (tiny values force the parallel path). */
export function setParallelThresholds(next: { matmulWork?: number; elements?: number }): { matmulWork: number; elements: number } {
  const previous = { ...thresholds };
  Object.assign(thresholds, next);
  setSharedAllocationAbove(thresholds.elements);
  return previous;
}
setSharedAllocationAbove(thresholds.elements);

/** Rows of C per panel are a multiple of the matmul micro-tile, so no panel changes tiling. */
const ROW_ALIGN = 8;
/**
 * Chunks per thread: threads claim chunks until none is left, so a thread that another job
 * delays hands its later chunks to the others instead of holding up the whole op.
 */
const CHUNKS_PER_THREAD = 4;
/** Chunks are no smaller than this (row panels of C: rows; other ops: input elements). */
const MIN_PANEL_ROWS = 32;
const MIN_CHUNK_ELEMENTS = 32_768;

/** How many chunks to cut `total` units into for `threads` threads, `minimum` units each. */
function chunkCount(threads: number, total: number, minimum: number): number {
  return Math.max(Math.min(2, total), Math.min(CHUNKS_PER_THREAD * threads, Math.floor(total / minimum), total));
}

function sharedCopy(data: TypedArray, from: number, to: number): TypedArray {
  const Ctor = data.constructor as new (buffer: SharedArrayBuffer) => TypedArray;
  const copy = new Ctor(new SharedArrayBuffer((to - from) * data.BYTES_PER_ELEMENT));
  copy.set(data.subarray(from, to));
  return copy;
}

/** The view over shared storage: itself, or a copy of the storage span it reaches. */
function sharedView(view: StridedView): StridedView {
  if (isSharedStorage(view.data)) return view;
  let low = view.offset;
  let high = view.offset;
  for (let d = 0; d < view.shape.length; d++) {
    const reach = (view.shape[d] - 1) * view.strides[d];
    if (reach < 0) low += reach;
    else high += reach;
  }
  return { ...view, data: sharedCopy(view.data, low, high + 1), offset: view.offset - low };
}

function sharedArray(data: TypedArray): TypedArray {
  return isSharedStorage(data) ? data : sharedCopy(data, 0, data.length);
}

/** Runs `fn` with `out` in shared memory: itself, or scratch copied back afterwards. */
function withSharedOutput(out: TypedArray, fn: (shared: TypedArray) => void): void {
  if (isSharedStorage(out)) {
    fn(out);
    return;
  }
  const scratch = sharedCopy(out, 0, out.length);
  fn(scratch);
  out.set(scratch);
}

/** Split points of `total` into `parts` near-equal ranges, each a multiple of `align` long (the last at least that). */
function splitPoints(total: number, parts: number, align = 1): number[] {
  const points = [0];
  for (let p = 1; p < parts; p++) {
    const point = Math.round((total * p) / parts / align) * align;
    if (point > points[points.length - 1] && total - point >= align) points.push(point);
  }
  points.push(total);
  return points;
}

/** @internal Kernel calls split so far, per kernel (tests check that the parallel path ran). */
export const splitCounts: Partial<Record<keyof Kernels, number>> = {};

/** Runs the chunks (each a list of kernel calls) on this thread and the pool's workers. */
function dispatch(base: Kernels, op: string, chunks: readonly (readonly [keyof Kernels, KernelArgument[]])[][]): void {
  splitCounts[op as keyof Kernels] = (splitCounts[op as keyof Kernels] ?? 0) + 1;
  const encoded = chunks.map((calls) => calls.map(([kernel, args]): KernelCall => encodeCall(kernel, args)));
  runChunks(op, { backend: getBackend(), chunks: encoded }, (index) => {
    for (const [kernel, args] of chunks[index]) runKernel(base, kernel, args);
  });
}

function parallelMatmul(base: Kernels): Kernels['matmul'] {
  return (a, b, out, batch, m, k, n, bias) => {
    const workers = batch * m * k * n >= thresholds.matmulWork ? availableWorkers() : 0;
    const byBatch = batch > 1;
    const parts = workers === 0 ? 1 : byBatch ? chunkCount(workers + 1, batch, 1) : chunkCount(workers + 1, Math.floor(m / ROW_ALIGN), MIN_PANEL_ROWS / ROW_ALIGN);
    if (parts < 2) {
      base.matmul(a, b, out, batch, m, k, n, bias);
      return;
    }
    const x = sharedView(a);
    const y = sharedView(b);
    // Every share adds the whole bias row to its rows of C.
    const z = bias && sharedView(bias);
    withSharedOutput(out, (c) => {
      const shares: [keyof Kernels, KernelArgument[]][][] = [];
      if (byBatch) {
        const points = splitPoints(batch, parts);
        for (let s = 0; s + 1 < points.length; s++) {
          const [t0, t1] = [points[s], points[s + 1]];
          const xs = { ...x, shape: [t1 - t0, m, k], offset: x.offset + t0 * x.strides[0] };
          const ys = { ...y, shape: [t1 - t0, k, n], offset: y.offset + t0 * y.strides[0] };
          shares.push([['matmul', [xs, ys, c.subarray(t0 * m * n, t1 * m * n), t1 - t0, m, k, n, z]]]);
        }
      } else {
        const points = splitPoints(m, parts, ROW_ALIGN);
        for (let s = 0; s + 1 < points.length; s++) {
          const [i0, i1] = [points[s], points[s + 1]];
          const xs = { ...x, shape: [1, i1 - i0, k], offset: x.offset + i0 * x.strides[1] };
          shares.push([['matmul', [xs, y, c.subarray(i0 * n, i1 * n), 1, i1 - i0, k, n, z]]]);
        }
      }
      dispatch(base, 'matmul', shares);
    });
  };
}

/**
 * Splits views that all have the output's shape into `parts` pieces of the output: flat ranges
 * when every view is dense or a broadcast scalar, else ranges of the first dim. Undefined when
 * the call cannot be split.
 */
function splitViews(views: readonly StridedView[], total: number, parts: number): { views: StridedView[]; from: number; to: number }[] | undefined {
  const shape = views[0].shape;
  const flat = views.every((v) => isContiguousView(v.shape, v.strides) || v.strides.every((s) => s === 0));
  if (flat) {
    const points = splitPoints(total, parts);
    return points.slice(0, -1).map((from, i) => {
      const to = points[i + 1];
      const pieces = views.map((v): StridedView => {
        const dense = v.strides.some((s) => s !== 0) || total === 1;
        return { data: v.data, shape: [to - from], strides: [dense ? 1 : 0], offset: dense ? v.offset + from : v.offset };
      });
      return { views: pieces, from, to };
    });
  }
  if (shape.length === 0 || shape[0] < parts) return undefined;
  const rowSize = total / shape[0];
  const points = splitPoints(shape[0], parts);
  return points.slice(0, -1).map((r0, i) => {
    const r1 = points[i + 1];
    const pieces = views.map((v): StridedView => ({ data: v.data, shape: [r1 - r0, ...v.shape.slice(1)], strides: v.strides, offset: v.offset + r0 * v.strides[0] }));
    return { views: pieces, from: r0 * rowSize, to: r1 * rowSize };
  });
}

/** An element-wise kernel `(…views, out, …params)` split by ranges of `out`. */
function parallelMap(base: Kernels, kernel: 'unary' | 'unaryParam' | 'binary' | 'where', viewCount: number, head: number): (...args: KernelArgument[]) => void {
  return (...args) => {
    const prefix = args.slice(0, head);
    const views = args.slice(head, head + viewCount) as StridedView[];
    const out = args[head + viewCount] as TypedArray;
    const rest = args.slice(head + viewCount + 1);
    const workers = out.length >= thresholds.elements ? availableWorkers() : 0;
    const parts = workers > 0 ? chunkCount(workers + 1, out.length, MIN_CHUNK_ELEMENTS) : 1;
    const pieces = parts > 1 ? splitViews(views, out.length, parts) : undefined;
    if (!pieces || pieces.length < 2) {
      runKernel(base, kernel, args);
      return;
    }
    const shared = views.map(sharedView);
    const sharedPieces = splitViews(shared, out.length, parts) ?? pieces;
    withSharedOutput(out, (target) => {
      dispatch(base, kernel, sharedPieces.map(({ views: v, from, to }) => [[kernel, [...prefix, ...v, target.subarray(from, to), ...rest]]]));
    });
  };
}

/** A `[outer, size, inner]` kernel split by ranges of `outer`; `outPerOuter` is the output's elements per outer index. */
function parallelOuter(base: Kernels, kernel: 'reduce' | 'statistic' | 'scan' | 'softmax'): (...args: KernelArgument[]) => void {
  return (...args) => {
    const [op, x, outer, size, inner, out, extra] = args as [string, TypedArray, number, number, number, TypedArray, KernelArgument];
    const workers = x.length >= thresholds.elements ? availableWorkers() : 0;
    const parts = workers > 0 && outer > 1 ? chunkCount(workers + 1, outer, Math.ceil(MIN_CHUNK_ELEMENTS / (size * inner))) : 1;
    if (parts < 2) {
      runKernel(base, kernel, args);
      return;
    }
    const block = size * inner;
    const outBlock = kernel === 'scan' || kernel === 'softmax' ? block : inner;
    const input = sharedArray(x);
    const points = splitPoints(outer, parts);
    const indices = kernel === 'reduce' && extra !== undefined ? (extra as Int32Array) : undefined;
    withSharedOutput(out, (target) => {
      const run = (sharedIndices: TypedArray | undefined): void => {
        dispatch(base, kernel, points.slice(0, -1).map((o0, i) => {
          const o1 = points[i + 1];
          const own: KernelArgument[] = [op, input.subarray(o0 * block, o1 * block), o1 - o0, size, inner, target.subarray(o0 * outBlock, o1 * outBlock)];
          if (sharedIndices) own.push(sharedIndices.subarray(o0 * inner, o1 * inner));
          else if (kernel === 'statistic') own.push(extra);
          return [[kernel, own]];
        }));
      };
      if (indices) withSharedOutput(indices, run);
      else run(undefined);
    });
  };
}

/** The kernel table with the splittable kernels wrapped; the rest run as they are. */
function parallelKernels(base: Kernels): Kernels {
  return {
    ...base,
    matmul: parallelMatmul(base),
    unary: parallelMap(base, 'unary', 1, 1),
    unaryParam: parallelMap(base, 'unaryParam', 1, 1),
    binary: parallelMap(base, 'binary', 2, 1),
    where: parallelMap(base, 'where', 3, 0),
    reduce: parallelOuter(base, 'reduce'),
    statistic: parallelOuter(base, 'statistic'),
    scan: parallelOuter(base, 'scan'),
    softmax: parallelOuter(base, 'softmax'),
  };
}

// Workers load this module too (through the package entry) but run the plain kernels.
if ((globalThis as Record<symbol, unknown>)[Symbol.for('dl.threads.inWorker')] !== true) setKernelDecorator(parallelKernels);
