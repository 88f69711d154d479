import * as nd from '@dl/tensor';
import type { Dims, NDArray } from '@dl/tensor';
import { arbShape, expectClose } from '@dl/tensor/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOp, leaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import { tensor, type Tensor } from '../tensor.js';
import { amax, amin, cumsum, logsumexp, prod, sum } from './reduce.js';

const runs = { seed: 11, numRuns: 12 };

/** All dims, one dim (negative too), adjacent and scattered dim lists, by `pick`. */
function dimsFor(ndim: number, pick: number): Dims | undefined {
  const choices: (Dims | undefined)[] = [undefined, 0, -1];
  if (ndim > 1) choices.push([0, -1], [-1, -2]);
  if (ndim > 2) choices.push([0, 2]);
  return choices[pick % choices.length];
}

const arbCase = fc
  .tuple(arbShape({ maxSize: 24 }), fc.nat(), fc.boolean(), fc.nat(), fc.boolean())
  .map(([shape, seed, strided, pick, keepdim]) => ({ x: leaf(shape, seed, strided), dim: dimsFor(shape.length, pick), keepdim }));

type Reduction = (x: Tensor, dim?: Dims, options?: { keepdim?: boolean }) => Tensor;
type NDReduction = (x: NDArray, dim?: Dims, options?: { keepdim?: boolean }) => NDArray;
interface Case {
  x: Tensor;
  dim: Dims | undefined;
  keepdim: boolean;
}

/** checkOp's arguments for reducing `x` over `dim`, with and without keepdim. */
function reducing(op: Reduction, reference: NDReduction, { x, dim, keepdim }: Case): Parameters<typeof checkOp> {
  return [(a) => op(a, dim, { keepdim }), (a) => reference(a, dim, { keepdim }), [x]];
}

describe('sum', () => {
  it('matches nd.sum and gradcheck over random shapes, dims and keepdim', () => {
    fc.assert(fc.property(arbCase, (c) => {
      checkOp(...reducing(sum, nd.sum, c));
    }), runs);
  });

  it('gives every element the output gradient of its slice', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    sum(x, -1).backward(nd.array([10, 20]));
    expect(x.grad?.toArray()).toEqual([[10, 10, 10], [20, 20, 20]]);
  });

  it('reduces a 0-d tensor with dim 0', () => {
    const x = tensor(3, { requiresGrad: true });
    sum(x, 0).backward();
    expect(x.grad?.toArray()).toBe(1);
  });

  it('throws naming sum for a dim out of range', () => {
    expect(() => sum(tensor([[1, 2]]), 2)).toThrow(/sum: dim 2 out of range for a 2-d array/);
  });
});

describe('prod', () => {
  it('matches nd.prod and gradcheck over random shapes, dims and keepdim', () => {
    fc.assert(fc.property(arbCase, (c) => {
      checkOp(...reducing(prod, nd.prod, c));
    }), runs);
  });

  it('handles zeros as PyTorch: one zero gets the product of the others, two zeros give 0', () => {
    const x = tensor([[2, 0, 3], [0, 0, 1], [1, 2, 4]], { dtype: 'float64', requiresGrad: true });
    prod(x, 1).backward(nd.ones([3], { dtype: 'float64' }));
    // torch 1.13: x.prod(1).backward(torch.ones(3))
    expect(x.grad?.toArray()).toEqual([[0, 6, 0], [0, 0, 0], [8, 4, 2]]);
    gradcheck((a) => prod(a, 1), [x]);
    gradcheck((a) => prod(a, [0, 1]), [x]);
  });
});

describe('cumsum', () => {
  it('matches nd.cumsum and gradcheck along every dim', () => {
    fc.assert(
      fc.property(arbShape({ maxSize: 24 }), fc.nat(), fc.boolean(), fc.nat(), (shape, seed, strided, pick) => {
        const x = leaf(shape, seed, strided);
        const dim = shape.length === 0 ? 0 : (pick % (2 * shape.length)) - shape.length;
        expect(cumsum(x, dim).toArray()).toEqual(nd.cumsum(x.data, dim).toArray());
        gradcheck((a) => cumsum(a, dim), [x]);
      }),
      runs,
    );
  });

  it('sends each element the sum of the later output gradients', () => {
    const x = tensor([[1, 2, 3]], { requiresGrad: true });
    cumsum(x, 1).backward(nd.array([[1, 2, 3]]));
    expect(x.grad?.toArray()).toEqual([[6, 5, 3]]);
  });
});

describe('logsumexp', () => {
  it('matches nd.logsumexp and gradcheck over random shapes, dims and keepdim', () => {
    fc.assert(fc.property(arbCase, (c) => {
      checkOp(...reducing(logsumexp, nd.logsumexp, c));
    }), runs);
  });

  it('has the finite gradient softmax(x) at logits of ±1e4', () => {
    const x = tensor([1e4, 1e4, -1e4], { dtype: 'float64', requiresGrad: true });
    const y = logsumexp(x, 0);
    y.backward();
    expect(y.item()).toBeCloseTo(1e4 + Math.log(2), 9);
    // x - out loses the digits below 1e4's ulp (~2e-12), as in PyTorch.
    expectClose(x.grad!, [0.5, 0.5, 0], { atol: 1e-12 });
  });
});

describe('amax', () => {
  it('matches nd.amax and gradcheck over random shapes, dims and keepdim', () => {
    fc.assert(fc.property(arbCase, (c) => {
      checkOp(...reducing(amax, nd.amax, c));
    }), runs);
  });

  it('splits the gradient evenly among ties, as PyTorch', () => {
    const x = tensor([[1, 3, 3, 2], [5, 5, 5, 1]], { requiresGrad: true, dtype: 'float64' });
    amax(x, 1).backward(nd.ones([2], { dtype: 'float64' }));
    // torch 1.13: x.amax(1).backward(torch.ones(2))
    expectClose(x.grad!, [[0, 0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3, 0]], { atol: 1e-15 });
  });

  it('sends the gradient of a NaN result to the NaN elements', () => {
    const x = tensor([1, NaN, 2], { requiresGrad: true });
    amax(x).backward();
    expect(x.grad?.toArray()).toEqual([0, 1, 0]);
  });
});

describe('amin', () => {
  it('matches nd.amin and gradcheck over random shapes, dims and keepdim', () => {
    fc.assert(fc.property(arbCase, (c) => {
      checkOp(...reducing(amin, nd.amin, c));
    }), runs);
  });

  it('splits the gradient evenly among ties, as PyTorch', () => {
    const x = tensor([[1, 3], [1, 2]], { requiresGrad: true });
    amin(x, 0).backward(nd.ones([2]));
    // torch 1.13: x.amin(0).backward(torch.ones(2))
    expect(x.grad?.toArray()).toEqual([[0.5, 0], [0.5, 1]]);
  });
});
