import type { Tensor } from '@dl/autograd';
import type { NDArray } from '@dl/tensor';
import { describe, expectTypeOf, it } from 'vitest';
import { Bilinear, CrossEntropyLoss, Linear, Module, Sequential, type CallInputs, type Parameter, type StateDict } from './index.js';

declare const x: Tensor;
declare const array: NDArray;

describe('Module types', () => {
  it('parameters() returns Parameter[] and namedParameters() named pairs', () => {
    const model = new Sequential(new Linear(2, 3));
    expectTypeOf(model.parameters()).toEqualTypeOf<Parameter[]>();
    expectTypeOf(model.namedParameters()).toEqualTypeOf<[string, Parameter][]>();
    expectTypeOf(model.parameters()[0]).toExtend<Tensor>();
    expectTypeOf(model.stateDict()).toEqualTypeOf<StateDict>();
    expectTypeOf(model.stateDict()['0.weight']).toEqualTypeOf<NDArray>();
  });

  it('call() takes and returns what forward does', () => {
    expectTypeOf(new Linear(2, 3).call(x)).toEqualTypeOf<Tensor>();
    // @ts-expect-error -- Linear takes one input
    new Linear(2, 3).call(x, x);
    expectTypeOf(new Bilinear(2, 3, 4).call(x, x)).toEqualTypeOf<Tensor>();
    // @ts-expect-error -- Bilinear takes two inputs
    new Bilinear(2, 3, 4).call(x);
    expectTypeOf(new CrossEntropyLoss().call(x, x)).toEqualTypeOf<Tensor>();
  });

  it('call() takes an NDArray wherever forward takes a Tensor', () => {
    expectTypeOf(new Linear(2, 3).call(array)).toEqualTypeOf<Tensor>();
    expectTypeOf(new Sequential(new Linear(2, 3)).call(array)).toEqualTypeOf<Tensor>();
    expectTypeOf(new Bilinear(2, 3, 4).call(array, x)).toEqualTypeOf<Tensor>();
    expectTypeOf(new CrossEntropyLoss().call(array, array)).toEqualTypeOf<Tensor>();
    expectTypeOf<CallInputs<[input: Tensor, scale: number]>>().toEqualTypeOf<[input: Tensor | NDArray, scale: number]>();
    class Counter extends Module {
      forward(n: number): number {
        return n;
      }
    }
    // @ts-expect-error -- forward takes a number, not an array
    new Counter().call(array);
  });

  it('a custom module gets its forward signature on call()', () => {
    class Pair extends Module {
      forward(a: Tensor, scale: number): { out: Tensor; scale: number } {
        return { out: a, scale };
      }
    }
    expectTypeOf(new Pair().call(x, 2)).toEqualTypeOf<{ out: Tensor; scale: number }>();
    // @ts-expect-error -- scale must be a number
    new Pair().call(x, 'two');
  });

  it('layer fields are typed', () => {
    expectTypeOf(new Linear(2, 3).weight).toEqualTypeOf<Parameter>();
    expectTypeOf(new Linear(2, 3).bias).toEqualTypeOf<Parameter | null>();
  });
});
