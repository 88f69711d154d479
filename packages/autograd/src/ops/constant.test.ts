import * as nd from '@dl/tensor';
import type { NDArray } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../tensor.js';
import {
  all, any, argmax, argmin, ceil, eq, floor, ge, gt, isFinite, isNaN, le, logicalAnd, logicalNot, logicalOr, lt, ne,
  round, sign,
} from './constant.js';

const x = (): Tensor => tensor([[1.5, -2.5, 0], [3, NaN, -Infinity]], { requiresGrad: true });

type Unary = [string, (t: Tensor) => Tensor, (a: NDArray) => NDArray];
const unary: Unary[] = [
  ['argmax', (t) => argmax(t, 1), (a) => nd.argmax(a, 1)],
  ['argmin', (t) => argmin(t), (a) => nd.argmin(a)],
  ['all', (t) => all(t, 1, { keepdim: true }), (a) => nd.all(a, 1, { keepdim: true })],
  ['any', (t) => any(t), (a) => nd.any(a)],
  ['logicalNot', logicalNot, nd.logicalNot],
  ['sign', sign, nd.sign],
  ['round', round, nd.round],
  ['floor', floor, nd.floor],
  ['ceil', ceil, nd.ceil],
  ['isNaN', isNaN, nd.isNaN],
  ['isFinite', isFinite, nd.isFinite],
];

describe.each(unary)('%s', (_, op, reference) => {
  it('matches the nd op and never requires grad', () => {
    const input = x();
    const y = op(input);
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(y.toArray()).toEqual(reference(input.data).toArray());
  });
});

type Binary = [string, (a: Tensor, b: Tensor | number) => Tensor, (a: NDArray, b: NDArray | number) => NDArray];
const binary: Binary[] = [
  ['eq', eq, nd.eq], ['ne', ne, nd.ne], ['lt', lt, nd.lt], ['le', le, nd.le], ['gt', gt, nd.gt], ['ge', ge, nd.ge],
  ['logicalAnd', logicalAnd, nd.logicalAnd], ['logicalOr', logicalOr, nd.logicalOr],
];

describe.each(binary)('%s', (_, op, reference) => {
  it('broadcasts tensors and scalars like the nd op and never requires grad', () => {
    const a = x();
    const b = tensor([3, -2.5, 1], { requiresGrad: true });
    for (const [y, expected] of [[op(a, b), reference(a.data, b.data)], [op(a, 0), reference(a.data, 0)]] as const) {
      expect(y.requiresGrad).toBe(false);
      expect(y.dtype).toBe('bool');
      expect(y.toArray()).toEqual(expected.toArray());
    }
  });
});

describe('argmax', () => {
  it('throws naming argmax for a dim out of range', () => {
    expect(() => argmax(x(), 2)).toThrow(/argmax: dim 2 out of range for a 2-d array/);
  });
});

describe('eq', () => {
  it('throws naming eq and both shapes when they do not broadcast', () => {
    expect(() => eq(x(), tensor([1, 2]))).toThrow(/eq: shapes \[2, 3\] and \[2\] are not broadcastable/);
  });
});
