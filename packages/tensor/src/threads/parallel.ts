import type { TypedArray } from '../dtype.js';
import { getBackend, setKernelDecorator, type Kernels } from '../kernels/registry.js';
import { isContiguousView, type StridedView } from '../kernels/strided.js';
import { addressOf } from '../kernels/wasm/runtime.js';
import { isSharedStorage } from '../storage-shared.js';
import { reserve, resetArena } from './arena.js';
import { availableWorkers, runChunks, workersShareMemory } from './pool.js';
import { encodeCall, runKernel, type KernelArgument, type KernelCall } from './tasks.js';

// Large kernel calls split by OUTPUT across the pool: matmul by batches or by row or column
// panels of C, element-wise ops by ranges of the output (or of its first dim), reductions, scans and
// softmax by their outer (kept) index. No reduced axis is ever split, and each output element
// is computed by the same kernel code in the same order as on one thread, so results are bit
// for bit those of one thread. The calling thread runs its chunks on the op's own arrays;
// workers see only shared memory, so the parts of operands that are not shared which a worker
// may read are staged (arena.ts): never those of chunk 0, which the calling thread always runs.
// Where workers run over this thread's wasm linear memory, resident storage reaches them by
// address and staging goes to a heap block of it; wasm matmul in a worker has scratch for its
// packed panels only, so its float32 operands and output are staged unless resident.

/**
 * Where calls start to split: the crossovers `bench/thresholds.ts` printed on this 2-vCPU VM,
 * 2026-12-04 04:45-04:48, load 2.3-7 (fresh outputs, so the caller's first-touch page faults
 * count, as they do for users). Wall µs, 1 thread vs 2 forced to split:
 * - matmul n³: 96³ 0.75x, 128³ 0.90x, 192³ 1.00x (an earlier, quieter run: 96³ 1.30x);
 *   07:43 (workers over the shared linear memory; load 3-5, other jobs running): staged
 *   operands 128³ 0.94x, 192³ 1.06x; resident operands 96³ 0.78x, 128³ 1.09x, 192³ 0.71x
 *   (noise): kept at 128³;
 * - shared inputs (`elements`): exp, sum and fusedSgd_ win from 4e5 in both runs (exp 1.19x,
 *   fusedSgd_ 1.27x); add (memory-bound) never wins up to 1e6; 07:43 (inputs resident): add,
 *   sum and fusedSgd_ from 4e5 (1.56x, 1.06x, 1.22x), exp 1.03x at 4e5 and 0.97x at 1e6;
 * - inputs that need staging (`stagedElements`): no op wins up to 1e6 (add 0.18x-0.41x): the
 *   copy moves as many bytes as the op; 07:43: add 1.00x at 1e6 at best, the rest below 1.
 * - optimizer updates, one range per thread (`sgdElements`, `adamElements`), 2026-12-04 17:25,
 *   load 1.5, inputs shared: fusedSgd_ wins from 2e5 (160k 0.92x, 200k 1.03x, 400k 1.30x),
 *   fusedAdam_ from 5e4 (35k 0.92x, 50k 1.05x, 400k 1.76x); staged, neither wins below 1e6.
 */
const thresholds = {
  matmulWork: 128 * 128 * 128, elements: 400_000, stagedElements: Infinity, sgdElements: 200_000, adamElements: 50_000, missesBeforePause: 3,
};

/**
 * When workers take no chunk of `missesBeforePause` split ops in a row (other jobs keep them off
 * the cores, or the ops end before a worker wakes), the next PAUSE_OPS large ops run on this
 * thread alone: a split nobody helps with costs its staging and posting for nothing.
 */
const PAUSE_OPS = 16;
/**
 * Ops this many times their split threshold or more split even while paused: an unhelped split
 * costs them only its posting (~30 µs, against the 1 ms of an MLP step's 784x256 matmul), and a
 * helped one halves them. Pausing those too ran 8 MLP steps on one thread after every 3 late
 * wake-ups: 2-thread step 1.80 ms with, measured against 1.6 ms without (2026-12-04).
 */
const NEVER_PAUSE = 8;
const helpers = { misses: 0, paused: 0 };

/**
 * @internal Workers to split a call of `size` units across (matmul: m·k·n; others: elements):
 * none below `threshold`, nor while splitting is paused unless the call is far above it.
 */
