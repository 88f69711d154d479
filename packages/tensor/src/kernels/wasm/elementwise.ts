import type { TypedArray } from '../../dtype.js';
import type { BinaryOp, Kernels, UnaryOp } from '../registry.js';
import { gatherInto, isContiguousView, type StridedView } from '../strided.js';
import { elementwiseKernels } from '../cpu/elementwise.js';
import { reduce } from './reduce.js';
import { addressOf, heapF32, reserve, wasm, type WasmBinary, type WasmUnary } from './runtime.js';
import { A, B, CHUNK, SCRATCH_END } from './scratch.js';
import { softmax } from './softmax.js';

// Element-wise ops over float32 in WASM SIMD128 (elementwise.wat); reductions and softmax live in
// reduce.ts and softmax.ts.
// Storage resident in linear memory (made inside tidy(), memory/resident.ts) is handed to the
// kernel by address: no copy. JS typed arrays are streamed through scratch regions in chunks
// small enough to stay in L1/L2 (copy in, compute in place, copy out), so those copies run at
// cache speed and memory never grows with the input. A call with every operand resident is one
// kernel call over the whole length. The kernels work on whole f32x4 vectors, so a resident
// destination gets whole vectors only and the last n % 4 elements go through scratch.
// Strided float32 views are gathered into a dense array first, so a view and its contiguous copy
// always get the same arithmetic; other dtypes run on cpu.

