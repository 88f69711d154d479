import * as nd from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { mul, tensor, zeroGrad } from './index.js';

describe('zeroGrad', () => {
  it('drops gradients by default so the next backward starts fresh', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    mul(w, 3).backward(nd.ones([2]));
    zeroGrad([w]);
    expect(w.grad).toBeNull();
    mul(w, 3).backward(nd.ones([2]));
    expect(w.grad?.toArray()).toEqual([3, 3]);
  });

  it('fills with zeros in place when setToNone is false', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    mul(w, 3).backward(nd.ones([2]));
    const grad = w.grad;
    zeroGrad([w], { setToNone: false });
    expect(w.grad).toBe(grad);
    expect(w.grad?.toArray()).toEqual([0, 0]);
  });

  it('clears a row-sparse gradient too', () => {
    const w = tensor([[1, 2]], { requiresGrad: true });
    w.sparseGrad = { indices: nd.array([0], { dtype: 'int32' }), values: nd.ones([1, 2]) };
    zeroGrad([w]);
    expect(w.sparseGrad).toBeNull();
  });
});
