import type { TypedArray } from '../../dtype.js';
import { windowKernels as cpu } from '../cpu/window.js';
import type { Window2d, WindowKernels } from '../window.js';
import { scratchBlock } from './heap.js';
import { align16, heapF32, wasm, type WasmExports } from './runtime.js';

// Convolution's im2col/col2im and pooling over float32 in WASM (window.wat). Operands are copied
// into scratch linear memory (reused by every call, grown only when a call needs more), the
// kernel runs there and the result is copied out; float64 and engines without wasm use cpu's.
// The loops add in the cpu kernels' order, so both backends give the same bits.

/** Bytes of the geometry block: 14 i32 fields (window.wat reads them in Window2d's order). */
const GEOMETRY_BYTES = 64;

/** The window exports when every array is float32 and wasm is ready; null sends the call to cpu. */
function exportsFor(...arrays: TypedArray[]): WasmExports['window'] | null {
  const exports = wasm();
  if (!exports || !arrays.every((a) => a instanceof Float32Array)) return null;
  return exports.window;
}

/** Lays out regions of `sizes[i]` bytes after the geometry in the scratch block and writes `g`; returns the geometry's address and the regions'. */
function layout(g: Window2d, ...sizes: number[]): [number, number[]] {
  const at: number[] = [];
  let end = GEOMETRY_BYTES;
  for (const size of sizes) {
    at.push(end);
    end = align16(end + size);
  }
  const base = scratchBlock(end);
  const fields = [g.batch, g.channels, g.height, g.width, g.outHeight, g.outWidth, g.kernelH, g.kernelW];
  fields.push(g.strideH, g.strideW, g.padTop, g.padLeft, g.dilationH, g.dilationW);
  new Int32Array(heapF32().buffer, base, fields.length).set(fields);
  return [base, at.map((offset) => base + offset)];
}

const im2col: WindowKernels['im2col'] = (x, g, out) => {
  const window = exportsFor(x, out);
  if (!window) {
    cpu.im2col(x, g, out);
    return;
  }
  const [geometry, [xAt, outAt]] = layout(g, x.length * 4, out.length * 4);
  const heap = heapF32();
  heap.set(x, xAt / 4);
  window.im2col(geometry, xAt, outAt);
  out.set(heap.subarray(outAt / 4, outAt / 4 + out.length));
};

const col2im: WindowKernels['col2im'] = (cols, g, out) => {
  const window = exportsFor(cols, out);
  if (!window) {
    cpu.col2im(cols, g, out);
    return;
  }
  const [geometry, [colsAt, outAt]] = layout(g, cols.length * 4, out.length * 4);
  const heap = heapF32();
  heap.set(cols, colsAt / 4);
  heap.set(out, outAt / 4);
  window.col2im(geometry, colsAt, outAt);
  out.set(heap.subarray(outAt / 4, outAt / 4 + out.length));
};

const maxPool2d: WindowKernels['maxPool2d'] = (x, g, out, indices) => {
  const window = exportsFor(x, out);
  if (!window) {
    cpu.maxPool2d(x, g, out, indices);
    return;
  }
  const [geometry, [xAt, outAt, indicesAt]] = layout(g, x.length * 4, out.length * 4, indices.length * 4);
  const heap = heapF32();
  heap.set(x, xAt / 4);
  window.maxPool2d(geometry, xAt, outAt, indicesAt);
  out.set(heap.subarray(outAt / 4, outAt / 4 + out.length));
  indices.set(new Int32Array(heap.buffer, indicesAt, indices.length));
};

const maxPool2dBackward: WindowKernels['maxPool2dBackward'] = (dy, indices, g, out) => {
  const window = exportsFor(dy, out);
  if (!window) {
    cpu.maxPool2dBackward(dy, indices, g, out);
    return;
  }
  const [, [dyAt, indicesAt, outAt]] = layout(g, dy.length * 4, indices.length * 4, out.length * 4);
  const heap = heapF32();
  heap.set(dy, dyAt / 4);
  new Int32Array(heap.buffer, indicesAt, indices.length).set(indices);
  heap.set(out, outAt / 4);
  const l = g.outHeight * g.outWidth;
  window.maxPool2dBackward(dyAt, indicesAt, l === 0 ? 0 : dy.length / l, l, g.height * g.width, outAt);
  out.set(heap.subarray(outAt / 4, outAt / 4 + out.length));
};

/** Average pooling forward (`back` false: src = x, dst = out) or backward (src = dy, dst = out, which is added into). */
function averagePool(window: WasmExports['window'], g: Window2d, src: Float32Array, divisors: Float64Array, out: Float32Array, back: boolean): void {
  const [geometry, [divAt, srcAt, outAt]] = layout(g, divisors.length * 8, src.length * 4, out.length * 4);
  const heap = heapF32();
  new Float64Array(heap.buffer, divAt, divisors.length).set(divisors);
  heap.set(src, srcAt / 4);
  if (back) heap.set(out, outAt / 4);
  window.avgPool2d(geometry, srcAt, divAt, outAt, back ? 1 : 0);
  out.set(heap.subarray(outAt / 4, outAt / 4 + out.length));
}

const avgPool2d: WindowKernels['avgPool2d'] = (x, g, divisors, out) => {
  const window = exportsFor(x, out);
  if (!window) {
    cpu.avgPool2d(x, g, divisors, out);
    return;
  }
  averagePool(window, g, x as Float32Array, divisors, out as Float32Array, false);
};

const avgPool2dBackward: WindowKernels['avgPool2dBackward'] = (dy, g, divisors, out) => {
  const window = exportsFor(dy, out);
  if (!window) {
    cpu.avgPool2dBackward(dy, g, divisors, out);
    return;
  }
  averagePool(window, g, dy as Float32Array, divisors, out as Float32Array, true);
};

/** The wasm backend's sliding-window kernels (float32; cpu's for other dtypes). */
export const windowWasmKernels: WindowKernels = { im2col, col2im, maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward };
