// The chainable methods are part of Tensor's type (not only of its prototype at runtime).
import { describe, expectTypeOf, it } from 'vitest';
import { tensor, type Tensor, type ValuesAndIndices } from './index.js';

describe('Tensor methods', () => {
  it('chains element-wise, matmul and reduction methods with Tensor results', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    expectTypeOf(x.mul(2).sum()).toEqualTypeOf<Tensor>();
    expectTypeOf<Tensor['backward']>().toBeFunction();
    expectTypeOf(x.matmul(x).relu().mean()).toEqualTypeOf<Tensor>();
    expectTypeOf(x.T).toEqualTypeOf<Tensor>();
    expectTypeOf(x.to('float64').astype('float32')).toEqualTypeOf<Tensor>();
    // a new element-wise op is a method with no edit to methods.ts
    expectTypeOf(x.atan2(x).logicalXor(x)).toEqualTypeOf<Tensor>();
  });

  it('types the overloads of max and min', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expectTypeOf(x.max()).toEqualTypeOf<Tensor>();
    expectTypeOf(x.min(1)).toEqualTypeOf<ValuesAndIndices>();
  });

  it('rejects a method that does not exist', () => {
    expectTypeOf<Tensor>().toHaveProperty('mul');
    expectTypeOf<Tensor>().not.toHaveProperty('notAMethod');
  });
});