export function workersFor(size: number, threshold: number): number {
  if (size < threshold) return 0;
  if (helpers.paused > 0 && size < NEVER_PAUSE * threshold) {
    helpers.paused--;
    return 0;
  }
  return availableWorkers();
}

/** @internal Counts split ops that no worker helped with, and pauses splitting after too many in a row. */
export function noteHelp(helped: boolean): void {
  helpers.misses = helped ? 0 : helpers.misses + 1;
  if (helpers.misses >= thresholds.missesBeforePause) {
    helpers.misses = 0;
    helpers.paused = PAUSE_OPS;
  }
}

type Thresholds = typeof thresholds;

/** @internal Test hook: the sizes from which calls split (tiny values force the parallel path). */
export function setParallelThresholds(next: Partial<Thresholds>): Thresholds {
  const previous = { ...thresholds };
  Object.assign(thresholds, next);
  return previous;
}

/** Rows (columns) of C per panel are a multiple of the matmul micro-tile's, so no panel changes tiling. */
const ROW_ALIGN = 8;
const COL_ALIGN = 8;
/**
 * Chunks per thread: threads claim chunks until none is left, so a thread that another job
 * delays hands its later chunks to the others instead of holding up the whole op.
 */
const CHUNKS_PER_THREAD = 4;
/**
 * Matmul chunks per thread: each chunk copies and packs all of B again, so matmul cuts C into
 * as few panels as the threads need.
 */
const MATMUL_CHUNKS_PER_THREAD = 1;
/** Chunks are no smaller than this (row panels of C: rows; other ops: input elements). */
const MIN_PANEL_ROWS = 32;
const MIN_PANEL_COLS = 32;
const MIN_CHUNK_ELEMENTS = 32_768;

/** How many chunks to cut `total` units into for `threads` threads, `minimum` units each. */
function chunkCount(threads: number, total: number, minimum: number, perThread = CHUNKS_PER_THREAD): number {
  return Math.max(Math.min(2, total), Math.min(perThread * threads, Math.floor(total / minimum), total));
}

/**
 * Copies into staging memory, queued while an op's worker calls are built and run after the op
 * is posted (pool.ts runChunks), so the workers wake up while this thread copies.
 */
let pendingCopies: (() => void)[] = [];

/**
 * Set for the matmul call being split when its workers need float32 operands resident (wasm
 * matmul over shared linear memory): shared storage elsewhere (a user's SharedArrayBuffer) is
 * staged too.
 */
let needResident = false;

/** True when a worker can use `data` where it is. */
function reachable(data: TypedArray): boolean {
  if (needResident && data instanceof Float32Array) return addressOf(data) >= 0;
  return isSharedStorage(data);
}

/** A staged copy of `data[from, to)`, filled once the op is posted. */
function stageLater(data: TypedArray, from: number, to: number): TypedArray {
  const span = reserve(data, to - from);
  pendingCopies.push(() => { span.set(data.subarray(from, to)); });
  return span;
}

/** The view as workers read it: itself when shared, else a staged copy of the storage span it reaches. */
function remoteView(view: StridedView): StridedView {
  if (reachable(view.data)) return view;
  let low = view.offset;
  let high = view.offset;
  for (let d = 0; d < view.shape.length; d++) {
    const reach = (view.shape[d] - 1) * view.strides[d];
    if (reach < 0) low += reach;
    else high += reach;
  }
  return { ...view, data: stageLater(view.data, low, high + 1), offset: view.offset - low };
}

function remoteArray(data: TypedArray): TypedArray {
  return reachable(data) ? data : stageLater(data, 0, data.length);
}

/**
 * Where a worker writes `out` (a chunk's part of an output): itself when shared, else staging
 * memory copied back after the op (`zero` when the kernel adds into its output, as cpu matmul
 * does). Returns the span and the copy-back pairs.
 */
function remoteOutput(out: TypedArray, zero: boolean): { span: TypedArray; back: [TypedArray, TypedArray][] } {
  if (reachable(out)) return { span: out, back: [] };
  const span = reserve(out, out.length);
  if (zero) pendingCopies.push(() => { span.fill(0); });
  return { span, back: [[span, out]] };
}

