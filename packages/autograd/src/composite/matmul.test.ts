import * as nd from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { tensor } from '../index.js';
import { checkOp, leaf } from '../testing/check-op.js';
import { bmm, dot, outer } from './matmul.js';

describe('dot', () => {
  it('matches nd.dot and gradcheck, strided or not', () => {
    checkOp(dot, nd.dot, [leaf([5], 0), leaf([5], 1, false)]);
  });

  it('throws naming dot for operands that are not 1-d or differ in length', () => {
    expect(() => dot(leaf([2, 3], 0), leaf([3], 1))).toThrow(/dot: expected 1-d tensors, got \[2, 3\] and \[3\]/);
    expect(() => dot(leaf([2], 0), leaf([3], 1))).toThrow(/dot: tensors of shapes \[2\] and \[3\] differ in length \(2 != 3\)/);
  });
});

describe('outer', () => {
  it('matches nd.outer and gradcheck, strided or not', () => {
    checkOp(outer, nd.outer, [leaf([3], 0), leaf([4], 1, false)]);
  });

  it('throws naming outer for operands that are not 1-d', () => {
    expect(() => outer(leaf([3], 0), leaf([1, 4], 1))).toThrow(/outer: expected 1-d tensors, got \[3\] and \[1, 4\]/);
  });
});

describe('bmm', () => {
  it('matches nd.bmm and gradcheck, strided or not', () => {
    checkOp(bmm, nd.bmm, [leaf([2, 3, 4], 0), leaf([2, 4, 2], 1, false)]);
  });

  it('throws naming bmm for operands that are not 3-d, or whose batch or inner sizes differ', () => {
    expect(() => bmm(leaf([3, 4], 0), leaf([4, 2], 1))).toThrow(/bmm: expected 3-d tensors, got \[3, 4\] and \[4, 2\]/);
    expect(() => bmm(leaf([2, 3, 4], 0), leaf([1, 4, 2], 1))).toThrow(/bmm: batch sizes of shapes \[2, 3, 4\] and \[1, 4, 2\] differ \(2 != 1\)/);
    expect(() => bmm(leaf([2, 3, 4], 0), leaf([2, 3, 2], 1))).toThrow(/bmm: shapes \[2, 3, 4\] and \[2, 3, 2\] cannot be multiplied \(4 != 3\)/);
  });

  it('is a method too', () => {
    const a = tensor([[[1, 2]]]);
    expect(a.bmm(tensor([[[3], [4]]])).toArray()).toEqual([[[11]]]);
    expect(tensor([1, 2]).dot(tensor([3, 4])).item()).toBe(11);
  });
});
