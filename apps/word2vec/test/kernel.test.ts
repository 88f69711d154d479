// The fused word2vec kernels of @dl/tensor against the plain autograd path: nn's Embedding with
// sparse gradients, a logSigmoid loss, and optim's sparse SGD, one step per example; skip-gram
// and CBOW negative sampling and skip-gram hierarchical softmax also with the tables in a shared wasm
// memory (the SIMD kernels).
import { add, logSigmoid, mul, neg, stack, sum, type Tensor } from '@dl/autograd';
import { Embedding } from '@dl/nn';
import { SGD } from '@dl/optim';
import * as nd from '@dl/tensor';
import { cbowNegativeSamplingUpdate_, hierarchicalSoftmaxUpdate_, negativeSamplingUpdate_, Generator } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { describe, expect, it } from 'vitest';
import { huffmanPaths } from '../src/tables.js';

const ROWS = 12;
const DIM = 8;
const LR = 0.3;

function tables(seed: number): { input: Embedding; output: Embedding } {
  const generator = new Generator(seed);
  const input = new Embedding(ROWS, DIM, { sparse: true, generator });
  const output = new Embedding(ROWS, DIM, { sparse: true, generator });
  nd.mul_(input.weight.data, 0.5);
  nd.mul_(output.weight.data, 0.5);
  return { input, output };
}

// The same checks on both storages: plain arrays run the JS loops, tables in a shared wasm
// memory run the SIMD kernels (float32 sums, so within float32 rounding of the autograd path).
const memory = nd.createWasmSharedMemory(4 * 4 * ROWS * DIM);
const STORAGES = memory ? ['js', 'wasm'] as const : ['js'] as const;

/** The weights to hand the fused op: the Embedding's own, or a copy in the shared wasm memory. */
function weightsOf(fused: { input: Embedding; output: Embedding }, storage: 'js' | 'wasm'): [nd.NDArray, nd.NDArray] {
  const own = [fused.input.weight.data, fused.output.weight.data];
  if (storage === 'js' || !memory) return [own[0], own[1]];
  const [input, output] = own.map((table) => nd.copy_(nd.wasmSharedZeros(memory, table.shape), table));
  return [input, output];
}

/** -log σ(h·out[pos]) - Σ log σ(-h·out[neg]) for a hidden vector h, through autograd. */
function logisticLoss(h: Tensor, output: Embedding, positives: number[], negatives: number[]): Tensor {
  const score = (rows: number[]): Tensor => sum(mul(output.forward(nd.array(rows, { dtype: 'int32' })), h), 1);
  let loss = neg(sum(logSigmoid(score(positives))));
  if (negatives.length > 0) loss = add(loss, neg(sum(logSigmoid(neg(score(negatives))))));
  return loss;
}

function step(loss: Tensor, input: Embedding, output: Embedding): void {
  const optimizer = new SGD([input.weight, output.weight], { lr: LR });
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
}

const EXAMPLES = [
  { input: 3, target: 5, negatives: [1, 7, 9] },
  { input: 5, target: 3, negatives: [2, 11, 0] },
  { input: 3, target: 7, negatives: [5, 10, 4] },
];

describe.each(STORAGES)('negativeSamplingUpdate_ (%s)', (storage) => {
  it('updates both tables as Embedding + logSigmoid loss + sparse SGD do, one step per example', () => {
    const [fusedInput, fusedOutput] = weightsOf(tables(1), storage);
    const reference = tables(1);
    const loss = negativeSamplingUpdate_(fusedInput, fusedOutput, {
      inputs: Int32Array.from(EXAMPLES, (e) => e.input),
      targets: Int32Array.from(EXAMPLES, (e) => e.target),
      negatives: Int32Array.from(EXAMPLES.flatMap((e) => e.negatives)),
      lr: LR,
    });
    let referenceLoss = 0;
    for (const example of EXAMPLES) {
      const h = reference.input.forward(nd.array([example.input], { dtype: 'int32' }));
      const value = logisticLoss(h, reference.output, [example.target], example.negatives);
      referenceLoss += value.item();
      step(value, reference.input, reference.output);
    }
    expectClose(fusedInput, reference.input.weight.data, { atol: 1e-5 });
    expectClose(fusedOutput, reference.output.weight.data, { atol: 1e-5 });
    // NOTE: the SIMD kernels take the loss from an interpolated table (within 8e-6 per logistic term).
    expect(loss).toBeCloseTo(referenceLoss, storage === 'wasm' ? 3 : 4);
  });
});

