// The chainable methods are part of NDArray's type (not only of its prototype at runtime).
import { describe, expectTypeOf, it } from 'vitest';
import { array, type NDArray, type ValuesAndIndices } from './index.js';

describe('NDArray methods', () => {
  it('chains element-wise, matmul and reduction methods with NDArray results', () => {
    const x = array([[1, 2], [3, 4]]);
    expectTypeOf(x.matmul(x).relu()).toEqualTypeOf<NDArray>();
    expectTypeOf(x.add(1).mul(x).sum()).toEqualTypeOf<NDArray>();
    expectTypeOf(x.reshape([4]).T).toEqualTypeOf<NDArray>();
    expectTypeOf(x.astype('float64')).toEqualTypeOf<NDArray>();
    expectTypeOf(x.to('float64')).toEqualTypeOf<NDArray>();
    // a new element-wise op is a method with no edit to methods.ts
    expectTypeOf(x.atan2(x).logicalXor(x)).toEqualTypeOf<NDArray>();
  });

  it('types the overloads of max and min', () => {
    const x = array([[1, 2], [3, 4]]);
    expectTypeOf(x.max()).toEqualTypeOf<NDArray>();
    expectTypeOf(x.min(1)).toEqualTypeOf<ValuesAndIndices>();
  });

  it('keeps each method parameter list', () => {
    const x = array([[1, 2], [3, 4]]);
    expectTypeOf(x.sum).toBeCallableWith(1, { keepdim: true });
    expectTypeOf(x.transpose).toBeCallableWith(0, 1);
    expectTypeOf<NDArray>().toHaveProperty('matmul');
    expectTypeOf<NDArray>().not.toHaveProperty('notAMethod');
  });
});
