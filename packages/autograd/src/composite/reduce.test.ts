import * as nd from '@dl/tensor';
import { arbShape } from '@dl/tensor/testing';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { tensor, type Tensor } from '../index.js';
import { leaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import { max, min, type ValuesAndIndices } from './reduce.js';

const runs = { seed: 3, numRuns: 12 };

const arbCase = fc
  .tuple(arbShape({ maxSize: 24 }), fc.nat(), fc.boolean(), fc.nat(), fc.boolean())
  .map(([shape, seed, strided, pick, keepdim]) => ({
    x: leaf(shape, seed, strided),
    dim: shape.length === 0 ? -1 : (pick % (2 * shape.length)) - shape.length,
    keepdim,
  }));

describe.each([
  ['max', max, nd.max],
  ['min', min, nd.min],
] as const)('%s', (name, op, reference) => {
  it('matches the nd op along a dim and gradchecks the values (random shapes, negative dims, keepdim)', () => {
    fc.assert(
      fc.property(arbCase, ({ x, dim, keepdim }) => {
        const { values, indices } = op(x, dim, { keepdim });
        const expected = reference(x.data, dim, { keepdim });
        expect(values.toArray()).toEqual(expected.values.toArray());
        expect(indices.toArray()).toEqual(expected.indices.toArray());
        expect(indices.dtype).toBe('int32');
        expect(indices.requiresGrad).toBe(false);
        gradcheck((a) => op(a, dim, { keepdim }).values, [x]);
      }),
      runs,
    );
  });

  it('matches the nd op without a dim and gradchecks the 0-d result', () => {
    fc.assert(
      fc.property(arbShape({ maxSize: 24 }), fc.nat(), fc.boolean(), (shape, seed, strided) => {
        const x = leaf(shape, seed, strided);
        expect(op(x).toArray()).toEqual(reference(x.data).toArray());
        gradcheck((a) => op(a), [x]);
      }),
      runs,
    );
  });

  it('throws naming the op for an empty tensor or a list of dims', () => {
    expect(() => op(tensor([]))).toThrow(new RegExp(`${name}: cannot reduce an empty array \\(shape \\[0\\]\\) over all dims`));
    expect(() => (op as (x: Tensor, dim: unknown) => unknown)(tensor([[1]]), [0, 1])).toThrow(
      new RegExp(`${name}: dim must be a single integer, got \\[0, 1\\]`),
    );
  });
});

describe('max', () => {
  it('sends the gradient along a dim to the first of tied elements, as PyTorch', () => {
    const x = tensor([[3, 3, 1], [0, 2, 2]], { requiresGrad: true });
    max(x, 1, { keepdim: true }).values.backward(nd.ones([2, 1]));
    // torch 1.13: x.max(1, keepdim=True).values.backward(torch.ones(2, 1))
    expect(x.grad?.toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it('splits the gradient among ties without a dim, and sends a NaN result to the NaN, as PyTorch', () => {
    const x = tensor([1, 3, 3, 2], { requiresGrad: true });
    max(x).backward();
    expect(x.grad?.toArray()).toEqual([0, 0.5, 0.5, 0]);
    const y = tensor([1, NaN], { requiresGrad: true });
    max(y).backward();
    // torch 1.13: torch.tensor([1., nan]).max().backward() gives [0., 1.]
    expect(y.grad?.toArray()).toEqual([0, 1]);
  });

  it('is overloaded as a method: a 0-d tensor without a dim, values and indices with one', () => {
    const x = tensor([[1, 5], [7, 2]], { requiresGrad: true });
    expectTypeOf(x.max()).toEqualTypeOf<Tensor>();
    expectTypeOf(x.max(1)).toEqualTypeOf<ValuesAndIndices>();
    expect(x.max().item()).toBe(7);
    expect(x.max(1).indices.toArray()).toEqual([1, 0]);
  });
});

describe('min', () => {
  it('splits the gradient among ties without a dim, as PyTorch', () => {
    const x = tensor([[1, 3], [1, 2]], { requiresGrad: true });
    min(x).backward();
    // torch 1.13: x.min().backward()
    expect(x.grad?.toArray()).toEqual([[0.5, 0], [0.5, 0]]);
    expect(x.min(0, { keepdim: true }).values.toArray()).toEqual([[1, 2]]);
  });
});
