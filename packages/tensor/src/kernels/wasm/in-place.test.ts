import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualSeed, randn } from '../../index.js';
import type { BinaryOp, UnaryOp } from '../registry.js';
import type { StridedView } from '../strided.js';
import type { Window2d } from '../window.js';
import { elementwiseWasmKernels as kernels } from './elementwise.js';
import { heapAllocate, heapFree } from './heap.js';
import { optimizerWasmKernels } from './optimizer.js';
import { addressOf, heapF32, linearMemoryBuffer, sharedLinearMemory } from './runtime.js';
import { A, B, CHUNK } from './scratch.js';
import { windowWasmKernels } from './window.js';

// The kernels read and write storage resident in linear memory in place. Each case runs once on
// JS arrays (streamed through the scratch regions) and again with resident operands (views at
// unaligned offsets, with guard values around them), and the bits must match.

/** Resident blocks handed out by a test, freed after it. */
let blocks: number[] = [];
const GUARD = 1234.5;

/** A resident copy of `values` at element `offset` of a block whose other elements hold GUARD. */
function resident(values: Float32Array, offset = 0): Float32Array {
  const total = offset + values.length + 7;
  const address = heapAllocate(total * 4);
  blocks.push(address);
  const block = new Float32Array(linearMemoryBuffer(), address, total).fill(GUARD);
  block.set(values, offset);
  return block.subarray(offset, offset + values.length);
}

/** True when the 7 elements after `x` in its block still hold GUARD (nothing was written past it). */
function guardIntact(x: Float32Array): boolean {
  const after = new Float32Array(x.buffer, x.byteOffset + x.byteLength, 7);
  return after.every((v) => v === GUARD);
}

const view = (data: Float32Array, n: number): StridedView => ({ data, shape: [n], strides: [1], offset: 0 });
const scalar = (data: Float32Array, n: number): StridedView => ({ data, shape: [n], strides: [0], offset: 0 });

/** Where `got` first differs from `expected` in float32 bits (labelled), or null when they match bit for bit. */
function firstMismatch(got: Float32Array, expected: Float32Array, label = ''): { label: string; at: number; got: number; expected: number } | null {
  const [a, b] = [new Int32Array(Float32Array.from(got).buffer), new Int32Array(Float32Array.from(expected).buffer)];
  let first = a.length === b.length ? -1 : Math.min(a.length, b.length);
  for (let i = 0; i < Math.min(a.length, b.length) && first < 0; i++) if (a[i] !== b[i]) first = i;
  return first < 0 ? null : { label, at: first, got: got[first], expected: expected[first] };
}

/** Values with a NaN, infinities and signed zeros among normal ones. */
function values(n: number): Float32Array {
  const x = randn([n]).dataSync() as Float32Array;
  [NaN, Infinity, -Infinity, -0, 0].forEach((special, i) => { if (i * 7 < n) x[i * 7] = special; });
  return x;
}

/** Fills the scratch regions A and B with a marker; `scratchUntouched` tells whether a call wrote them. */
function markScratch(): void {
  heapF32().fill(-7, A / 4, A / 4 + CHUNK);
  heapF32().fill(-7, B / 4, B / 4 + CHUNK);
}
function scratchUntouched(): boolean {
  const heap = heapF32();
  return heap.subarray(A / 4, A / 4 + CHUNK).every((v) => v === -7) && heap.subarray(B / 4, B / 4 + CHUNK).every((v) => v === -7);
}

const UNARY: UnaryOp[] = ['neg', 'abs', 'sqrt', 'square', 'reciprocal', 'floor', 'ceil', 'round', 'relu', 'exp', 'log', 'sigmoid', 'tanh', 'erf'];
const BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'reluBackward'];
const LENGTHS = [0, 1, 3, 4, 5, 67, CHUNK + 5, 20_003];

