import * as nd from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { describe, expect, it } from 'vitest';
import { leaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import { tensor } from '../tensor.js';
import { linear, matmul } from './matmul.js';

describe('matmul', () => {
  // Every form of torch.matmul, with broadcast batch dims on either side.
  const forms: [string, number[], number[]][] = [
    ['1-d · 1-d (dot)', [4], [4]],
    ['1-d @ 2-d', [3], [3, 5]],
    ['2-d @ 1-d', [2, 3], [3]],
    ['2-d @ 2-d', [2, 3], [3, 4]],
    ['1-d @ batched', [3], [2, 3, 4]],
    ['batched @ 1-d', [2, 4, 3], [3]],
    ['batched @ 2-d (broadcast B)', [2, 3, 4], [4, 5]],
    ['2-d @ batched (broadcast A)', [3, 4], [2, 4, 2]],
    ['broadcast batch dims on both sides', [2, 1, 3, 4], [3, 4, 2]],
    ['batch dims of size 1 against larger ones', [1, 2, 2, 3], [3, 1, 3, 2]],
  ];

  for (const [name, aShape, bShape] of forms) {
    it(`matches nd.matmul and gradcheck: ${name} ${JSON.stringify(aShape)} @ ${JSON.stringify(bShape)}`, () => {
      for (const strided of [false, true]) {
        const a = leaf(aShape, 1, strided);
        const b = leaf(bShape, 2, strided);
        expect(matmul(a, b).toArray()).toEqual(nd.matmul(a.data, b.data).toArray());
        gradcheck(matmul, [a, b]);
      }
    });
  }

  it('sums the gradient of a broadcast B over the batch: [B, m, k] @ [k, n]', () => {
    const a = tensor(nd.ones([3, 2, 4], { dtype: 'float64' }), { requiresGrad: true });
    const b = leaf([4, 5], 3);
    matmul(a, b).backward(nd.ones([3, 2, 5], { dtype: 'float64' }));
    expect(b.grad?.shape).toEqual([4, 5]);
    expectClose(b.grad!, nd.full([4, 5], 6, { dtype: 'float64' }));
  });

  it('computes only the gradients that are needed', () => {
    const a = leaf([2, 3], 4);
    const b = tensor(nd.randn([3, 2], { dtype: 'float64' }));
    matmul(a, b).backward(nd.ones([2, 2], { dtype: 'float64' }));
    expect(b.grad).toBeNull();
    expectClose(a.grad!, nd.expand(nd.unsqueeze(nd.sum(b.data, 1), 0), [2, 3]));
  });

  it('casts the gradient of a float32 operand back to float32', () => {
    const a = tensor([[1, 2]], { requiresGrad: true });
    const b = tensor([[3], [4]], { dtype: 'float64', requiresGrad: true });
    matmul(a, b).backward(nd.ones([1, 1], { dtype: 'float64' }));
    expect(a.grad?.dtype).toBe('float32');
    expect(a.grad?.toArray()).toEqual([[3, 4]]);
  });

  it('throws naming both shapes when the inner sizes differ', () => {
    expect(() => matmul(leaf([2, 3], 5), leaf([4, 5], 6))).toThrow(/matmul: shapes \[2, 3\] and \[4, 5\] cannot be multiplied \(3 != 4\)/);
  });
});

describe('linear', () => {
  const shapes: [string, number[]][] = [
    ['[3, 4]', [3, 4]],
    ['[2, 3, 4] (leading dims)', [2, 3, 4]],
    ['[4] (1-d input)', [4]],
  ];
  for (const [name, xShape] of shapes) {
    it(`matches matmul(x, Wᵀ) + b and gradcheck: x ${name}, with and without a bias`, () => {
      for (const strided of [false, true]) {
        const x = leaf(xShape, 1, strided);
        const weight = leaf([5, 4], 2, strided);
        const bias = leaf([5], 3, strided);
        expectClose(linear(x, weight, bias).data, nd.add(nd.matmul(x.data, nd.mT(weight.data)), bias.data));
        expectClose(linear(x, weight).data, nd.matmul(x.data, nd.mT(weight.data)));
        gradcheck(linear, [x, weight, bias]);
        gradcheck((a, w) => linear(a, w), [x, weight]);
      }
    });
  }

  it('computes only the gradients that are needed', () => {
    const x = tensor(nd.randn([2, 4], { dtype: 'float64' }));
    const weight = leaf([3, 4], 4);
    const bias = tensor(nd.zeros([3], { dtype: 'float64' }));
    linear(x, weight, bias).backward(nd.ones([2, 3], { dtype: 'float64' }));
    expect(x.grad).toBeNull();
    expect(bias.grad).toBeNull();
    expectClose(weight.grad!, nd.expand(nd.unsqueeze(nd.sum(x.data, 0), 0), [3, 4]));
  });

  it('names the op in its graph node and throws naming the shapes', () => {
    expect(linear(leaf([2, 4], 5), leaf([3, 4], 6)).gradFn?.name).toBe('LinearBackward');
    expect(() => linear(leaf([2, 3], 5), leaf([4, 5], 6))).toThrow(/linear: input \[2, 3\] and weight \[4, 5\] cannot be multiplied \(3 != 5\)/);
  });
});
