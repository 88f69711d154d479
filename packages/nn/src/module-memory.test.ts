// Modules under @dl/tensor's tidy()/dispose(): parameters and buffers are state, which no tidy
// disposes; a module lists them under ARRAYS_PROTOCOL, so dispose(model) releases them.
import { describe, expect, it } from 'vitest';
import * as nd from '@dl/tensor';
import { Generator, dispose, manualSeed, memory, tidy } from '@dl/tensor';
import { noGrad, tensor } from '@dl/autograd';
import { BatchNorm2d, Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, Module, ReLU, Sequential } from './index.js';

const convNet = (): Sequential =>
  new Sequential(new Conv2d(1, 8, 3), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8 * 7 * 7, 10));

describe('Module under tidy and dispose', () => {
  it('keeps the parameters of a model built inside a tidy, returned or not', () => {
    const returned = tidy(() => new Linear(32, 16));
    let stored: Linear | undefined;
    tidy(() => {
      stored = new Linear(32, 16);
    });
    for (const model of [returned, stored]) {
      expect(model?.weight.data.isDisposed).toBe(false);
      expect(model?.call(nd.ones([2, 32])).shape).toEqual([2, 16]);
    }
  });

  it('keeps parameters() returned from a tidy, and buffers registered inside one', () => {
    const model = convNet();
    const params = tidy(() => model.parameters());
    expect(params.every((p) => !p.data.isDisposed)).toBe(true);
    class Scaled extends Module {
      constructor() {
        super();
        this.registerBuffer('scale', nd.full([300], 2));
      }
      forward(x: nd.NDArray): nd.NDArray {
        return nd.mul(x, this.buffers()[0]);
      }
    }
    let scaled: Scaled | undefined;
    tidy(() => {
      scaled = new Scaled();
    });
    expect(scaled?.buffers()[0].isDisposed).toBe(false);
  });

  it('dispose(model) releases its parameters, their gradients and its buffers', () => {
    const model = convNet();
    const criterion = new CrossEntropyLoss();
    criterion.call(model.call(nd.randn([4, 1, 16, 16])), nd.array([1, 2, 3, 4], { dtype: 'int32' })).backward();
    const weight = model.parameters()[0];
    const grad = weight.grad;
    const runningMean = model.buffers()[0];
    dispose(model);
    expect(weight.data.isDisposed).toBe(true);
    expect(grad?.isDisposed).toBe(true);
    expect(runningMean.isDisposed).toBe(true);
  });

  it('runs 50 conv-net steps inside tidy with the losses and running stats of the loop without tidy, and flat memory()', () => {
    const train = (tidied: boolean): { losses: number[]; levels: string[]; stats: nd.NestedArray } => {
      manualSeed(0);
      const model = convNet();
      const criterion = new CrossEntropyLoss();
      const generator = new Generator(1);
      const x = tensor(nd.randn([8, 1, 16, 16], { generator }));
      const labels = nd.randint(0, 10, [8], { generator });
      // nn may not import @dl/optim: plain SGD on the parameters' values.
      const step = (): number => {
        model.zeroGrad();
        const loss = criterion.call(model.call(x), labels);
        loss.backward();
        noGrad(() => {
          for (const p of model.parameters()) if (p.grad) nd.sub_(p.data, nd.mul(p.grad, 0.05));
        });
        return loss.item();
      };
      const losses: number[] = [];
      const levels: string[] = [];
      for (let i = 0; i < 50; i++) {
        losses.push(tidied ? tidy(step) : step());
        const { arrays, storages } = memory();
        levels.push(`${arrays} arrays, ${storages} storages`);
      }
      return { losses, levels, stats: model.buffers()[0].toArray() };
    };
    const plain = train(false);
    const tidied = train(true);
    expect(tidied.losses).toEqual(plain.losses);
    expect(tidied.stats).toEqual(plain.stats);
    expect(tidied.losses[49]).toBeLessThan(tidied.losses[0]);
    expect(new Set(tidied.levels).size).toBe(1);
  });
});
