// expectTypeOf is the assertion here, which vitest/expect-expect does not know.
 
import { describe, expectTypeOf, it } from 'vitest';
import { array, max, min, type NDArray, type ValuesAndIndices } from '../index.js';

describe('max', () => {
  it('returns an NDArray without a dim and values with indices with one', () => {
    const x = array([[1, 2], [3, 4]]);
    expectTypeOf(max(x)).toEqualTypeOf<NDArray>();
    expectTypeOf(max(x, 1)).toEqualTypeOf<ValuesAndIndices>();
    expectTypeOf(max(x, 1, { keepdim: true }).indices).toEqualTypeOf<NDArray>();
    expectTypeOf(x.max()).toEqualTypeOf<NDArray>();
    expectTypeOf(x.max(0, { keepdim: true })).toEqualTypeOf<ValuesAndIndices>();
  });
});

describe('min', () => {
  it('returns an NDArray without a dim and values with indices with one', () => {
    const x = array([[1, 2], [3, 4]]);
    expectTypeOf(min(x)).toEqualTypeOf<NDArray>();
    expectTypeOf(x.min()).toEqualTypeOf<NDArray>();
    expectTypeOf(x.min(-1)).toEqualTypeOf<ValuesAndIndices>();
  });
});

describe('sum', () => {
  it('accepts one dim, several or none, with options', () => {
    const x = array([[1, 2], [3, 4]]);
    expectTypeOf(x.sum()).toEqualTypeOf<NDArray>();
    expectTypeOf(x.sum([0, 1], { keepdim: true })).toEqualTypeOf<NDArray>();
    // @ts-expect-error keepdim goes in the options object, not positionally
    x.sum(0, true);
  });
});
