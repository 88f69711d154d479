import { describe, expect, it } from 'vitest';
import { Generator, randint, randn } from '../../index.js';
import type { NDArray } from '../../ndarray.js';
import { cbowNegativeSamplingUpdate_, hierarchicalSoftmaxUpdate_, negativeSamplingUpdate_, type HuffmanPaths } from '../../ops/word2vec.js';
import { createWasmSharedMemory, fromWasmSharedMemory, wasmSharedZeros } from '../../ops/wasm-memory.js';
import { expectClose } from '../../testing/index.js';

const ROWS = 50;
const DIM = 12;
const memory = createWasmSharedMemory(10 * 4 * ROWS * DIM);

/** The same start tables twice: in the shared wasm memory (SIMD path) and as plain arrays (JS path). */
function tables(seed: number, scale = 0.3): { wasm: [NDArray, NDArray]; js: [NDArray, NDArray] } {
  if (!memory) throw new Error('no shared wasm memory in this engine');
  const generator = new Generator(seed);
  const start = [randn([ROWS, DIM], { generator }).mul(scale), randn([ROWS, DIM], { generator }).mul(scale)];
  const wasm = start.map((table) => {
    const copy = wasmSharedZeros(memory, [ROWS, DIM]);
    copy.data.set(table.data, copy.offset);
    return copy;
  }) as [NDArray, NDArray];
  return { wasm, js: [start[0].clone(), start[1].clone()] };
}

/**
 * Paths in a complete binary tree over 32 leaves (inner nodes 0..30, heap order): word w sits at
 * leaf w % 32, so some words share a path, as rows repeat across examples in training.
 */
function heapTree(): HuffmanPaths {
  const points: number[] = [];
  const codes: number[] = [];
  const offsets = [0];
  for (let word = 0; word < ROWS; word++) {
    const path: [number, number][] = [];
    for (let node = 31 + (word % 32); node > 0; node = (node - 1) >> 1) path.unshift([(node - 1) >> 1, node % 2 === 0 ? 1 : 0]);
    for (const [point, code] of path) {
      points.push(point);
      codes.push(code);
    }
    offsets.push(points.length);
  }
  return { points: Int32Array.from(points), codes: Uint8Array.from(codes), offsets: Int32Array.from(offsets) };
}

const indices = (count: number, seed: number): Int32Array => randint(0, ROWS, [count], { generator: new Generator(seed) }).data as Int32Array;