describe('negativeSamplingUpdate_', () => {

  it('names the bad index and the table size', () => {
    const { input, output } = tables(2);
    const batch = { inputs: Int32Array.of(3), targets: Int32Array.of(ROWS), negatives: Int32Array.of(1), lr: 0.1 };
    expect(() => negativeSamplingUpdate_(input.weight.data, output.weight.data, batch)).toThrow(/negativeSamplingUpdate_: targets\[0\] = 12 is out of range for 12 rows/);
  });

  it('rejects tables of different dims', () => {
    expect(() => negativeSamplingUpdate_(nd.zeros([4, 3]), nd.zeros([4, 5]), { inputs: Int32Array.of(0), targets: Int32Array.of(1), negatives: new Int32Array(0), lr: 0.1 }))
      .toThrow(/input \[4, 3\] and output \[4, 5\] must have the same dim \(3 != 5\)/);
  });
});

describe.each(STORAGES)('cbowNegativeSamplingUpdate_ (%s)', (storage) => {
  it('with summed contexts equals the autograd step on the sum of the context rows', () => {
    const [fusedInput, fusedOutput] = weightsOf(tables(3), storage);
    const reference = tables(3);
    const examples = [
      { contexts: [1, 2, 4], target: 6, negatives: [0, 9] },
      { contexts: [6, 2], target: 4, negatives: [11, 1] },
    ];
    cbowNegativeSamplingUpdate_(fusedInput, fusedOutput, {
      contexts: Int32Array.from(examples.flatMap((e) => e.contexts)),
      offsets: Int32Array.of(0, 3, 5),
      targets: Int32Array.from(examples, (e) => e.target),
      negatives: Int32Array.from(examples.flatMap((e) => e.negatives)),
      lr: LR,
      mean: false,
    });
    for (const example of examples) {
      const h = sum(reference.input.forward(nd.array(example.contexts, { dtype: 'int32' })), 0, { keepdim: true });
      step(logisticLoss(h, reference.output, [example.target], example.negatives), reference.input, reference.output);
    }
    expectClose(fusedInput, reference.input.weight.data, { atol: 1e-5 });
    expectClose(fusedOutput, reference.output.weight.data, { atol: 1e-5 });
  });
});

describe.each(STORAGES)('hierarchicalSoftmaxUpdate_ (%s)', (storage) => {
  it('equals the autograd step on the Huffman path (label 1 - code per inner node)', () => {
    const counts = [40, 30, 20, 12, 9, 7, 5, 4, 3, 2, 2, 1];
    const tree = huffmanPaths(counts);
    const [fusedInput, fusedOutput] = weightsOf(tables(4), storage);
    const reference = tables(4);
    const examples = [{ input: 2, target: 11 }, { input: 7, target: 0 }];
    hierarchicalSoftmaxUpdate_(fusedInput, fusedOutput, {
      inputs: Int32Array.from(examples, (e) => e.input), targets: Int32Array.from(examples, (e) => e.target), lr: LR,
    }, tree);
    for (const { input, target } of examples) {
      const h = reference.input.forward(nd.array([input], { dtype: 'int32' }));
      const points = Array.from(tree.points.subarray(tree.offsets[target], tree.offsets[target + 1]));
      const codes = Array.from(tree.codes.subarray(tree.offsets[target], tree.offsets[target + 1]));
      const terms = points.map((point, p) => logisticLoss(h, reference.output, codes[p] === 0 ? [point] : [], codes[p] === 1 ? [point] : []));
      step(sum(stack(terms)), reference.input, reference.output);
    }
    expectClose(fusedInput, reference.input.weight.data, { atol: 1e-5 });
    expectClose(fusedOutput, reference.output.weight.data, { atol: 1e-5 });
  });
});
