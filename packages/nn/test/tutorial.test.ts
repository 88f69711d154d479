// End-to-end: the classic tutorial network against PyTorch, and a classifier trained from scratch.
import { argmax, eq, tensor, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFixture } from '../src/__fixtures__/read-fixture.js';
import { CrossEntropyLoss, Linear, ReLU, Sequential, Softmax } from '../src/index.js';

beforeEach(() => {
  manualSeed(0);
});

describe('Sequential(Linear, ReLU, Linear, Softmax)', () => {
  it('matches PyTorch forward and backward', () => {
    const f64 = { dtype: 'float64' as const };
    const model = new Sequential(new Linear(2, 3, f64), new ReLU(), new Linear(3, 2, f64), new Softmax(1));
    expect(() => {
      checkFixture('Tutorial', model);
    }).not.toThrow();
    expect(model.at(0).namedParameters()[0]?.[1].grad).not.toBeNull();
  });

  it('prints the tree and its parameter count', () => {
    const model = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 2), new Softmax(1));
    expect(String(model)).toBe(
      [
        'Sequential(',
        '  (0): Linear(inFeatures=2, outFeatures=3, bias=true)',
        '  (1): ReLU()',
        '  (2): Linear(inFeatures=3, outFeatures=2, bias=true)',
        '  (3): Softmax(dim=1)',
        ')',
        'Parameters: 17 (trainable: 17)',
      ].join('\n'),
    );
  });
});

/** Three Gaussian blobs in the plane, 50 points each, labelled 0, 1, 2. */
function blobs(): { x: Tensor; y: Tensor } {
  const centers = [[0, 2], [-2, -1], [2, -1]];
  const points = nd.randn([150, 2]);
  const offsets = nd.array(Array.from({ length: 150 }, (_, i) => centers[Math.floor(i / 50)]));
  return {
    x: tensor(nd.add(nd.mul(points, 0.6), offsets)),
    y: tensor(Array.from({ length: 150 }, (_, i) => Math.floor(i / 50)), { dtype: 'int32' }),
  };
}

describe('a classifier', () => {
  it('learns three blobs with CrossEntropyLoss and plain SGD', () => {
    const { x, y } = blobs();
    const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 3));
    const criterion = new CrossEntropyLoss();
    const learningRate = 0.5;
    const losses: number[] = [];
    for (let step = 0; step < 60; step++) {
      model.zeroGrad();
      const loss = criterion.call(model.call(x), y);
      loss.backward();
      for (const p of model.parameters()) nd.sub_(p.data, nd.mul(p.grad!, learningRate));
      losses.push(loss.item());
    }
    expect(losses[0]).toBeGreaterThan(0.8);
    expect(losses.at(-1)).toBeLessThan(0.15);
    model.eval();
    const accuracy = nd.mean(eq(argmax(model.call(x), 1), y).data.astype('float32')).item();
    expect(accuracy).toBeGreaterThan(0.95);
  });
});