describe.runIf(sharedLinearMemory)('wasm kernels on resident storage', () => {
  beforeEach(() => {
    manualSeed(0);
  });
  afterEach(() => {
    blocks.forEach(heapFree);
    blocks = [];
  });

  it('resident test arrays are in linear memory and JS ones are not', () => {
    expect(addressOf(resident(values(8), 3))).toBeGreaterThan(0);
    expect(addressOf(values(8))).toBe(-1);
  });

  it.each(LENGTHS)('unary ops give the copy path\'s bits on resident operands, n = %i', (n) => {
    const x = values(n);
    for (const op of UNARY) {
      const expected = new Float32Array(n);
      kernels.unary(op, view(x, n), expected);
      for (const [offset, outResident] of [[0, true], [1, true], [3, false], [0, false]] as const) {
        const rx = resident(x, offset);
        const out = outResident ? resident(new Float32Array(n), 2) : new Float32Array(n);
        kernels.unary(op, view(rx, n), out);
        expect(firstMismatch(out, expected, `${op} offset ${offset}`)).toBeNull();
        expect(!outResident || guardIntact(out)).toBe(true);
      }
      const jsIn = resident(new Float32Array(n), 1);
      kernels.unary(op, view(x, n), jsIn);
      expect(firstMismatch(jsIn, expected, `${op}, JS input`)).toBeNull();
      const inPlace = resident(x, 1);
      kernels.unary(op, view(inPlace, n), inPlace);
      expect(firstMismatch(inPlace, expected, `${op} in place`)).toBeNull();
      expect(guardIntact(inPlace)).toBe(true);
    }
  });

  it.each(LENGTHS)('binary ops give the copy path\'s bits on every mix of resident, JS and scalar operands, n = %i', (n) => {
    const [x, y] = [values(n), values(n)];
    const s = Float32Array.of(0.75);
    const operands = (kind: string, data: Float32Array, offset: number): StridedView =>
      kind === 'scalar' ? scalar(s, n) : view(kind === 'resident' ? resident(data, offset) : data, n);
    for (const op of BINARY) {
      for (const left of ['js', 'resident', 'scalar']) {
        for (const right of ['js', 'resident', 'scalar']) {
          if (left === 'scalar' && right === 'scalar') continue;
          const expected = new Float32Array(n);
          kernels.binary(op, operands(left === 'resident' ? 'js' : left, x, 0), operands(right === 'resident' ? 'js' : right, y, 0), expected);
          for (const outResident of [true, false]) {
            const out = outResident ? resident(new Float32Array(n), 3) : new Float32Array(n);
            kernels.binary(op, operands(left, x, 1), operands(right, y, 2), out);
            expect(firstMismatch(out, expected, `${op}(${left}, ${right}) into ${outResident ? 'resident' : 'JS'}`)).toBeNull();
            expect(!outResident || guardIntact(out)).toBe(true);
          }
          const param = new Float32Array(n);
          kernels.binaryParam('leakyReluBackward', operands(left === 'resident' ? 'js' : left, x, 0), operands(right === 'resident' ? 'js' : right, y, 0), param, 0.1);
          const residentParam = resident(new Float32Array(n), 1);
          kernels.binaryParam('leakyReluBackward', operands(left, x, 1), operands(right, y, 2), residentParam, 0.1);
          expect(firstMismatch(residentParam, param)).toBeNull();
        }
      }
      // out aliasing the first operand, as add(x, y, { out: x }) does.
      const expected = new Float32Array(n);
      kernels.binary(op, view(x, n), view(y, n), expected);
      const rx = resident(x, 1);
      kernels.binary(op, view(rx, n), view(resident(y, 2), n), rx);
      expect(firstMismatch(rx, expected, `${op} into its first operand`)).toBeNull();
      expect(guardIntact(rx)).toBe(true);
    }
  });

  it('an all-resident call of whole vectors goes straight through, leaving the scratch regions alone', () => {
    const n = 3 * CHUNK + 8;
    const [x, y] = [resident(values(n), 1), resident(values(n), 2)];
    const out = resident(new Float32Array(n), 3);
    markScratch();
    kernels.binary('mul', view(x, n), view(y, n), out);
    kernels.unary('exp', view(x, n), out);
    kernels.unaryParam('leakyRelu', view(x, n), out, 0.1, 0);
    kernels.reduce('sum', x, 1, n, 1, new Float32Array(1));
    kernels.softmax('softmax', x.subarray(0, 40 * 100), 40, 100, 1, out.subarray(0, 40 * 100));
    expect(scratchUntouched()).toBe(true);
    kernels.binary('mul', view(Float32Array.from(values(n)), n), view(y, n), out); // a JS operand streams through A
    expect(scratchUntouched()).toBe(false);
  });

  it.each([
    ['long rows', 3, CHUNK * 2 + 5, 1],
    ['short rows', 301, 37, 1],
    ['lanes', 3, 45, 9],
    ['lanes wider than a chunk', 2, 3, CHUNK + 3],
  ])('sum, max and min read resident input in place with the copy path\'s bits: %s', (_, outer, size, inner) => {
    const x = values(outer * size * inner).map((v) => (Number.isFinite(v) ? v : 0.5));
    for (const op of ['sum', 'max', 'min', 'prod'] as const) {
      const expected = new Float32Array(outer * inner);
      const got = new Float32Array(outer * inner);
      kernels.reduce(op, x, outer, size, inner, expected);
      kernels.reduce(op, resident(x, 1), outer, size, inner, got);
      expect(firstMismatch(got, expected, op)).toBeNull();
    }
  });

  it.each([
    ['rows', 33, 67, 1],
    ['long rows', 2, CHUNK + 9, 1],
    ['lanes', 3, 45, 9],
    ['lanes wider than a chunk', 2, 3, CHUNK + 3],
  ])('softmax and logSoftmax on resident input and output give the copy path\'s bits: %s', (_, outer, size, inner) => {
    const x = values(outer * size * inner).map((v) => (Number.isFinite(v) ? v : 0.5));
    for (const op of ['softmax', 'logSoftmax'] as const) {
      const expected = new Float32Array(x.length);
      kernels.softmax(op, x, outer, size, inner, expected);
      for (const outResident of [true, false]) {
        const out = outResident ? resident(new Float32Array(x.length), 2) : new Float32Array(x.length);
        kernels.softmax(op, resident(x, 1), outer, size, inner, out);
        expect(firstMismatch(out, expected, `${op} into ${outResident ? 'resident' : 'JS'}`)).toBeNull();
        expect(!outResident || guardIntact(out)).toBe(true);
      }
    }
  });

  it.each([1, 5, 1003, CHUNK + 6])('sgdStep and adamStep update resident param and state in place with the copy path\'s bits, n = %i', (n) => {
    const start = [values(n), values(n), values(n), values(n).map(Math.abs), values(n).map(Math.abs)].map((a) => a.map((v) => (Number.isFinite(v) ? v : 0.25)));
    const sgd = [0.1, 0.9, 0.75, 0.01, 1, 0, 0].map(Math.fround);
    const adam = [-0.01, 0.9, 0.1, 0.999, 0.001, 0.3, 1e-8, 0.01, 1, 0].map(Math.fround);
    const js = start.map((a) => a.slice());
    optimizerWasmKernels.sgdStep(js[0], js[1], js[2], sgd);
    optimizerWasmKernels.adamStep(js[0], js[1], js[2], js[3], js[4], adam);
    for (const mixed of [false, true]) {
      // mixed: the gradient and one state array stay JS arrays.
      const arrays = start.map((a, k) => (mixed && (k === 1 || k === 3) ? a.slice() : resident(a, k)));
      optimizerWasmKernels.sgdStep(arrays[0], arrays[1], arrays[2], sgd);
      optimizerWasmKernels.adamStep(arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], adam);
      arrays.forEach((a, k) => {
        expect(firstMismatch(a, js[k], `array ${k}${mixed ? ', mixed' : ''}`)).toBeNull();
        expect(addressOf(a) < 0 || guardIntact(a)).toBe(true);
      });
    }
  });

  it('window kernels use resident operands in place with the copy path\'s bits', () => {
    const g: Window2d = {
      batch: 2, channels: 3, height: 9, width: 21, outHeight: 5, outWidth: 11, kernelH: 3, kernelW: 3,
      strideH: 2, strideW: 2, padTop: 1, padLeft: 1, dilationH: 1, dilationW: 1,
    };
    const inputs = g.batch * g.channels * g.height * g.width;
    const outputs = g.batch * g.channels * g.outHeight * g.outWidth;
    const columns = g.channels * g.kernelH * g.kernelW * g.batch * g.outHeight * g.outWidth;
    const x = values(inputs).map((v) => (Number.isFinite(v) ? v : 0.5));
    const dy = values(outputs);
    const cols = values(columns);
    const divisors = Float64Array.from({ length: g.outHeight * g.outWidth }, (_, i) => 9 - (i % 3));
    const run = (place: (a: Float32Array, k: number) => Float32Array): Float32Array[] => {
      const im = place(new Float32Array(columns), 0);
      windowWasmKernels.im2col(place(x, 1), g, im);
      const back = place(x.map((v) => v / 2), 2);
      windowWasmKernels.col2im(place(cols, 3), g, back);
      const pooled = place(new Float32Array(outputs), 4);
      const indices = new Int32Array(outputs);
      windowWasmKernels.maxPool2d(place(x, 5), g, pooled, indices);
      const grad = place(new Float32Array(inputs).fill(0.5), 6);
      windowWasmKernels.maxPool2dBackward(place(dy, 7), indices, g, grad);
      const averaged = place(new Float32Array(outputs), 0);
      windowWasmKernels.avgPool2d(place(x, 1), g, divisors, averaged);
      const averagedBack = place(new Float32Array(inputs).fill(0.25), 2);
      windowWasmKernels.avgPool2dBackward(place(dy, 3), g, divisors, averagedBack);
      return [im, back, pooled, Float32Array.from(indices), grad, averaged, averagedBack];
    };
    const expected = run((a) => a.slice());
    const got = run((a, k) => resident(a, k));
    got.forEach((a, i) => {
      expect(firstMismatch(a, expected[i], `result ${i}`)).toBeNull();
      expect(addressOf(a) < 0 || guardIntact(a)).toBe(true);
    });
  });
});
