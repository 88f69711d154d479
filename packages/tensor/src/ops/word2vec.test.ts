import { describe, expect, it } from 'vitest';
import { Generator, randn, zeros } from '../index.js';
import { expectClose } from '../testing/index.js';
import { cbowNegativeSamplingUpdate_, negativeSamplingUpdate_ } from './word2vec.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** word2vec.c's skip-gram negative-sampling step, written plainly in float64. */
function reference(input: number[][], output: number[][], example: { input: number; target: number; negatives: number[] }, lr: number): void {
  const h = input[example.input];
  const err = h.map(() => 0);
  for (const [row, label] of [[example.target, 1], ...example.negatives.map((n) => [n, 0])]) {
    const w = output[row];
    const g = (label - sigmoid(h.reduce((s, v, d) => s + v * w[d], 0))) * lr;
    w.forEach((value, d) => { err[d] += g * value; w[d] = value + g * h[d]; });
  }
  h.forEach((_, d) => { h[d] += err[d]; });
}

describe('negativeSamplingUpdate_', () => {
  it('matches a plain word2vec.c step per example, in place, on a table with an offset', () => {
    const generator = new Generator(3);
    const input = randn([6, 5], { generator });
    const output = randn([7, 5], { generator }).narrow(0, 1, 6);
    const expectedInput = input.toArray() as number[][];
    const expectedOutput = output.toArray() as number[][];
    const examples = [{ input: 0, target: 2, negatives: [1, 4] }, { input: 2, target: 0, negatives: [5, 3] }];
    for (const example of examples) reference(expectedInput, expectedOutput, example, 0.2);
    const loss = negativeSamplingUpdate_(input, output, {
      inputs: Int32Array.of(0, 2), targets: Int32Array.of(2, 0), negatives: Int32Array.of(1, 4, 5, 3), lr: 0.2,
    });
    expectClose(input, expectedInput, { atol: 1e-5 });
    expectClose(output, expectedOutput, { atol: 1e-5 });
    expect(loss).toBeGreaterThan(0);
  });

  it('skips a negative equal to its target, as word2vec.c', () => {
    const input = randn([3, 4], { generator: new Generator(1) });
    const a = zeros([3, 4]);
    const b = zeros([3, 4]);
    const batch = { inputs: Int32Array.of(0), targets: Int32Array.of(1), lr: 0.5 };
    negativeSamplingUpdate_(input.clone(), a, { ...batch, negatives: Int32Array.of(1, 2) });
    negativeSamplingUpdate_(input.clone(), b, { ...batch, negatives: Int32Array.of(2) });
    expectClose(a, b);
  });

  it('rejects a float64 table and a ragged negatives list, naming them', () => {
    const table = zeros([4, 2]);
    expect(() => negativeSamplingUpdate_(zeros([4, 2], { dtype: 'float64' }), table, { inputs: Int32Array.of(0), targets: Int32Array.of(1), negatives: new Int32Array(0), lr: 0.1 }))
      .toThrow(/negativeSamplingUpdate_: input must be float32, got float64/);
    expect(() => negativeSamplingUpdate_(table, table, { inputs: Int32Array.of(0, 1), targets: Int32Array.of(1, 2), negatives: Int32Array.of(3), lr: 0.1 }))
      .toThrow(/negatives has 1 entries, not a multiple of the 2 examples/);
  });
});

describe('cbowNegativeSamplingUpdate_', () => {
  it('checks that offsets cover the contexts', () => {
    const table = zeros([4, 2]);
    expect(() => cbowNegativeSamplingUpdate_(table, table, { contexts: Int32Array.of(0, 1), offsets: Int32Array.of(0, 1), targets: Int32Array.of(2), negatives: new Int32Array(0), lr: 0.1 }))
      .toThrow(/offsets must hold 2 entries from 0 to contexts.length \(2\)/);
  });
});
