import { randn } from '@dl/autograd';
import { describe, expect, it } from 'vitest';
import { Flatten, Unflatten } from '../index.js';

describe('Flatten', () => {
  it('flattens all but the batch dim by default', () => {
    expect(new Flatten().call(randn([2, 3, 4, 5])).shape).toEqual([2, 60]);
    expect(new Flatten(0, 1).call(randn([2, 3, 4])).shape).toEqual([6, 4]);
  });

  it('throws on non-integer dims', () => {
    expect(() => new Flatten(0.5)).toThrow(/Flatten: startDim and endDim must be integers, got 0.5 and -1/);
  });
});

describe('Unflatten', () => {
  it('splits a dim into sizes', () => {
    expect(new Unflatten(1, [4, -1]).call(randn([2, 12])).shape).toEqual([2, 4, 3]);
  });
});
