import * as nd from '@dl/tensor';
import type { Dims, NDArray, NormOrder } from '@dl/tensor';
import { arbShape, expectClose } from '@dl/tensor/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../index.js';
import { checkOp, leaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import * as statistics from './statistics.js';
import { mean, norm, std, variance } from './statistics.js';

const runs = { seed: 9, numRuns: 10 };

/** All dims, one dim (negative too), adjacent and scattered dim lists, by `pick`. */
function dimsFor(ndim: number, pick: number): Dims | undefined {
  const choices: (Dims | undefined)[] = [undefined, 0, -1];
  if (ndim > 1) choices.push([0, -1], [-1, -2]);
  if (ndim > 2) choices.push([0, 2]);
  return choices[pick % choices.length];
}

const arbCase = (minSize: number) =>
  fc
    .tuple(arbShape({ maxSize: 24 }), fc.nat(), fc.boolean(), fc.nat(), fc.boolean())
    .map(([shape, seed, strided, pick, keepdim]) => ({ x: leaf(shape, seed, strided), dim: dimsFor(shape.length, pick), keepdim }))
    // var and std need two samples per slice to be defined.
    .filter(({ x, dim }) => reducedCount(x.shape, dim) >= minSize);

function reducedCount(shape: readonly number[], dim: Dims | undefined): number {
  if (dim === undefined) return shape.reduce((n, s) => n * s, 1);
  const dims = typeof dim === 'number' ? [dim] : dim;
  return shape.length === 0 ? 1 : dims.reduce((n, d) => n * shape.at(d)!, 1);
}

type Reduction = (x: Tensor, dim?: Dims, options?: { keepdim?: boolean }) => Tensor;
type NDReduction = (x: NDArray, dim?: Dims, options?: { keepdim?: boolean }) => NDArray;

// Reductions composed of several primitives round differently from the fused NDArray kernels.
const close = { rtol: 1e-12, atol: 1e-12 };

/** Forward close to the nd reduction; throws a GradcheckError unless backward matches finite differences. */
function compare(op: Reduction, reference: NDReduction, { x, dim, keepdim }: { x: Tensor; dim: Dims | undefined; keepdim: boolean }): void {
  expectClose(op(x, dim, { keepdim }).data, reference(x.data, dim, { keepdim }), close);
  gradcheck((a) => op(a, dim, { keepdim }), [x]);
}

describe('mean', () => {
  it('matches nd.mean and gradcheck over random shapes, dims and keepdim', () => {
    fc.assert(fc.property(arbCase(1), ({ x, dim, keepdim }) => {
      checkOp((a) => mean(a, dim, { keepdim }), (a) => nd.mean(a, dim, { keepdim }), [x]);
    }), runs);
  });

  it('throws naming mean for int32 input, a bad dim or options in place of the dim', () => {
    expect(() => mean(tensor([1, 2], { dtype: 'int32' }))).toThrow(/mean: input must be float32 or float64, got int32/);
    expect(() => mean(tensor([1, 2]), 1)).toThrow(/mean: dim 1 out of range for a 1-d array/);
    expect(() => mean(tensor([1, 2]), { keepdim: true } as never)).toThrow(/mean: dim must be an integer or an array of integers, got object/);
  });
});

describe('variance', () => {
  it('matches nd.var and gradcheck over random shapes, dims and keepdim', () => {
    fc.assert(fc.property(arbCase(2), (c) => {
      expect(() => { compare(variance, nd.var, c); }).not.toThrow();
    }), runs);
  });

  it('is exported as var too, and honours correction as PyTorch', () => {
    const x = tensor([[1, 2, 4]], { dtype: 'float64', requiresGrad: true });
    const y = statistics.variance(x, 1, { correction: 0 });
    y.backward(nd.ones([1], { dtype: 'float64' }));
    // torch 1.13: x.var(1, correction=0).backward(torch.ones(1))
    expectClose(y.data, [1.5555555555555554], { rtol: 1e-15 });
    expectClose(x.grad!, [[-0.888888888888889, -0.22222222222222232, 1.111111111111111]], { rtol: 1e-14 });
    expect(x.var().item()).toBeCloseTo(2.3333333333333335, 14);
  });

  it('throws naming var for a correction that is not a finite number', () => {
    expect(() => variance(tensor([1, 2]), 0, { correction: NaN })).toThrow(/var: correction must be a finite number, got NaN/);
  });
});

describe('std', () => {
  it('matches nd.std and gradcheck over random shapes, dims and keepdim', () => {
    fc.assert(fc.property(arbCase(2), (c) => {
      expect(() => { compare(std, nd.std, c); }).not.toThrow();
    }), runs);
  });

  it('has gradient 0 (not NaN) where the deviation is 0, as PyTorch', () => {
    const x = tensor([[1, 1], [1, 3]], { dtype: 'float64', requiresGrad: true });
    std(x, 1).backward(nd.ones([2], { dtype: 'float64' }));
    // torch 1.13: x.std(1).backward(torch.ones(2))
    expectClose(x.grad!, [[0, 0], [-0.7071067811865475, 0.7071067811865475]], { atol: 1e-15 });
  });
});

describe('norm', () => {
  const orders: NormOrder[] = [2, 'fro', 1, Infinity, -Infinity, 0, 3, 0.5, -1];
  for (const p of orders) {
    it(`matches nd.norm and gradcheck for p = ${String(p)}`, () => {
      const op: Reduction = (x, dim, options) => norm(x, p, dim, options);
      const reference: NDReduction = (x, dim, options) => nd.norm(x, p, dim, options);
      fc.assert(fc.property(arbCase(1), (c) => {
        expect(() => { compare(op, reference, c); }).not.toThrow();
      }), runs);
    });
  }

  it('has gradient 0 (not NaN) at a zero vector, and at zero elements for p < 1, as PyTorch', () => {
    const x = tensor([[3, 4], [0, 0]], { dtype: 'float64', requiresGrad: true });
    norm(x, 2, 1).backward(nd.ones([2], { dtype: 'float64' }));
    // torch 1.13: torch.norm(x, 2, 1).backward(torch.ones(2))
    expectClose(x.grad!, [[0.6, 0.8], [0, 0]], { atol: 1e-15 });
    const y = tensor([[1, -2], [0, 3]], { dtype: 'float64', requiresGrad: true });
    norm(y, 0.5).backward();
    // torch 1.13: torch.norm(y, 0.5).backward()
    expectClose(y.grad!, [[4.146264369941973, -2.9318516525781364], [0, 2.3938468501173524]], { rtol: 1e-13 });
    for (const p of [1, 3, Infinity, 0]) {
      const zero = tensor([0, 0], { dtype: 'float64', requiresGrad: true });
      norm(zero, p).backward();
      expect(zero.grad?.toArray()).toEqual([0, 0]);
    }
  });

  it('splits the Infinity-norm gradient among ties with their signs, as PyTorch', () => {
    const x = tensor([1, -3, 3, 2], { dtype: 'float64', requiresGrad: true });
    norm(x, Infinity).backward();
    // torch 1.13: torch.norm(x, float('inf')).backward()
    expect(x.grad?.toArray()).toEqual([0, -0.5, 0.5, 0]);
  });

  it('throws naming norm for an order that is not a number', () => {
    expect(() => norm(tensor([1]), 'nuc' as never)).toThrow(/norm: p must be a number or 'fro', got nuc/);
    expect(() => norm(tensor([1], { dtype: 'int32' }))).toThrow(/norm: input must be float32 or float64, got int32/);
  });
});

describe('TensorMethods', () => {
  it('chain the reductions on tensors', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
    expect(x.sum(1).toArray()).toEqual([6, 15]);
    expect(x.mean(-1, { keepdim: true }).toArray()).toEqual([[2], [5]]);
    expect(x.prod().item()).toBe(720);
    expect(x.cumsum(0).toArray()).toEqual([[1, 2, 3], [5, 7, 9]]);
    expect(x.amax(0).toArray()).toEqual([4, 5, 6]);
    expect(x.argmax(1).toArray()).toEqual([2, 2]);
    expect(x.std(1).toArray()).toEqual([1, 1]);
    expect(x.norm(1).item()).toBe(21);
    expectClose(x.logsumexp(1).data, nd.logsumexp(x.data, 1));
    expectClose(x.softmax(1).data, nd.softmax(x.data, 1));
    expectClose(x.logSoftmax(1).data, nd.logSoftmax(x.data, 1));
    expect(x.matmul(tensor(x.data.T)).toArray()).toEqual([[14, 32], [32, 77]]);
    expect(x.gt(3).toArray()).toEqual([[0, 0, 0], [1, 1, 1]]);
  });
});
