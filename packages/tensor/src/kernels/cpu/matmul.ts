import type { TypedArray } from '../../dtype.js';
import type { Kernels } from '../registry.js';
import type { StridedView } from '../strided.js';

// A cache-blocked matmul in the GotoBLAS/BLIS loop order. Blocks of A and B are copied
// ("packed") into contiguous Float64Arrays in the exact order the micro-kernel reads them, so
// any input strides (transposed, sliced, broadcast) are paid for once per block, and the hot
// loop only walks two dense arrays. Products accumulate in JS doubles for every float dtype.

/** Register tile: the micro-kernel keeps MR x NR sums of C in locals while it walks k. */
const MR = 8;
const NR = 8;
/** log2(NR), for panel arithmetic in packB. */
const NR_SHIFT = 3;
/** Depth of a block: one packed B micro-panel (KC * NR doubles = 16 KiB) stays in L1. */
const KC = 256;
/** Rows of A packed at once: MC * KC doubles = 256 KiB, so the A block stays in L2. */
const MC = 128;
/** Columns of B packed at once: KC * NC doubles = 2 MiB, reused by every A block. */
const NC = 1024;
/** Below this many multiply-adds, packing costs more than it saves: use plain loops. */
const SMALL_WORK = 8 * 8 * 8 * 8;

/** One matrix of a batch: storage, where it starts and how to step over rows and columns. */
interface Matrix {
  readonly data: TypedArray;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** Matrix `t` of a 3-d `[batch, rows, cols]` view; a broadcast batch has stride 0. */
function matrixAt(view: StridedView, t: number): Matrix {
  const [batchStride, rowStride, colStride] = view.strides;
  return { data: view.data, offset: view.offset + t * batchStride, rowStride, colStride };
}

/**
 * Batched `out[t] = a[t] @ b[t] (+ bias)` over `[batch, m, k]` and `[batch, k, n]` views of any
 * strides. The bias is added after the product, in a second pass (the fused pass is wasm's).
 */
export const matmul: Kernels['matmul'] = (a, b, out, batch, m, k, n, bias, outStride = n) => {
  if (outStride !== n) {
    // A column panel of a wider product: compute it dense, then place its rows.
    const dense = new (out.constructor as new (length: number) => TypedArray)(batch * m * n);
    matmul(a, b, dense, batch, m, k, n, bias);
    for (let row = 0; row < batch * m; row++) out.set(dense.subarray(row * n, (row + 1) * n), row * outStride);
    return;
  }
  product(a, b, out, batch, m, k, n);
  if (bias) addRows(out, bias, batch * m, n);
};

/** `out[r, :] += bias` for each of `rows` rows of length n. */
function addRows(out: TypedArray, bias: StridedView, rows: number, n: number): void {
  const { data, offset } = bias;
  const [stride] = bias.strides;
  for (let r = 0; r < rows; r++) {
    const row = r * n;
    for (let j = 0; j < n; j++) out[row + j] += data[offset + j * stride];
  }
}

/** `out[t] = a[t] @ b[t]` for every t: the kernel without its bias. */
function product(a: StridedView, b: StridedView, out: TypedArray, batch: number, m: number, k: number, n: number): void {
  if (m === 0 || n === 0 || k === 0) return; // `out` arrives zero-filled: nothing to add
  if (out instanceof Int32Array) {
    for (let t = 0; t < batch; t++) matmulInt32(matrixAt(a, t), matrixAt(b, t), out, t * m * n, m, k, n);
    return;
  }
  // Matrix-vector shapes and tiny products do not amortize packing; plain loops do fine there.
  if (m * k * n <= SMALL_WORK || m === 1 || n === 1) {
    for (let t = 0; t < batch; t++) matmulDirect(matrixAt(a, t), matrixAt(b, t), out, t * m * n, m, k, n);
    return;
  }
  // NOTE: C accumulates across k blocks, so a float32 `out` gets a float64 scratch C and is
  // rounded once at the end; a float64 `out` is accumulated in place.
  const c = out instanceof Float64Array ? out : new Float64Array(m * n);
  const workspace = workspaceFor(m, k, n);
  for (let t = 0; t < batch; t++) {
    const cOffset = c === out ? t * m * n : 0;
    if (c !== out && t > 0) c.fill(0);
    gemm(matrixAt(a, t), matrixAt(b, t), c, cOffset, m, k, n, workspace);
    if (c !== out) out.set(c, t * m * n);
  }
}

/**
 * Small products and matrix-vector shapes, without packing, summing in doubles. B is walked
 * along whichever direction is contiguous, so a row vector times a wide matrix streams rows.
 */
function matmulDirect(a: Matrix, b: Matrix, out: TypedArray, outOffset: number, m: number, k: number, n: number): void {
  if (n > 1 && b.colStride === 1) rowTimesMatrix(a, b, out, outOffset, m, k, n);
  else dotProducts(a, b, out, outOffset, m, k, n);
}

/** `out[i, :] = sum_p a[i, p] * b[p, :]`, accumulating each output row in a Float64Array. */
function rowTimesMatrix(a: Matrix, b: Matrix, out: TypedArray, outOffset: number, m: number, k: number, n: number): void {
  const { data: ad, rowStride: aRow, colStride: aCol } = a;
  const { data: bd, rowStride: bRow } = b;
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let p = 0; p < k; p++) {
      const av = ad[a.offset + i * aRow + p * aCol];
      const row = b.offset + p * bRow;
      for (let j = 0; j < n; j++) acc[j] += av * bd[row + j];
    }
    out.set(acc, outOffset + i * n);
  }
}

