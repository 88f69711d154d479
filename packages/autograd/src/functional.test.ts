import * as nd from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { grad, mul, sum, tanh, tensor, vjp } from './index.js';

describe('grad', () => {
  it('returns the gradient of a scalar function for each input', () => {
    const [dx, dy] = grad((x, y) => sum(mul(mul(x, x), y)))(tensor([1, 2, 3]), tensor([2, 2, 2]));
    expect(dx.toArray()).toEqual([4, 8, 12]);
    expect(dy.toArray()).toEqual([1, 4, 9]);
  });

  it('leaves the inputs untouched and works on NDArrays and numbers', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const [dx, dc] = grad((a, c) => sum(mul(a, c)))(x, 3);
    expect(dx.toArray()).toEqual([3, 3]);
    expect(dc.item()).toBe(3);
    expect(x.grad).toBeNull();
    expect(grad((a) => sum(tanh(a)))(nd.zeros([2]))[0].toArray()).toEqual([1, 1]);
  });

  it('refuses a function with a non-scalar output', () => {
    expect(() => grad((x) => mul(x, 2))(tensor([1, 2]))).toThrow(
      /grad: the function must return a one-element tensor, got shape \[2\]\nhint: use vjp for vector outputs/,
    );
  });
});

describe('vjp', () => {
  it('returns the output and a function of the cotangent that can be called again', () => {
    const [out, vjpFn] = vjp((x) => mul(x, x), tensor([1, 2, 3]));
    expect(out.toArray()).toEqual([1, 4, 9]);
    expect(vjpFn(nd.ones([3]))[0].toArray()).toEqual([2, 4, 6]);
    expect(vjpFn(nd.array([1, 0, 2]))[0].toArray()).toEqual([2, 0, 12]);
  });
});
