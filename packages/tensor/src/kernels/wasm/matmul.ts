import type { Kernels } from '../registry.js';
import type { StridedView } from '../strided.js';
import { matmul as cpuMatmul } from '../cpu/matmul.js';
import { scratchBlock } from './heap.js';
import { addressOf, align16, heapF32, wasm } from './runtime.js';

// float32 GEMM in WASM SIMD128 (gemm.wat), blocked as GotoBLAS/BLIS: for each KC x NC block of
// B, packed once into 8-column panels, every MC x KC block of A is packed into 4-row panels (each
// value splatted to a v128) and the 4 x 8 micro-kernel sweeps the block. Packing reads any
// strides, so A·B, A·Bᵀ and Aᵀ·B (and sliced or broadcast batches) run the same kernel, with no
// transposed copy.
// NOTE: products are summed in float32 (the cpu kernel sums in doubles), so results differ
// from cpu by float32 rounding: about sqrt(k) * 2^-24 relative to sum(|a| * |b|).

/** Register tile (fixed by gemm.wat). */
const MR = 4;
const NR = 8;
/** Depth of a block: a packed B micro-panel (KC * NR floats = 8 KiB) stays in L1. */
const KC = 256;
/** Rows of A packed at once: MC * KC values, splatted to 16 bytes each (256 KiB), stay in L2. */
const MC = 64;
/** Columns of B packed at once: KC * NC floats = 2 MiB, reused by every A block. */
const NC = 2048;

/**
 * Scratch bytes a call needs when all its operands and its output are resident: the tile, the
 * packed A block and the packed B panel at their largest (a pool worker's fixed block).
 */
export const MATMUL_PANEL_BYTES = align16(MR * NR * 4) + align16(MC * KC * 16) + align16(KC * NC * 4);