/** `out[i, j] = dot(a[i, :], b[:, j])`, one double sum per output. */
function dotProducts(a: Matrix, b: Matrix, out: TypedArray, outOffset: number, m: number, k: number, n: number): void {
  const { data: ad, rowStride: aRow, colStride: aCol } = a;
  const { data: bd, rowStride: bRow, colStride: bCol } = b;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let pa = a.offset + i * aRow;
      let pb = b.offset + j * bCol;
      for (let p = 0; p < k; p++) {
        sum += ad[pa] * bd[pb];
        pa += aCol;
        pb += bRow;
      }
      out[outOffset + i * n + j] = sum;
    }
  }
}

/**
 * int32 matmul with int32 wraparound, as PyTorch's integer matmul: row by row, each output
 * row accumulated in an Int32Array while B is walked along its rows (cache-friendly).
 * NOTE: `Math.imul` and `| 0` keep every step exact; a double product of two large int32
 * values would round before the wraparound.
 */
function matmulInt32(a: Matrix, b: Matrix, out: Int32Array, outOffset: number, m: number, k: number, n: number): void {
  const { data: ad, rowStride: aRow, colStride: aCol } = a;
  const { data: bd, rowStride: bRow, colStride: bCol } = b;
  const acc = new Int32Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let p = 0; p < k; p++) {
      const av = ad[a.offset + i * aRow + p * aCol];
      let pb = b.offset + p * bRow;
      for (let j = 0; j < n; j++) {
        acc[j] = (acc[j] + Math.imul(av, bd[pb])) | 0;
        pb += bCol;
      }
    }
    out.set(acc, outOffset + i * n);
  }
}

/** Packing buffers plus a scratch tile for edge tiles narrower than MR x NR. */
interface Workspace {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly tile: Float64Array;
}

let cached: Workspace = { a: new Float64Array(0), b: new Float64Array(0), tile: new Float64Array(MR * NR) };

/**
 * Packing buffers big enough for this problem, kept between calls (at most MC*KC + KC*NC
 * doubles, 2.3 MiB) so that small products do not pay for allocating and zeroing them.
 */
function workspaceFor(m: number, k: number, n: number): Workspace {
  const kc = Math.min(KC, k);
  const aSize = Math.min(MC, roundUp(m, MR)) * kc;
  const bSize = kc * Math.min(NC, roundUp(n, NR));
  if (cached.a.length < aSize || cached.b.length < bSize) {
    cached = {
      a: new Float64Array(Math.max(aSize, cached.a.length)),
      b: new Float64Array(Math.max(bSize, cached.b.length)),
      tile: cached.tile,
    };
  }
  return cached;
}

function roundUp(x: number, multiple: number): number {
  return Math.ceil(x / multiple) * multiple;
}

