import { describe, expect, it } from 'vitest';
import { Generator, randint, randn } from '../../index.js';
import type { NDArray } from '../../ndarray.js';
import { cbowNegativeSamplingUpdate_, negativeSamplingUpdate_ } from '../../ops/word2vec.js';
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
    const scores = batch.inputs.map((row, i) => Math.abs(js[0].data.subarray(row * DIM, row * DIM + DIM).reduce((sum, value, d) => sum + value * js[1].data[batch.targets[i] * DIM + d], 0)));
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
