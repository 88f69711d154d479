import { beforeEach, describe, expect, it } from 'vitest';
import { manualSeed, randn } from '../../index.js';
import { windowKernels as cpu } from '../cpu/window.js';
import type { Window2d } from '../window.js';
import { ready } from './runtime.js';
import { windowWasmKernels as wasm } from './window.js';

// Each wasm window kernel against its cpu twin, called directly (so the wasm path is tested
// whichever backend is active). Both add in the same order, so results are bit-identical.

/** A window geometry with the output size the ops would compute. */
function geometry(
  [batch, channels, height, width]: number[],
  [kernelH, kernelW]: number[],
  { stride = [1, 1], pad = [0, 0], dilation = [1, 1] }: { stride?: number[]; pad?: number[]; dilation?: number[] } = {},
): Window2d {
  const [strideH, strideW] = stride;
  const [padTop, padLeft] = pad;
  const [dilationH, dilationW] = dilation;
  const outHeight = Math.floor((height + 2 * padTop - dilationH * (kernelH - 1) - 1) / strideH) + 1;
  const outWidth = Math.floor((width + 2 * padLeft - dilationW * (kernelW - 1) - 1) / strideW) + 1;
  return { batch, channels, height, width, outHeight, outWidth, kernelH, kernelW, strideH, strideW, padTop, padLeft, dilationH, dilationW };
}

function values(size: number): Float32Array {
  return randn([size]).dataSync() as Float32Array;
}

const inputSize = (g: Window2d): number => g.batch * g.channels * g.height * g.width;
const outputSize = (g: Window2d): number => g.batch * g.channels * g.outHeight * g.outWidth;
const columnsSize = (g: Window2d): number => g.channels * g.kernelH * g.kernelW * g.batch * g.outHeight * g.outWidth;

// Awkward shapes: batch 1, one channel, odd sizes, padding, strides, dilation, 1x1 kernels,
// kernels wider than the image with padding, windows that hang past the edge.
const CONV_CASES: [string, Window2d][] = [
  ['3x3 on 1x1x5x5', geometry([1, 1, 5, 5], [3, 3])],
  ['3x3 padding 1 on 2x3x7x6', geometry([2, 3, 7, 6], [3, 3], { pad: [1, 1] })],
  ['stride 2 padding [2, 1] on 3x2x9x8', geometry([3, 2, 9, 8], [3, 2], { stride: [2, 2], pad: [2, 1] })],
  ['stride [1, 3] dilation [2, 1] on 2x1x11x13', geometry([2, 1, 11, 13], [3, 3], { stride: [1, 3], dilation: [2, 1] })],
  ['dilation 2 padding 2 on 1x4x6x5', geometry([1, 4, 6, 5], [3, 3], { pad: [2, 2], dilation: [2, 2] })],
  ['1x1 kernel on 4x5x3x3', geometry([4, 5, 3, 3], [1, 1])],
  ['5x5 padding 3 on 2x2x3x4', geometry([2, 2, 3, 4], [5, 5], { pad: [3, 3] })],
  ['3x3 stride 3 on 1x1x10x10 (the last window hangs)', geometry([1, 1, 10, 10], [3, 3], { stride: [3, 3] })],
];

const POOL_CASES: [string, Window2d][] = [
  ['2x2 stride 2 on 2x3x8x8', geometry([2, 3, 8, 8], [2, 2], { stride: [2, 2] })],
  ['2x2 stride 2 on odd 1x1x7x9', geometry([1, 1, 7, 9], [2, 2], { stride: [2, 2] })],
  ['3x3 stride 2 padding 1 on 2x2x9x7', geometry([2, 2, 9, 7], [3, 3], { stride: [2, 2], pad: [1, 1] })],
  ['3x2 stride [1, 2] dilation [2, 1] on 1x3x8x9', geometry([1, 3, 8, 9], [3, 2], { stride: [1, 2], dilation: [2, 1] })],
  ['5x5 stride 1 padding 2 on 3x1x5x6', geometry([3, 1, 5, 6], [5, 5], { pad: [2, 2] })],
  // Wide rows, where four in-image windows at a time take the vector path (strides 1, 2, 3).
  ['2x2 stride 1 on 1x2x6x11', geometry([1, 2, 6, 11], [2, 2])],
  ['3x3 stride 1 padding 1 on 2x1x4x13', geometry([2, 1, 4, 13], [3, 3], { pad: [1, 1] })],
  ['2x3 stride 3 on 2x1x5x20', geometry([2, 1, 5, 20], [2, 3], { stride: [2, 3] })],
  ['2x2 stride 2 dilation 2 padding 1 on 1x1x9x21', geometry([1, 1, 9, 21], [2, 2], { stride: [2, 2], pad: [1, 1], dilation: [2, 2] })],
];