/** `c += a @ b` for one matrix pair, block by block; `c` is row-major with row length n. */
function gemm(a: Matrix, b: Matrix, c: Float64Array, cOffset: number, m: number, k: number, n: number, ws: Workspace): void {
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      packB(b, p0, kc, j0, nc, ws.b);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packA(a, i0, mc, p0, kc, ws.a);
        macroKernel(ws, c, cOffset + i0 * n + j0, n, mc, nc, kc);
      }
    }
  }
}

/**
 * Copies rows i0..i0+mc, columns p0..p0+kc of A as MR-row panels, each stored column after
 * column (`dst[panel + p * MR + r]`); rows past the edge are zero so every panel is full.
 */
function packA(a: Matrix, i0: number, mc: number, p0: number, kc: number, dst: Float64Array): void {
  const { data, rowStride, colStride } = a;
  for (let ir = 0, panel = 0; ir < mc; ir += MR, panel += MR * kc) {
    for (let r = 0; r < MR; r++) {
      if (ir + r >= mc) {
        for (let p = 0; p < kc; p++) dst[panel + p * MR + r] = 0;
        continue;
      }
      let src = a.offset + (i0 + ir + r) * rowStride + p0 * colStride;
      for (let p = 0; p < kc; p++, src += colStride) dst[panel + p * MR + r] = data[src];
    }
  }
}

/**
 * Copies rows p0..p0+kc, columns j0..j0+nc of B as NR-column panels, each stored row after
 * row (`dst[panel + p * NR + col]`); columns past the edge are zero.
 */
function packB(b: Matrix, p0: number, kc: number, j0: number, nc: number, dst: Float64Array): void {
  const { data, rowStride, colStride } = b;
  const panelSize = NR * kc;
  // One long pass along each row of B (contiguous in the usual layout), scattering into the
  // panels: a loop per 8-wide panel row spent about as long in loop overhead as in copying.
  for (let p = 0; p < kc; p++) {
    let src = b.offset + (p0 + p) * rowStride + j0 * colStride;
    for (let j = 0; j < nc; j++) {
      dst[(j >> NR_SHIFT) * panelSize + p * NR + (j & (NR - 1))] = data[src];
      src += colStride;
    }
  }
  const lastCols = nc % NR;
  if (lastCols === 0) return;
  const lastPanel = (nc >> NR_SHIFT) * panelSize;
  for (let p = 0; p < kc; p++) dst.fill(0, lastPanel + p * NR + lastCols, lastPanel + (p + 1) * NR);
}

/** Runs the micro-kernel over every MR x NR tile of an mc x nc block of C. */
function macroKernel(ws: Workspace, c: Float64Array, cStart: number, ldc: number, mc: number, nc: number, kc: number): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = Math.min(MR, mc - ir);
      const cTile = cStart + ir * ldc + jr;
      if (rows === MR && cols === NR) {
        microKernel(kc, ws.a, ir * kc, ws.b, jr * kc, c, cTile, ldc);
      } else {
        // Edge tile: compute the full (zero-padded) tile aside and add only the valid part.
        ws.tile.fill(0);
        microKernel(kc, ws.a, ir * kc, ws.b, jr * kc, ws.tile, 0, NR);
        for (let r = 0; r < rows; r++) {
          for (let col = 0; col < cols; col++) c[cTile + r * ldc + col] += ws.tile[r * NR + col];
        }
      }
    }
  }
}

/**
 * `C[8x8 tile] += Apanel @ Bpanel` over depth kc, the only O(n^3) loop.
 * NOTE: 64 named accumulators look wasteful (x86 has 16 float registers, so V8 spills most),
 * but each k step then does 16 bounds-checked loads for 128 flops; on this machine's V8 an 8x8
 * tile measured faster than 4x4 (8 loads per 32 flops) and 4x8. Re-measure before changing.
 */