/** Where one matrix of a batch sits in linear memory (resident, or after its copy-in). */
interface Placed {
  /** Byte address of element (0, 0). */
  readonly base: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** First and last storage index a `rows x cols` matrix starting at `start` touches. */
function extent(start: number, rows: number, cols: number, rowStride: number, colStride: number): [number, number] {
  const r = (rows - 1) * rowStride;
  const c = (cols - 1) * colStride;
  return [start + Math.min(0, r) + Math.min(0, c), start + Math.max(0, r) + Math.max(0, c)];
}

/** Splits `size` into the fewest blocks of at most `limit`, of equal length rounded up to `multiple`. */
function blockSize(size: number, limit: number, multiple: number): number {
  const blocks = Math.ceil(size / limit);
  return Math.ceil(size / blocks / multiple) * multiple;
}

/**
 * Batched float32 matmul. Operands resident in linear memory are packed straight from where
 * they are, and a resident `out` is written in place; the others are copied in (the span each
 * matrix's view touches, one `set`) and the product copied out. A batch-broadcast operand
 * (batch stride 0) is copied once. Both paths pack the same values, so results are the same
 * bits. `out` need not be zero-filled: every element of it is written. With a bias, C starts
 * as copies of the bias row and every block adds to it, so the bias costs no pass of its own.
 * Other dtypes run on the cpu kernel.
 */
export const matmul: Kernels['matmul'] = (a, b, out, batch, m, k, n, bias, outStride = n) => {
  const exports = wasm();
  if (
    !exports || !(out instanceof Float32Array) || !(a.data instanceof Float32Array) || !(b.data instanceof Float32Array) ||
    (bias && !(bias.data instanceof Float32Array))
  ) {
    cpuMatmul(a, b, out, batch, m, k, n, bias, outStride);
    return;
  }
  if (m === 0 || n === 0) return;
  if (k === 0) {
    for (let row = 0; row < batch * m; row++) {
      if (bias) fillRows(out, bias, row * outStride, 1, n);
      else out.fill(0, row * outStride, row * outStride + n);
    }
    return;
  }
  const gemm = exports.gemm;
  // NOTE: equal blocks rather than full ones plus a remainder: k = 784 runs as 4 x 196, not
  // 3 x 256 + 16, whose last pass would load and store all of C for 16 steps of work.
  const kc0 = blockSize(k, KC, 1);
  const mc0 = blockSize(m, MC, MR);
  const nc0 = blockSize(n, NC, NR);
  const [aAt, bAt, outAt] = [addressOf(a.data), addressOf(b.data), addressOf(out)];
  // A resident output is written where it is, rows outStride apart; else C is built dense in scratch.
  const ldc = outAt < 0 ? n : outStride;
  // The call's regions, as offsets into this thread's scratch block: copies only of what is not resident.
  const packAAt = align16(MR * NR * 4);
  const packBAt = align16(packAAt + mc0 * kc0 * 16);
  const aCopyAt = align16(packBAt + kc0 * nc0 * 4);
  const bCopyAt = align16(aCopyAt + (aAt < 0 ? span(a, m, k) * 4 : 0));
  const cAt = align16(bCopyAt + (bAt < 0 ? span(b, k, n) * 4 : 0));
  const tile = scratchBlock(cAt + (outAt < 0 ? m * n * 4 : 0));
  const [packA, packB, aCopy, bCopy] = [packAAt, packBAt, aCopyAt, bCopyAt].map((at) => tile + at);
  const heap = heapF32();
  let aPlaced: Placed | null = null;
  let bPlaced: Placed | null = null;
  for (let t = 0; t < batch; t++) {
    if (!aPlaced || a.strides[0] !== 0) aPlaced = aAt < 0 ? place(heap, a, t, m, k, aCopy) : inPlace(a, t, aAt);
    if (!bPlaced || b.strides[0] !== 0) bPlaced = bAt < 0 ? place(heap, b, t, k, n, bCopy) : inPlace(b, t, bAt);
    const cBase = outAt < 0 ? tile + cAt : outAt + t * m * ldc * 4;
    if (bias) fillRows(heap, bias, cBase / 4, m, n, ldc);
    for (let j0 = 0; j0 < n; j0 += nc0) {
      const nc = Math.min(nc0, n - j0);
      for (let p0 = 0; p0 < k; p0 += kc0) {
        const kc = Math.min(kc0, k - p0);
        gemm.packB(bPlaced.base + (p0 * bPlaced.rowStride + j0 * bPlaced.colStride) * 4, bPlaced.rowStride, bPlaced.colStride, kc, nc, packB);
        for (let i0 = 0; i0 < m; i0 += mc0) {
          const mc = Math.min(mc0, m - i0);
          gemm.packA(aPlaced.base + (i0 * aPlaced.rowStride + p0 * aPlaced.colStride) * 4, aPlaced.rowStride, aPlaced.colStride, mc, kc, packA);
          gemm.gemmBlock(mc, nc, kc, packA, packB, cBase + (i0 * ldc + j0) * 4, ldc, p0 > 0 || bias ? 1 : 0, tile);
        }
      }
    }
    if (outAt < 0 && outStride === n) out.set(heap.subarray(cBase / 4, cBase / 4 + m * n), t * m * n);
    else if (outAt < 0) for (let i = 0; i < m; i++) out.set(heap.subarray(cBase / 4 + i * n, cBase / 4 + (i + 1) * n), (t * m + i) * outStride);
  }
};

/**
 * Writes the bias row into `rows` rows of length n, `ld` apart, starting at `at`: dense rows by
 * doubling the copied span, rows of a column panel one by one.
 */
function fillRows(target: Float32Array, bias: StridedView, at: number, rows: number, n: number, ld = n): void {
  const { data, offset } = bias;
  const [stride] = bias.strides;
  if (stride === 1) target.set(data.subarray(offset, offset + n), at);
  else for (let j = 0; j < n; j++) target[at + j] = data[offset + j * stride];
  if (ld !== n) {
    for (let row = 1; row < rows; row++) target.copyWithin(at + row * ld, at, at + n);
    return;
  }
  for (let done = 1; done < rows; done *= 2) {
    target.copyWithin(at + done * n, at, at + Math.min(done, rows - done) * n);
  }
}

/** Elements spanned by the largest matrix of a 3-d view (all matrices have the same span). */
function span(view: StridedView, rows: number, cols: number): number {
  const [first, last] = extent(0, rows, cols, view.strides[1], view.strides[2]);
  return last - first + 1;
}

/** Copies matrix `t` of `view` into linear memory at byte `at` and says where it landed. */
function place(heap: Float32Array, view: StridedView, t: number, rows: number, cols: number, at: number): Placed {
  const [, rowStride, colStride] = view.strides;
  const start = view.offset + t * view.strides[0];
  const [first, last] = extent(start, rows, cols, rowStride, colStride);
  heap.set(view.data.subarray(first, last + 1), at / 4);
  return { base: at + (start - first) * 4, rowStride, colStride };
}

/** Where matrix `t` of a resident view (its storage at byte `address`) already sits. */
function inPlace(view: StridedView, t: number, address: number): Placed {
  const [, rowStride, colStride] = view.strides;
  return { base: address + (view.offset + t * view.strides[0]) * 4, rowStride, colStride };
}
