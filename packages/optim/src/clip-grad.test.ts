import { describe, expect, it } from 'vitest';
import { array, ones } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { tensor, type Tensor } from '@dl/autograd';
import { fixture } from './__fixtures__/fixtures.js';
import { clipGradNorm_, clipGradValue_ } from './clip-grad.js';
import { setSparseGrad, sparseGradOf } from './sparse-grad.js';

function withGrads(dtype: 'float32' | 'float64'): Tensor[] {
  return Object.entries(fixture.clip.grads).map(([name, grad]) => {
    const param = tensor(array(fixture.params[name], { dtype }), { requiresGrad: true });
    param.grad = array(grad, { dtype });
    return param;
  });
}

const close = (dtype: string) => (dtype === 'float32' ? { atol: 1e-6, rtol: 1e-6 } : { atol: 1e-12, rtol: 1e-12 });

describe('clipGradNorm_', () => {
  for (const c of fixture.clip.norm) {
    it(`matches torch's clip_grad_norm_ (normType ${c.normType}, maxNorm ${c.maxNorm}, ${c.dtype})`, () => {
      const params = withGrads(c.dtype as 'float32' | 'float64');
      const total = clipGradNorm_(params, c.maxNorm, { normType: c.normType === 'inf' ? Infinity : c.normType });
      expect(total).toBeCloseTo(c.total, c.dtype === 'float32' ? 5 : 12);
      params.forEach((param, i) => { expectClose(param.grad!, Object.values(c.grads)[i], close(c.dtype)); });
    });
  }

  it('takes a single tensor, returns 0 without gradients', () => {
    const w = tensor([3, 4], { requiresGrad: true });
    expect(clipGradNorm_(w, 1)).toBe(0);
    w.grad = array([3, 4]);
    expect(clipGradNorm_(w, 1)).toBeCloseTo(5);
    expectClose(w.grad, [0.6, 0.8], { atol: 1e-6 });
  });

  it('counts a row-sparse gradient once its repeated rows are summed', () => {
    const w = tensor([[0, 0], [0, 0]], { requiresGrad: true });
    setSparseGrad(w, { indices: array([1, 1], { dtype: 'int32' }), values: array([[1, 0], [2, 0]]) });
    expect(clipGradNorm_([w], 1)).toBeCloseTo(3);
    expectClose(sparseGradOf(w)!.values, [[1, 0]], { atol: 1e-6 });
  });

  it('throws on a non-finite total norm when errorIfNonfinite', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.grad = array([1, Number.NaN]);
    expect(() => clipGradNorm_([w], 1, { errorIfNonfinite: true })).toThrow(
      /clipGradNorm_: the total norm of order 2 of the gradients is non-finite \(NaN\), so it cannot be clipped\nhint: pass \{ errorIfNonfinite: false \}/,
    );
    w.grad = array([1, Number.POSITIVE_INFINITY]);
    expect(() => clipGradNorm_([w], 1, { normType: Infinity, errorIfNonfinite: true })).toThrow(/order Infinity of the gradients is non-finite \(Infinity\)/);
  });

  it('rejects an invalid normType or maxNorm', () => {
    const w = tensor([1], { requiresGrad: true });
    expect(() => clipGradNorm_([w], 1, { normType: 0 })).toThrow(/clipGradNorm_: normType must be a positive number or Infinity, got 0/);
    expect(() => clipGradNorm_([w], Number.NaN)).toThrow(/clipGradNorm_: maxNorm must be a number, got NaN/);
    expect(() => clipGradNorm_([ones([2]) as unknown as Tensor], 1)).toThrow(/clipGradNorm_: expected Tensors, but parameter 0 is/);
  });
});

describe('clipGradValue_', () => {
  for (const c of fixture.clip.value) {
    it(`matches torch's clip_grad_value_ (${c.dtype})`, () => {
      const params = withGrads(c.dtype as 'float32' | 'float64');
      clipGradValue_(params, c.clipValue);
      params.forEach((param, i) => { expectClose(param.grad!, Object.values(c.grads)[i], close(c.dtype)); });
    });
  }

  it('rejects a negative clipValue', () => {
    expect(() => { clipGradValue_([], -1); }).toThrow(/clipGradValue_: clipValue must be a number >= 0, got -1/);
  });
});