describe.skipIf(memory === null)('word2vec wasm kernels', () => {
  it('skip-gram gives the JS loop\'s weights and loss within float32 rounding, over a batch larger than the scratch slot', () => {
    const { wasm, js } = tables(1);
    const examples = 12_000;
    const batch = { inputs: indices(examples, 2), targets: indices(examples, 3), negatives: indices(examples * 5, 4), lr: 0.025 };
    const lossWasm = negativeSamplingUpdate_(wasm[0], wasm[1], batch);
    const lossJs = negativeSamplingUpdate_(js[0], js[1], batch);
    expectClose(wasm[0], js[0].toArray(), { atol: 1e-4 });
    expectClose(wasm[1], js[1].toArray(), { atol: 1e-4 });
    expect(Math.abs(lossWasm - lossJs) / lossJs).toBeLessThan(1e-4);
  });

  it('skip-gram matches the JS loop where scores leave the sigmoid table (|f| >= 8) as well as inside it', () => {
    const { wasm, js } = tables(12, 1.5);
    const batch = { inputs: indices(400, 13), targets: indices(400, 14), negatives: indices(400 * 5, 15), lr: 0.001 };
    const [inData, outData] = [js[0].data as Float32Array, js[1].data as Float32Array];
    const scores = Array.from(batch.inputs, (row, i) => Math.abs(inData.subarray(row * DIM, row * DIM + DIM).reduce((sum, value, d) => sum + value * outData[batch.targets[i] * DIM + d], 0)));
    expect(scores.some((score) => score >= 8)).toBe(true);
    expect(scores.some((score) => score < 8)).toBe(true);
    const lossWasm = negativeSamplingUpdate_(wasm[0], wasm[1], batch);
    const lossJs = negativeSamplingUpdate_(js[0], js[1], batch);
    expectClose(wasm[0], js[0].toArray(), { atol: 1e-4 });
    expectClose(wasm[1], js[1].toArray(), { atol: 1e-4 });
    expect(Math.abs(lossWasm - lossJs) / lossJs).toBeLessThan(1e-4);
  });

  it('CBOW (mean and sum) gives the JS loop\'s weights and loss within float32 rounding', () => {
    for (const mean of [true, false]) {
      const { wasm, js } = tables(5);
      const examples = 300;
      const counts = indices(examples, 6).map((value) => value % 8);
      const offsets = new Int32Array(examples + 1);
      counts.forEach((count, i) => { offsets[i + 1] = offsets[i] + count; });
      const batch = { contexts: indices(offsets[examples], 7), offsets, targets: indices(examples, 8), negatives: indices(examples * 3, 9), lr: 0.05, mean };
      const lossWasm = cbowNegativeSamplingUpdate_(wasm[0], wasm[1], batch);
      const lossJs = cbowNegativeSamplingUpdate_(js[0], js[1], batch);
      expectClose(wasm[0], js[0].toArray(), { atol: 1e-4 });
      expectClose(wasm[1], js[1].toArray(), { atol: 1e-4 });
      expect(Math.abs(lossWasm - lossJs) / lossJs).toBeLessThan(1e-4);
    }
  });

  it('skip-gram hierarchical softmax gives the JS loop\'s weights and loss within float32 rounding, over a batch larger than the scratch slot', () => {
    const { wasm, js } = tables(16);
    const tree = heapTree();
    const batch = { inputs: indices(8000, 17), targets: indices(8000, 18), lr: 0.025 };
    const lossWasm = hierarchicalSoftmaxUpdate_(wasm[0], wasm[1], batch, tree);
    const lossJs = hierarchicalSoftmaxUpdate_(js[0], js[1], batch, tree);
    expectClose(wasm[0], js[0].toArray(), { atol: 1e-4 });
    expectClose(wasm[1], js[1].toArray(), { atol: 1e-4 });
    expect(Math.abs(lossWasm - lossJs) / lossJs).toBeLessThan(1e-4);
  });

  it.each([0, 3])('CBOW hierarchical softmax (with %i negatives) gives the JS loop\'s weights and loss within float32 rounding', (k) => {
    const { wasm, js } = tables(19);
    const examples = 3000;
    const counts = indices(examples, 20).map((value) => value % 8);
    const offsets = new Int32Array(examples + 1);
    counts.forEach((count, i) => { offsets[i + 1] = offsets[i] + count; });
    const batch = { contexts: indices(offsets[examples], 21), offsets, targets: indices(examples, 22), negatives: indices(examples * k, 23), lr: 0.05 };
    const lossWasm = cbowNegativeSamplingUpdate_(wasm[0], wasm[1], batch, heapTree());
    const lossJs = cbowNegativeSamplingUpdate_(js[0], js[1], batch, heapTree());
    expectClose(wasm[0], js[0].toArray(), { atol: 1e-4 });
    expectClose(wasm[1], js[1].toArray(), { atol: 1e-4 });
    expect(Math.abs(lossWasm - lossJs) / lossJs).toBeLessThan(1e-4);
  });

  it('names a CBOW example with more contexts than the scratch holds', () => {
    const { wasm } = tables(10);
    const contexts = indices(70_000, 11);
    const batch = { contexts, offsets: Int32Array.of(0, contexts.length), targets: Int32Array.of(1), negatives: Int32Array.of(2), lr: 0.05 };
    expect(() => cbowNegativeSamplingUpdate_(wasm[0], wasm[1], batch)).toThrow(/cbowNegativeSamplingUpdate_: example 0 has 70000 contexts, more than the wasm scratch holds \(\d+\)/);
  });

  it('rebuilds an array over the same memory from its description, sharing its storage', () => {
    if (!memory) return;
    const table = wasmSharedZeros(memory, [2, 4]);
    const again = fromWasmSharedMemory(memory, { dtype: table.dtype, shape: table.shape, strides: table.strides, offset: table.offset });
    table.data[table.offset + 5] = 7;
    expect(again.toArray()).toEqual([[0, 0, 0, 0], [0, 7, 0, 0]]);
  });

  it('names the shape that does not fit', () => {
    if (!memory) return;
    expect(() => wasmSharedZeros(memory, [1_000_000, 100])).toThrow(/wasmSharedZeros: \[1000000, 100\] \(400000000 bytes\) does not fit/);
  });
});