const UNARY = new Set<UnaryOp>(['neg', 'abs', 'sqrt', 'square', 'reciprocal', 'floor', 'ceil', 'round', 'relu', 'exp', 'log', 'sigmoid', 'tanh', 'erf']);
const BINARY = new Set<BinaryOp>(['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'reluBackward']);

/**
 * Below this many elements the copies through linear memory cost more than the JS loop, so ops
 * whose float32 result is exactly rounded either way (the binary ops here, and the unary ones
 * without a polynomial approximation) run on cpu: same bits, less overhead (a 2x2 add).
 */
const SMALL = 64;
const EXACT_UNARY = new Set<UnaryOp>(['neg', 'abs', 'sqrt', 'square', 'reciprocal', 'floor', 'ceil', 'round', 'relu']);

function isScalarView(x: StridedView): boolean {
  return x.strides.every((s) => s === 0);
}

const unary: Kernels['unary'] = (op, x, out) => {
  const exports = wasm();
  if (!exports || !UNARY.has(op) || !(x.data instanceof Float32Array) || !(out instanceof Float32Array) ||
    (out.length < SMALL && EXACT_UNARY.has(op))) {
    elementwiseKernels.unary(op, x, out);
    return;
  }
  streamUnary(exports.elementwise[op as WasmUnary], x, out);
};

const unaryParam: Kernels['unaryParam'] = (op, x, out, a, b) => {
  const exports = wasm();
  if (!exports || op !== 'leakyRelu' || !(x.data instanceof Float32Array) || !(out instanceof Float32Array) || out.length < SMALL) {
    elementwiseKernels.unaryParam(op, x, out, a, b);
    return;
  }
  const f = exports.elementwise.leakyRelu;
  streamUnary((src, dst, n) => { f(src, dst, n, a); }, x, out);
};

/**
 * Computes `out` from float32 `x` with `f(src, dst, count)`: resident operands in place, JS ones
 * streamed through region A chunk by chunk.
 */
function streamUnary(f: (src: number, dst: number, n: number) => void, x: StridedView, out: Float32Array): void {
  let source = x.data as Float32Array;
  let offset = x.offset;
  if (!isContiguousView(x.shape, x.strides)) {
    // The gathered values go to `out` itself; every chunk is read before it is overwritten.
    gatherInto(x, out);
    source = out;
    offset = 0;
  }
  const base = addressOf(source);
  const src = base < 0 ? -1 : base + offset * 4;
  const dst = addressOf(out);
  reserve(SCRATCH_END);
  const heap = heapF32();
  const n = out.length;
  const body = src < 0 && dst < 0 ? n : n - (n % 4);
  const step = src >= 0 && dst >= 0 ? body : CHUNK;
  for (let i = 0; i < body; i += step) {
    const c = Math.min(step, body - i);
    if (src < 0) heap.set(source.subarray(offset + i, offset + i + c), A / 4);
    f(src < 0 ? A : src + i * 4, dst < 0 ? A : dst + i * 4, c);
    if (dst < 0) out.set(heap.subarray(A / 4, A / 4 + c), i);
  }
  if (body < n) {
    heap.set(source.subarray(offset + body, offset + n), A / 4);
    f(A, A, n - body);
    out.set(heap.subarray(A / 4, A / 4 + n - body), body);
  }
}

/**
 * A binary operand as the chunk loop reads it: one value filling a whole region (a broadcast
 * scalar), or dense storage (strided views are gathered first) at `address` in linear memory
 * when resident (-1: streamed chunk by chunk).
 */
interface Operand { mode: 'dense' | 'scalar'; data: Float32Array; offset: number; address: number }

function operand(x: StridedView, n: number): Operand {
  const data = x.data as Float32Array;
  if (isContiguousView(x.shape, x.strides)) {
    const base = addressOf(data);
    return { mode: 'dense', data, offset: x.offset, address: base < 0 ? -1 : base + x.offset * 4 };
  }
  if (isScalarView(x)) return { mode: 'scalar', data, offset: x.offset, address: -1 };
  const dense = new Float32Array(n);
  gatherInto(x, dense);
  return { mode: 'dense', data: dense, offset: 0, address: -1 };
}

const binary: Kernels['binary'] = (op, a, b, out) => {
  const exports = wasm();
  if (!exports || !streamsBinary(a, b, out) || !BINARY.has(op)) {
    elementwiseKernels.binary(op, a, b, out);
    return;
  }
  streamBinary(exports.elementwise[op as WasmBinary], a, b, out as Float32Array);
};

const binaryParam: Kernels['binaryParam'] = (op, a, b, out, param) => {
  const exports = wasm();
  if (!exports || !streamsBinary(a, b, out)) {
    elementwiseKernels.binaryParam(op, a, b, out, param);
    return;
  }
  const f = exports.elementwise[op];
  streamBinary((x, y, dst, n) => { f(x, y, dst, n, param); }, a, b, out as Float32Array);
};

/** True when a binary kernel on these operands runs in wasm: float32 throughout, not tiny, not all scalars. */
function streamsBinary(a: StridedView, b: StridedView, out: TypedArray): boolean {
  return out.length >= SMALL && a.data instanceof Float32Array && b.data instanceof Float32Array && out instanceof Float32Array &&
    !(isScalarView(a) && isScalarView(b));
}

/**
 * Computes `out` from float32 `a` and `b` with `f(a, b, dst, count)`: resident operands in place,
 * JS ones streamed through regions A and B chunk by chunk, broadcast scalars filling theirs once.
 */
function streamBinary(f: (a: number, b: number, dst: number, n: number) => void, a: StridedView, b: StridedView, out: Float32Array): void {
  const n = out.length;
  const x = operand(a, n);
  const y = operand(b, n);
  const dst = addressOf(out);
  reserve(SCRATCH_END);
  const heap = heapF32();
  // A scalar operand fills its region once; a result not written in place goes to the region of
  // the first operand unless that holds a scalar (a resident operand leaves its region free).
  const region = Math.min(CHUNK, n);
  if (x.mode === 'scalar') heap.fill(x.data[x.offset], A / 4, A / 4 + region);
  if (y.mode === 'scalar') heap.fill(y.data[y.offset], B / 4, B / 4 + region);
  const scratchDst = x.mode === 'dense' ? A : B;
  const direct = x.address >= 0 || y.address >= 0 || dst >= 0;
  const body = direct ? n - (n % 4) : n;
  const step = x.address >= 0 && y.address >= 0 && dst >= 0 ? body : CHUNK;
  for (let i = 0; i < body; i += step) {
    const c = Math.min(step, body - i);
    if (streamed(x)) heap.set(x.data.subarray(x.offset + i, x.offset + i + c), A / 4);
    if (streamed(y)) heap.set(y.data.subarray(y.offset + i, y.offset + i + c), B / 4);
    f(x.address < 0 ? A : x.address + i * 4, y.address < 0 ? B : y.address + i * 4, dst < 0 ? scratchDst : dst + i * 4, c);
    if (dst < 0) out.set(heap.subarray(scratchDst / 4, scratchDst / 4 + c), i);
  }
  if (body < n) {
    // The last n % 4 elements, through the regions whatever their storage.
    if (x.mode === 'dense') heap.set(x.data.subarray(x.offset + body, x.offset + n), A / 4);
    if (y.mode === 'dense') heap.set(y.data.subarray(y.offset + body, y.offset + n), B / 4);
    f(A, B, scratchDst, n - body);
    out.set(heap.subarray(scratchDst / 4, scratchDst / 4 + n - body), body);
  }
}

/** Whether `z` is a JS array streamed through its region (not resident, not a broadcast scalar); module level, not a per-call closure. */
function streamed(z: Operand): boolean {
  return z.mode === 'dense' && z.address < 0;
}

/** The wasm backend's element-wise, reduction and softmax kernels (cpu for the rest). */
export const elementwiseWasmKernels: Pick<Kernels, 'unary' | 'unaryParam' | 'binary' | 'binaryParam' | 'reduce' | 'softmax'> = {
  unary, unaryParam, binary, binaryParam, reduce, softmax,
};