describe('wasm window kernels', () => {
  beforeEach(() => {
    manualSeed(0);
  });

  it('are ready at import in Node', async () => {
    expect(await ready()).toBe(true);
  });

  it.each(CONV_CASES)('im2col matches cpu: %s', (_, g) => {
    const x = values(inputSize(g));
    const expected = new Float32Array(columnsSize(g)).fill(7);
    const actual = new Float32Array(columnsSize(g)).fill(7);
    cpu.im2col(x, g, expected);
    wasm.im2col(x, g, actual);
    expect(actual).toEqual(expected);
  });

  it.each(CONV_CASES)('col2im adds into out as cpu does: %s', (_, g) => {
    const cols = values(columnsSize(g));
    const start = values(inputSize(g));
    const expected = start.slice();
    const actual = start.slice();
    cpu.col2im(cols, g, expected);
    wasm.col2im(cols, g, actual);
    expect(actual).toEqual(expected);
  });

  it.each(POOL_CASES)('maxPool2d values and argmax match cpu: %s', (_, g) => {
    const x = values(inputSize(g));
    // Ties and NaN: the first maximum wins, NaN wins and propagates.
    x[3] = x[2];
    x[g.width + 1] = x[1];
    x[x.length - 2] = NaN;
    x[Math.floor(x.length / 2)] = NaN;
    const [expected, expectedIndices] = [new Float32Array(outputSize(g)), new Int32Array(outputSize(g))];
    const [actual, actualIndices] = [new Float32Array(outputSize(g)), new Int32Array(outputSize(g))];
    cpu.maxPool2d(x, g, expected, expectedIndices);
    wasm.maxPool2d(x, g, actual, actualIndices);
    expect(actual).toEqual(expected);
    expect(actualIndices).toEqual(expectedIndices);
  });

  it.each(POOL_CASES)('maxPool2dBackward adds at the argmax as cpu does: %s', (_, g) => {
    const values_ = new Float32Array(outputSize(g));
    const indices = new Int32Array(outputSize(g));
    cpu.maxPool2d(values(inputSize(g)), g, values_, indices);
    const dy = values(outputSize(g));
    const start = values(inputSize(g));
    const expected = start.slice();
    const actual = start.slice();
    cpu.maxPool2dBackward(dy, indices, g, expected);
    wasm.maxPool2dBackward(dy, indices, g, actual);
    expect(actual).toEqual(expected);
  });

  it.each(POOL_CASES)('avgPool2d and its backward match cpu: %s', (_, g) => {
    const x = values(inputSize(g));
    // Divisors that float32 cannot hold exactly (divisorOverride) must divide in float64 as cpu.
    const divisors = new Float64Array(g.outHeight * g.outWidth).map((_, q) => 1 + q / 3);
    const expected = new Float32Array(outputSize(g));
    const actual = new Float32Array(outputSize(g));
    cpu.avgPool2d(x, g, divisors, expected);
    wasm.avgPool2d(x, g, divisors, actual);
    expect(actual).toEqual(expected);
    const dy = values(outputSize(g));
    const start = values(inputSize(g));
    const expectedGrad = start.slice();
    const actualGrad = start.slice();
    cpu.avgPool2dBackward(dy, g, divisors, expectedGrad);
    wasm.avgPool2dBackward(dy, g, divisors, actualGrad);
    expect(actualGrad).toEqual(expectedGrad);
  });

  it('leaves float64 to the cpu kernels', () => {
    const g = geometry([1, 1, 4, 4], [2, 2], { stride: [2, 2] });
    const x = Float64Array.from(values(16));
    const out = new Float64Array(4);
    const indices = new Int32Array(4);
    wasm.maxPool2d(x, g, out, indices);
    const expected = new Float64Array(4);
    cpu.maxPool2d(x, g, expected, new Int32Array(4));
    expect(out).toEqual(expected);
  });
});