/** Where a worker updates `data` in place: itself when shared, else a staged copy copied back after the op. */
function remoteInOut(data: TypedArray): { span: TypedArray; back: [TypedArray, TypedArray][] } {
  if (reachable(data)) return { span: data, back: [] };
  const span = stageLater(data, 0, data.length);
  return { span, back: [[span, data]] };
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

/** @internal Matmul calls split into column panels so far (tests check that path ran). */
export const columnSplits = { count: 0 };

/** One kernel call: its name and arguments. */
type Call = readonly [keyof Kernels, KernelArgument[]];

/** A chunk's call as a worker runs it (on shared memory), and the staged outputs to copy back. */
interface Remote {
  readonly call: Call;
  readonly back: readonly (readonly [TypedArray, TypedArray])[];
}

/**
 * One chunk of an op: the call this thread runs (on the op's own arrays, so its share needs no
 * copies), and how to build the call a worker runs (staging what it reads and writes), built
 * only for chunks a worker may claim.
 */
interface Share {
  readonly local: Call;
  readonly remote: () => Remote;
}

/** Whether the calling thread claims chunks too (a test hook turns it off). */
let callerClaims = true;

/** @internal Test hook: with false, workers run every chunk, so tests see the staged path. */
export function setCallerClaims(claims: boolean): boolean {
  const previous = callerClaims;
  callerClaims = claims;
  return previous;
}

/** Runs the chunks on this thread and the pool's workers, then copies back what workers staged. */
function dispatch(base: Kernels, op: keyof Kernels, shares: readonly Share[]): void {
  splitCounts[op] = (splitCounts[op] ?? 0) + 1;
  const linear = workersShareMemory();
  resetArena(linear);
  pendingCopies = [];
  needResident = linear && op === 'matmul' && getBackend() === 'wasm';
  // This thread always runs chunk 0 (pool.ts runChunks): only the others get worker calls.
  let remotes: (Remote | undefined)[];
  try {
    remotes = shares.map((share, index) => (callerClaims && index === 0 ? undefined : share.remote()));
  } finally {
    needResident = false;
  }
  const copies = pendingCopies;
  pendingCopies = [];
  const ranHere = shares.map(() => false);
  const chunks = remotes.map((remote): KernelCall[] => (remote ? [encodeCall(remote.call[0], remote.call[1], linear)] : []));
  const runHere = (index: number): void => {
    ranHere[index] = true;
    const [kernel, args] = shares[index].local;
    runKernel(base, kernel, args);
  };
  runChunks(op, { backend: getBackend(), chunks }, callerClaims ? runHere : undefined, () => { for (const copy of copies) copy(); });
  noteHelp(ranHere.some((here) => !here));
  remotes.forEach((remote, index) => {
    if (remote && !ranHere[index]) for (const [staged, own] of remote.back) own.set(staged);
  });
}

/**
 * Whether a single product splits into column panels rather than row panels: only when B is the
 * biggest of A, B and C (n > m, k > m). Each share reads all of the operand the split does not
 * cut (row panels: all of B; column panels: all of A), so the bigger of A and B is cut; but row
 * panels also leave each thread's rows of C where a split element-wise op on C finds them (a
 * weight gradient gᵀ·x and its optimizer update, below), so a C bigger than B is cut by rows.
 * In an MLP 784-256-10 b128 step that makes every thread work on the same rows of W1 in x·W1ᵀ
 * (columns), gᵀ·x (rows) and the update: the caller then waits 7-40 µs for the worker at the
 * end of x·W1ᵀ instead of 33-58 (medians), and the 2-thread step's best of 40 paired rounds
 * took 1.489, 1.541 and 1.525 ms in three runs, against 1.502, 1.570 and 1.563 with both
 * products by columns and the update whole (2026-12-04).
 * Column panels are written in place, rows n apart, so the output must be where workers write.
 */
function byColumns(m: number, k: number, n: number, out: TypedArray): boolean {
  return n > m && k > m && n >= 2 * MIN_PANEL_COLS && workersShareMemory() && addressOf(out) >= 0;
}

/**
 * Panels of a matmul for `threads` threads: by batches when `batch` > 0, else by `size` rows or
 * columns. A plain function: a closure made on every call shows in small training steps.
 */
function matmulParts(threads: number, batch: number, size: number, columns: boolean): number {
  if (batch > 0) return chunkCount(threads, batch, 1, MATMUL_CHUNKS_PER_THREAD);
  const [align, minimum] = columns ? [COL_ALIGN, MIN_PANEL_COLS] : [ROW_ALIGN, MIN_PANEL_ROWS];
  return chunkCount(threads, Math.floor(size / align), minimum / align, MATMUL_CHUNKS_PER_THREAD);
}

function parallelMatmul(base: Kernels): Kernels['matmul'] {
  return (a, b, out, batch, m, k, n, bias) => {
    const workers = workersFor(batch * m * k * n, thresholds.matmulWork);
    const byBatch = batch > 1;
    const columns = workers > 0 && !byBatch && byColumns(m, k, n, out);
    const parts = workers === 0 ? 1 : matmulParts(workers + 1, byBatch ? batch : -1, columns ? n : m, columns);
    if (parts < 2) {
      base.matmul(a, b, out, batch, m, k, n, bias);
      return;
    }
    // The wasm kernel writes every element of a float32 product; the cpu kernel adds into it, so
    // its staged output starts as zeros.
    const zero = !(getBackend() === 'wasm' && out instanceof Float32Array && a.data instanceof Float32Array && b.data instanceof Float32Array);
    // Every share adds the whole bias row to its rows of C, and a row share reads the whole of B:
    // each is staged once, by the first worker call that needs it.
    let remoteB: StridedView | undefined;
    let remoteBias: StridedView | undefined;
    const wholeB = (): StridedView => (remoteB ??= remoteView(b));
    const wholeBias = (): StridedView | undefined => (bias && (remoteBias ??= remoteView(bias)));
    const shares: Share[] = [];
    if (byBatch) {
      const points = splitPoints(batch, parts);
      for (let s = 0; s + 1 < points.length; s++) {
        const [t0, t1] = [points[s], points[s + 1]];
        const batches = (v: StridedView, rows: number, cols: number): StridedView => ({ ...v, shape: [t1 - t0, rows, cols], offset: v.offset + t0 * v.strides[0] });
        const own = out.subarray(t0 * m * n, t1 * m * n);
        shares.push({
          local: ['matmul', [batches(a, m, k), batches(b, k, n), own, t1 - t0, m, k, n, bias]],
          remote: () => {
            const { span, back } = remoteOutput(own, zero);
            return { call: ['matmul', [remoteView(batches(a, m, k)), remoteView(batches(b, k, n)), span, t1 - t0, m, k, n, wholeBias()]], back };
          },
        });
      }
    } else if (columns) {
      columnSplits.count++;
      // Column panels: every share reads all of A and its own columns of B (staged once each).
      let remoteA: StridedView | undefined;
      const wholeA = (): StridedView => (remoteA ??= remoteView(a));
      const points = splitPoints(n, parts, COL_ALIGN);
      for (let s = 0; s + 1 < points.length; s++) {
        const [j0, j1] = [points[s], points[s + 1]];
        const cols: StridedView = { ...b, shape: [1, k, j1 - j0], offset: b.offset + j0 * b.strides[2] };
        const biasCols = bias && { ...bias, shape: [j1 - j0], offset: bias.offset + j0 * bias.strides[0] };
        const own = out.subarray(j0, (m - 1) * n + j1);
        shares.push({
          local: ['matmul', [a, cols, own, 1, m, k, j1 - j0, biasCols, n]],
          remote: () => ({ call: ['matmul', [wholeA(), remoteView(cols), own, 1, m, k, j1 - j0, biasCols && remoteView(biasCols), n]], back: [] }),
        });
      }
    } else {
      const points = splitPoints(m, parts, ROW_ALIGN);
      for (let s = 0; s + 1 < points.length; s++) {
        const [i0, i1] = [points[s], points[s + 1]];
        const rows: StridedView = { ...a, shape: [1, i1 - i0, k], offset: a.offset + i0 * a.strides[1] };
        const own = out.subarray(i0 * n, i1 * n);
        shares.push({
          local: ['matmul', [rows, b, own, 1, i1 - i0, k, n, bias]],
          remote: () => {
            const { span, back } = remoteOutput(own, zero);
            return { call: ['matmul', [remoteView(rows), wholeB(), span, 1, i1 - i0, k, n, wholeBias()]], back };
          },
        });
      }
    }
    dispatch(base, 'matmul', shares);
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

/**
 * The element count from which a memory-bound call splits: `shared` (by default the element-wise
 * threshold) when no input needs staging.
 */
function elementThreshold(inputs: readonly TypedArray[], shared = thresholds.elements): number {
  return inputs.every(isSharedStorage) ? shared : thresholds.stagedElements;
}

/** True when no split can pay for a call writing `length` elements, whatever its inputs' storage. */
function tooSmallToSplit(length: number): boolean {
  return length < thresholds.elements && length < thresholds.stagedElements;
}

/** An element-wise kernel `(…views, out, …params)` split by ranges of `out`. */
function parallelMap(base: Kernels, kernel: 'unary' | 'unaryParam' | 'binary' | 'where', viewCount: number, head: number): (...args: KernelArgument[]) => void {
  return (...args) => {
    const prefix = args.slice(0, head);
    const views = args.slice(head, head + viewCount) as StridedView[];
    const out = args[head + viewCount] as TypedArray;
    const rest = args.slice(head + viewCount + 1);
    const workers = workersFor(out.length, elementThreshold(views.map((v) => v.data)));
    const parts = workers > 0 ? chunkCount(workers + 1, out.length, MIN_CHUNK_ELEMENTS) : 1;
    const pieces = parts > 1 ? splitViews(views, out.length, parts) : undefined;
    if (!pieces || pieces.length < 2) {
      runKernel(base, kernel, args);
      return;
    }
    dispatch(base, kernel, pieces.map(({ views: own, from, to }): Share => ({
      local: [kernel, [...prefix, ...own, out.subarray(from, to), ...rest]],
      remote: () => {
        const { span, back } = remoteOutput(out.subarray(from, to), false);
        return { call: [kernel, [...prefix, ...own.map(remoteView), span, ...rest]], back };
      },
    })));
  };
}

/** A `[outer, size, inner]` kernel split by ranges of `outer`. */
function parallelOuter(base: Kernels, kernel: 'reduce' | 'statistic' | 'scan' | 'softmax'): (...args: KernelArgument[]) => void {
  return (...args) => {
    const [op, x, outer, size, inner, out, extra] = args as [string, TypedArray, number, number, number, TypedArray, KernelArgument];
    const indices = kernel === 'reduce' && extra !== undefined ? (extra as Int32Array) : undefined;
    const workers = workersFor(x.length, elementThreshold([x]));
    const parts = workers > 0 && outer > 1 ? chunkCount(workers + 1, outer, Math.ceil(MIN_CHUNK_ELEMENTS / (size * inner))) : 1;
    if (parts < 2) {
      runKernel(base, kernel, args);
      return;
    }
    const block = size * inner;
    // Reductions keep `inner` outputs per outer index; scans and softmax keep the whole block.
    const outBlock = kernel === 'scan' || kernel === 'softmax' ? block : inner;
    const points = splitPoints(outer, parts);
    dispatch(base, kernel, points.slice(0, -1).map((o0, i): Share => {
      const o1 = points[i + 1];
      const input = x.subarray(o0 * block, o1 * block);
      const into = out.subarray(o0 * outBlock, o1 * outBlock);
      const at = indices?.subarray(o0 * inner, o1 * inner);
      const call = (from: TypedArray, to: TypedArray, where: TypedArray | undefined): Call => {
        const own: KernelArgument[] = [op, from, o1 - o0, size, inner, to];
        if (where) own.push(where);
        else if (kernel === 'statistic') own.push(extra);
        return [kernel, own];
      };
      return {
        local: call(input, into, at),
        remote: () => {
          const target = remoteOutput(into, false);
          const where = at && remoteOutput(at, false);
          return { call: call(remoteArray(input), target.span, where?.span), back: [...target.back, ...(where?.back ?? [])] };
        },
      };
    }));
  };
}

/**
 * The element-wise and row kernels, calling `base` straight away for calls too small to split (a
 * 2x2 add): the general wrappers' rest arguments, slices and storage checks cost more than the op.
 */
function smallFirst(base: Kernels): Pick<Kernels, 'reduce' | 'statistic' | 'softmax' | 'unary' | 'unaryParam' | 'binary' | 'where'> {
  const [unary, unaryParam, binary, where] = [
    parallelMap(base, 'unary', 1, 1), parallelMap(base, 'unaryParam', 1, 1), parallelMap(base, 'binary', 2, 1), parallelMap(base, 'where', 3, 0),
  ];
  const [reduce, statistic, softmax] = [parallelOuter(base, 'reduce'), parallelOuter(base, 'statistic'), parallelOuter(base, 'softmax')];
  return {
    reduce: (op, x, outer, size, inner, out, indices) => {
      if (tooSmallToSplit(x.length)) base.reduce(op, x, outer, size, inner, out, indices);
      else reduce(op, x, outer, size, inner, out, indices);
    },
    statistic: (op, x, outer, size, inner, out, param) => {
      if (tooSmallToSplit(x.length)) base.statistic(op, x, outer, size, inner, out, param);
      else statistic(op, x, outer, size, inner, out, param);
    },
    softmax: (op, x, outer, size, inner, out) => {
      if (tooSmallToSplit(x.length)) base.softmax(op, x, outer, size, inner, out);
      else softmax(op, x, outer, size, inner, out);
    },
    unary: (op, x, out) => {
      if (tooSmallToSplit(out.length)) base.unary(op, x, out);
      else unary(op, x, out);
    },
    unaryParam: (op, x, out, a, b) => {
      if (tooSmallToSplit(out.length)) base.unaryParam(op, x, out, a, b);
      else unaryParam(op, x, out, a, b);
    },
    binary: (op, a, b, out) => {
      if (tooSmallToSplit(out.length)) base.binary(op, a, b, out);
      else binary(op, a, b, out);
    },
    where: (cond, a, b, out) => {
      if (tooSmallToSplit(out.length)) base.where(cond, a, b, out);
      else where(cond, a, b, out);
    },
  };
}

/**
 * An optimizer update `(param, grad, ...state, hyper)` over contiguous arrays of one length,
 * split into one range per thread: every array but `grad` (argument 1) is updated in place.
 * One range each, not claimed chunks: a thread then updates the rows of a weight whose gradient
 * it wrote (row panels of gᵀ·x cut at the same row), and the update streams longer runs: at
 * 400k elements fusedSgd_ took 47.6 µs this way and 65.3 in chunks, fusedAdam_ 176 and 219.
 */
function parallelUpdate(base: Kernels, kernel: 'sgdStep' | 'adamStep'): (...args: KernelArgument[]) => void {
  return (...args) => {
    const threshold = kernel === 'sgdStep' ? thresholds.sgdElements : thresholds.adamElements;
    const hyper = args[args.length - 1];
    const arrays = args.slice(0, -1) as (TypedArray | undefined)[];
    const present = arrays.filter((x): x is TypedArray => x !== undefined);
    const param = present[0];
    const workers = workersFor(param.length, elementThreshold(present, threshold));
    const parts = workers > 0 ? Math.min(workers + 1, param.length) : 1;
    if (parts < 2) {
      runKernel(base, kernel, args);
      return;
    }
    const points = splitPoints(param.length, parts);
    dispatch(base, kernel, points.slice(0, -1).map((from, i): Share => {
      const to = points[i + 1];
      const own = arrays.map((x) => x?.subarray(from, to));
      return {
        local: [kernel, [...own, hyper]],
        remote: () => {
          const back: [TypedArray, TypedArray][] = [];
          const spans = own.map((x, index) => {
            if (x === undefined) return undefined;
            if (index === 1) return remoteArray(x);
            const staged = remoteInOut(x);
            back.push(...staged.back);
            return staged.span;
          });
          return { call: [kernel, [...spans, hyper]], back };
        },
      };
    }));
  };
}

/** The kernel table with the splittable kernels wrapped; the rest run as they are. */
function parallelKernels(base: Kernels): Kernels {
  return {
    ...base,
    matmul: parallelMatmul(base),
    ...smallFirst(base),
    scan: parallelOuter(base, 'scan'),
    sgdStep: parallelUpdate(base, 'sgdStep'),
    adamStep: parallelUpdate(base, 'adamStep'),
  };
}

// Workers load this module too (through the package entry) but run the plain kernels.
if ((globalThis as Record<symbol, unknown>)[Symbol.for('dl.threads.inWorker')] !== true) setKernelDecorator(parallelKernels);
