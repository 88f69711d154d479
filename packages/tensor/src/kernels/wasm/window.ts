import type { TypedArray } from '../../dtype.js';
import { windowKernels as cpu } from '../cpu/window.js';
import type { Window2d, WindowKernels } from '../window.js';
import { scratchBlock } from './heap.js';
import { addressOf, align16, linearMemoryBuffer, wasm, type WasmExports } from './runtime.js';

// Convolution's im2col/col2im and pooling over float32 in WASM (window.wat). Operands resident
// in linear memory are used in place; the others are copied into the scratch block (reused by
// every call, grown only when a call needs more) and results copied out, so a call on resident
// arrays needs only the geometry block. float64 and engines without wasm use cpu's kernels.
// The loops add in the cpu kernels' order, so both backends give the same bits.

/** Bytes of the geometry block: 14 i32 fields (window.wat reads them in Window2d's order). */
const GEOMETRY_BYTES = 64;
/** Bytes past an operand the kernels' vector loads may reach (maxPool2d's stride-2 pairs). */
const READ_PAST = 32;

/** The window exports when every array is float32 and wasm is ready; null sends the call to cpu. */
function exportsFor(...arrays: TypedArray[]): WasmExports['window'] | null {
  const exports = wasm();
  if (!exports || !arrays.every((a) => a instanceof Float32Array)) return null;
  return exports.window;
}

/** An operand of a window kernel: copied into scratch first (`load`) and/or copied out after (`store`) unless resident. */
interface Operand {
  readonly array: Float32Array | Int32Array | Float64Array;
  readonly load?: boolean;
  readonly store?: boolean;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Writes `g` to the scratch block and returns its address, the operands' addresses (resident
 * ones in place, the others in regions after the geometry, loaded when asked) and `finish`,
 * which copies the non-resident results out.
 */
function layout(g: Window2d, operands: readonly Operand[]): [number, number[], () => void] {
  const limit = linearMemoryBuffer().byteLength;
  const resident = operands.map(({ array }) => {
    const at = addressOf(array);
    return at >= 0 && at + array.byteLength + READ_PAST <= limit ? at : -1;
  });
  const offsets: number[] = [];
  let end = GEOMETRY_BYTES;
  operands.forEach(({ array }, i) => {
    offsets.push(end);
    if (resident[i] < 0) end = align16(end + array.byteLength);
  });
  const base = scratchBlock(end);
  const fields = [g.batch, g.channels, g.height, g.width, g.outHeight, g.outWidth, g.kernelH, g.kernelW];
  fields.push(g.strideH, g.strideW, g.padTop, g.padLeft, g.dilationH, g.dilationW);
  const buffer = linearMemoryBuffer();
  new Int32Array(buffer, base, fields.length).set(fields);
  const at = operands.map(({ array, load }, i) => {
    if (resident[i] >= 0) return resident[i];
    if (load) new Uint8Array(buffer, base + offsets[i], array.byteLength).set(bytesOf(array));
    return base + offsets[i];
  });
  const finish = (): void => {
    operands.forEach(({ array, store }, i) => {
      if (store && resident[i] < 0) bytesOf(array).set(new Uint8Array(buffer, at[i], array.byteLength));
    });
  };
  return [base, at, finish];
}

const im2col: WindowKernels['im2col'] = (x, g, out) => {
  const window = exportsFor(x, out);
  if (!window) {
    cpu.im2col(x, g, out);
    return;
  }
  const [geometry, [xAt, outAt], finish] = layout(g, [{ array: x as Float32Array, load: true }, { array: out as Float32Array, store: true }]);
  window.im2col(geometry, xAt, outAt);
  finish();
};

const col2im: WindowKernels['col2im'] = (cols, g, out) => {
  const window = exportsFor(cols, out);
  if (!window) {
    cpu.col2im(cols, g, out);
    return;
  }
  const [geometry, [colsAt, outAt], finish] = layout(g, [
    { array: cols as Float32Array, load: true }, { array: out as Float32Array, load: true, store: true },
  ]);
  window.col2im(geometry, colsAt, outAt);
  finish();
};

const maxPool2d: WindowKernels['maxPool2d'] = (x, g, out, indices) => {
  const window = exportsFor(x, out);
  if (!window) {
    cpu.maxPool2d(x, g, out, indices);
    return;
  }
  const [geometry, [xAt, outAt, indicesAt], finish] = layout(g, [
    { array: x as Float32Array, load: true }, { array: out as Float32Array, store: true }, { array: indices, store: true },
  ]);
  window.maxPool2d(geometry, xAt, outAt, indicesAt);
  finish();
};

const maxPool2dBackward: WindowKernels['maxPool2dBackward'] = (dy, indices, g, out) => {
  const window = exportsFor(dy, out);
  if (!window) {
    cpu.maxPool2dBackward(dy, indices, g, out);
    return;
  }
  const [, [dyAt, indicesAt, outAt], finish] = layout(g, [
    { array: dy as Float32Array, load: true }, { array: indices, load: true }, { array: out as Float32Array, load: true, store: true },
  ]);
  const l = g.outHeight * g.outWidth;
  window.maxPool2dBackward(dyAt, indicesAt, l === 0 ? 0 : dy.length / l, l, g.height * g.width, outAt);
  finish();
};

/** Average pooling forward (`back` false: src = x, dst = out) or backward (src = dy, dst = out, which is added into). */
function averagePool(window: WasmExports['window'], g: Window2d, src: Float32Array, divisors: Float64Array, out: Float32Array, back: boolean): void {
  const [geometry, [divAt, srcAt, outAt], finish] = layout(g, [
    { array: divisors, load: true }, { array: src, load: true }, { array: out, load: back, store: true },
  ]);
  window.avgPool2d(geometry, srcAt, divAt, outAt, back ? 1 : 0);
  finish();
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
