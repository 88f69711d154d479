import * as nd from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { sum } from './reduce.js';
import { tensor } from '../tensor.js';
import { avgPool2d, conv2d, maxPool2d } from './conv.js';

const leaf = (shape: number[], seed: number, dtype: nd.DType = 'float32') =>
  tensor(nd.randn(shape, { dtype, generator: new nd.Generator(seed) }), { requiresGrad: true });

describe('conv2d', () => {
  it('records a Conv2dBackward node and gives every input a gradient of its shape', () => {
    const x = leaf([2, 3, 6, 6], 1);
    const w = leaf([4, 3, 3, 3], 2);
    const b = leaf([4], 3);
    const out = conv2d(x, w, b, { padding: 1 });
    expect(out.gradFn?.name).toBe('Conv2dBackward');
    sum(out).backward();
    expect([x.grad?.shape, w.grad?.shape, b.grad?.shape]).toEqual([
      [2, 3, 6, 6],
      [4, 3, 3, 3],
      [4],
    ]);
    // d sum / d b = number of output positions per channel, summed over the batch
    expect(b.grad?.toArray()).toEqual([72, 72, 72, 72]);
  });

  it('without a bias equals conv2d with a zero bias', () => {
    const x = leaf([1, 2, 5, 5], 4);
    const w = leaf([3, 2, 2, 2], 5);
    expect(conv2d(x, w).toArray()).toEqual(conv2d(x, w, nd.zeros([3])).toArray());
  });

  it('names the op and both shapes when channels do not match', () => {
    expect(() => conv2d(leaf([1, 3, 5, 5], 6), leaf([4, 2, 3, 3], 7))).toThrow(
      /conv2d: weight \[4, 2, 3, 3\] with groups=1 expects 2 input channels/,
    );
  });
});

describe('maxPool2d', () => {
  it('sends each gradient to the argmax it recorded', () => {
    const x = tensor(
      nd.reshape(nd.array([1, 5, 2, 0, 5, 3, 4, 4, 9, 1, 1, 1, 0, 9, 1, 1]), [1, 1, 4, 4]),
      { requiresGrad: true },
    );
    maxPool2d(x, 2).backward(nd.reshape(nd.array([1, 2, 3, 4]), [1, 1, 2, 2]));
    expect(x.grad?.toArray()).toEqual([
      [
        [
          [0, 1, 0, 0],
          [0, 0, 2, 0],
          [3, 0, 4, 0],
          [0, 0, 0, 0],
        ],
      ],
    ]);
  });
});

describe('avgPool2d', () => {
  it('spreads each gradient evenly over its window', () => {
    const x = leaf([1, 1, 2, 4], 8);
    avgPool2d(x, 2).backward(nd.reshape(nd.array([4, 8]), [1, 1, 1, 2]));
    expect(x.grad?.toArray()).toEqual([
      [
        [
          [1, 1, 2, 2],
          [1, 1, 2, 2],
        ],
      ],
    ]);
  });
});