// prettier-ignore -- one row of the 8x8 tile per line keeps the pattern checkable by eye
function microKernel(kc: number, ap: Float64Array, ai: number, bp: Float64Array, bi: number, c: Float64Array, ci: number, ldc: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
  let c40 = 0, c41 = 0, c42 = 0, c43 = 0, c44 = 0, c45 = 0, c46 = 0, c47 = 0;
  let c50 = 0, c51 = 0, c52 = 0, c53 = 0, c54 = 0, c55 = 0, c56 = 0, c57 = 0;
  let c60 = 0, c61 = 0, c62 = 0, c63 = 0, c64 = 0, c65 = 0, c66 = 0, c67 = 0;
  let c70 = 0, c71 = 0, c72 = 0, c73 = 0, c74 = 0, c75 = 0, c76 = 0, c77 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
    const a4 = ap[ai + 4], a5 = ap[ai + 5], a6 = ap[ai + 6], a7 = ap[ai + 7];
    const b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
    const b4 = bp[bi + 4], b5 = bp[bi + 5], b6 = bp[bi + 6], b7 = bp[bi + 7];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3; c04 += a0 * b4; c05 += a0 * b5; c06 += a0 * b6; c07 += a0 * b7;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3; c14 += a1 * b4; c15 += a1 * b5; c16 += a1 * b6; c17 += a1 * b7;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3; c24 += a2 * b4; c25 += a2 * b5; c26 += a2 * b6; c27 += a2 * b7;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3; c34 += a3 * b4; c35 += a3 * b5; c36 += a3 * b6; c37 += a3 * b7;
    c40 += a4 * b0; c41 += a4 * b1; c42 += a4 * b2; c43 += a4 * b3; c44 += a4 * b4; c45 += a4 * b5; c46 += a4 * b6; c47 += a4 * b7;
    c50 += a5 * b0; c51 += a5 * b1; c52 += a5 * b2; c53 += a5 * b3; c54 += a5 * b4; c55 += a5 * b5; c56 += a5 * b6; c57 += a5 * b7;
    c60 += a6 * b0; c61 += a6 * b1; c62 += a6 * b2; c63 += a6 * b3; c64 += a6 * b4; c65 += a6 * b5; c66 += a6 * b6; c67 += a6 * b7;
    c70 += a7 * b0; c71 += a7 * b1; c72 += a7 * b2; c73 += a7 * b3; c74 += a7 * b4; c75 += a7 * b5; c76 += a7 * b6; c77 += a7 * b7;
    // NOTE: stepping here rather than in the for(;;p++, ai += MR) header measured ~15% faster (V8 11).
    ai += MR;
    bi += NR;
  }
  c[ci] += c00; c[ci + 1] += c01; c[ci + 2] += c02; c[ci + 3] += c03; c[ci + 4] += c04; c[ci + 5] += c05; c[ci + 6] += c06; c[ci + 7] += c07;
  ci += ldc;
  c[ci] += c10; c[ci + 1] += c11; c[ci + 2] += c12; c[ci + 3] += c13; c[ci + 4] += c14; c[ci + 5] += c15; c[ci + 6] += c16; c[ci + 7] += c17;
  ci += ldc;
  c[ci] += c20; c[ci + 1] += c21; c[ci + 2] += c22; c[ci + 3] += c23; c[ci + 4] += c24; c[ci + 5] += c25; c[ci + 6] += c26; c[ci + 7] += c27;
  ci += ldc;
  c[ci] += c30; c[ci + 1] += c31; c[ci + 2] += c32; c[ci + 3] += c33; c[ci + 4] += c34; c[ci + 5] += c35; c[ci + 6] += c36; c[ci + 7] += c37;
  ci += ldc;
  c[ci] += c40; c[ci + 1] += c41; c[ci + 2] += c42; c[ci + 3] += c43; c[ci + 4] += c44; c[ci + 5] += c45; c[ci + 6] += c46; c[ci + 7] += c47;
  ci += ldc;
  c[ci] += c50; c[ci + 1] += c51; c[ci + 2] += c52; c[ci + 3] += c53; c[ci + 4] += c54; c[ci + 5] += c55; c[ci + 6] += c56; c[ci + 7] += c57;
  ci += ldc;
  c[ci] += c60; c[ci + 1] += c61; c[ci + 2] += c62; c[ci + 3] += c63; c[ci + 4] += c64; c[ci + 5] += c65; c[ci + 6] += c66; c[ci + 7] += c67;
  ci += ldc;
  c[ci] += c70; c[ci + 1] += c71; c[ci + 2] += c72; c[ci + 3] += c73; c[ci + 4] += c74; c[ci + 5] += c75; c[ci + 6] += c76; c[ci + 7] += c77;
}
