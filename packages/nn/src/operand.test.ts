// Issue 8: every F.* function, every loss and Module.call take an NDArray wherever they take a
// Tensor; the NDArray enters as a constant (no grad) and the result equals the Tensor call's.
import { Tensor, tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { manualSeed, type NDArray } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BCELoss, BCEWithLogitsLoss, BatchNorm2d, Conv2d, CrossEntropyLoss, Embedding, HuberLoss, KLDivLoss, L1Loss, LayerNorm, Linear, MSELoss, Module,
  NLLLoss, ReLU, Sequential, SmoothL1Loss, functional as F, type ForwardHook,
} from './index.js';

beforeEach(() => {
  manualSeed(0);
});

const x4 = (): NDArray => nd.randn([2, 3, 5, 5]);
const labels = nd.array([0, 2], { dtype: 'int32' });
const probs = nd.array([[0.2, 0.9, 0.5], [0.7, 0.1, 0.3]]);
const targets = nd.array([[0, 1, 1], [1, 0, 0]], { dtype: 'float32' });

/** Each function with NDArray arguments and a builder of the same call on Tensors. */
const cases: [string, (wrap: (a: NDArray) => Tensor | NDArray) => Tensor][] = (() => {
  const x = nd.randn([2, 3]);
  const w = nd.randn([4, 3]);
  const b = nd.randn([4]);
  const img = x4();
  const kernel = nd.randn([2, 3, 3, 3]);
  const table = nd.randn([5, 3]);
  const ids = nd.array([[0, 4], [1, 1]], { dtype: 'int32' });
  const [w3, b2, signal, k1, g3, s3] = [nd.randn([2, 3, 3]), nd.randn([2]), nd.randn([2, 3, 6]), nd.randn([2, 3, 3]), nd.randn([3]), nd.randn([3])];
  return [
    ['linear', (t) => F.linear(t(x), t(w), t(b))],
    ['bilinear', (t) => F.bilinear(t(x), t(x), t(w3), t(b2))],
    ['conv2d', (t) => F.conv2d(t(img), t(kernel), t(b2), { padding: 1 })],
    ['conv1d', (t) => F.conv1d(t(signal), t(k1))],
    ['unfold', (t) => F.unfold(t(img), 2)],
    ['pad', (t) => F.pad(t(x), [1, 2])],
    ['maxPool2d', (t) => F.maxPool2d(t(img), 2)],
    ['avgPool2d', (t) => F.avgPool2d(t(img), 2)],
    ['dropout', (t) => F.dropout(t(x), 0.5, { training: false })],
    ['layerNorm', (t) => F.layerNorm(t(x), [3], { weight: t(g3), bias: t(s3) })],
    ['batchNorm', (t) => F.batchNorm(t(img), null, null, { weight: t(g3), bias: t(s3), training: true })],
    ['embedding', (t) => F.embedding(ids, t(table))],
    ['embeddingBag', (t) => F.embeddingBag(ids, t(table))],
    ['relu', (t) => F.relu(t(x))],
    ['leakyRelu', (t) => F.leakyRelu(t(x))],
    ['elu', (t) => F.elu(t(x))],
    ['gelu', (t) => F.gelu(t(x))],
    ['silu', (t) => F.silu(t(x))],
    ['sigmoid', (t) => F.sigmoid(t(x))],
    ['tanh', (t) => F.tanh(t(x))],
    ['softmax', (t) => F.softmax(t(x), 1)],
    ['logSoftmax', (t) => F.logSoftmax(t(x), 1)],
    ['logSigmoid', (t) => F.logSigmoid(t(x))],
    ['softplus', (t) => F.softplus(t(x))],
    ['crossEntropy', (t) => F.crossEntropy(t(x), labels)],
    ['nllLoss', (t) => F.nllLoss(t(x), labels)],
    ['mseLoss', (t) => F.mseLoss(t(x), t(probs.reshape([2, 3])))],
    ['l1Loss', (t) => F.l1Loss(t(x), t(probs))],
    ['smoothL1Loss', (t) => F.smoothL1Loss(t(x), t(probs))],
    ['huberLoss', (t) => F.huberLoss(t(x), t(probs))],
    ['klDiv', (t) => F.klDiv(t(x), t(probs))],
    ['binaryCrossEntropy', (t) => F.binaryCrossEntropy(t(probs), t(targets), { weight: t(nd.ones([3])) })],
    ['binaryCrossEntropyWithLogits', (t) => F.binaryCrossEntropyWithLogits(t(x), t(targets), { posWeight: t(nd.ones([3])) })],
  ];
})();

describe('functional (NDArray operands)', () => {
  it.each(cases)('%s takes NDArrays as constants and matches the Tensor call', (_name, call) => {
    const fromArrays = call((a) => a);
    const fromTensors = call((a) => tensor(a));
    expect(Tensor.isTensor(fromArrays)).toBe(true);
    expect(fromArrays.requiresGrad).toBe(false);
    expectClose(fromArrays.data, fromTensors.data);
  });

  it('names the operand when it is neither a Tensor nor an NDArray', () => {
    const linear = F.linear as (...args: unknown[]) => Tensor;
    expect(() => linear([[1, 2]], nd.ones([2, 2]))).toThrow(/linear: input must be a Tensor or an NDArray, got an array/);
  });
});

describe('losses (NDArray operands)', () => {
  it.each([
    ['MSELoss', new MSELoss(), nd.randn([2, 3]), probs],
    ['L1Loss', new L1Loss(), nd.randn([2, 3]), probs],
    ['SmoothL1Loss', new SmoothL1Loss(), nd.randn([2, 3]), probs],
    ['HuberLoss', new HuberLoss(), nd.randn([2, 3]), probs],
    ['KLDivLoss', new KLDivLoss(), nd.randn([2, 3]), probs],
    ['CrossEntropyLoss', new CrossEntropyLoss(), nd.randn([2, 3]), labels],
    ['NLLLoss', new NLLLoss(), nd.randn([2, 3]), labels],
    ['BCELoss', new BCELoss(), probs, targets],
    ['BCEWithLogitsLoss', new BCEWithLogitsLoss(), nd.randn([2, 3]), targets],
  ] as const)('%s.call takes an NDArray input and target', (_name, loss, input, target) => {
    const out = loss.call(input, target);
    expect([out.shape, out.requiresGrad]).toEqual([[], false]);
    expectClose(out.data, loss.call(tensor(input), tensor(target)).data);
  });
});

describe('Module.call (NDArray inputs)', () => {
  it('hands forward a constant Tensor for each NDArray input, so gradients reach only parameters', () => {
    const seen: unknown[] = [];
    class Probe extends Module {
      fc = new Linear(3, 2);
      forward(input: Tensor, scale: number): Tensor {
        seen.push(input);
        return this.fc.call(input).mul(scale);
      }
    }
    const model = new Probe();
    const hook: ForwardHook = (_module, inputs) => {
      seen.push(inputs[0]);
    };
    model.registerForwardHook(hook);
    const out = model.call(nd.randn([4, 3]), 2);
    expect(seen.map((value) => Tensor.isTensor(value) && !value.requiresGrad)).toEqual([true, true]);
    out.sum().backward();
    expect(model.fc.weight.grad?.shape).toEqual([2, 3]);
  });

  it('runs a model of Linear, Conv2d, BatchNorm2d, LayerNorm and Embedding on NDArrays', () => {
    const cnn = new Sequential(new Conv2d(3, 2, 3, { padding: 1 }), new BatchNorm2d(2), new ReLU(), new LayerNorm([2, 5, 5]));
    const images = x4();
    expectClose(cnn.call(images).data, cnn.call(tensor(images)).data, { atol: 1e-6 });
    const emb = new Embedding(5, 3);
    expect(emb.call(nd.array([1, 2], { dtype: 'int32' })).shape).toEqual([2, 3]);
    expect(new Linear(3, 1).call(nd.randn([2, 3])).shape).toEqual([2, 1]);
  });
});
