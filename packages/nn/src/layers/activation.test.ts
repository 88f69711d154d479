import { randn, tensor } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { ELU, GELU, Identity, LeakyReLU, LogSoftmax, ReLU, SiLU, Sigmoid, Softmax, Tanh, type Module } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

const x = (): ReturnType<typeof tensor> => tensor([-2, -0.5, 0, 0.5, 2]);
const values = [-2, -0.5, 0, 0.5, 2];
const erf = (v: number): number => nd.erf(nd.array([v], { dtype: 'float64' })).item();

describe('activation modules', () => {
  const cases: [string, Module, (v: number) => number][] = [
    ['ReLU', new ReLU(), (v) => Math.max(v, 0)],
    ['LeakyReLU', new LeakyReLU(0.2), (v) => (v > 0 ? v : 0.2 * v)],
    ['ELU', new ELU(), (v) => (v > 0 ? v : Math.expm1(v))],
    ['GELU', new GELU(), (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))],
    ['GELU tanh', new GELU({ approximate: 'tanh' }), (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
    ['SiLU', new SiLU(), (v) => v / (1 + Math.exp(-v))],
    ['Sigmoid', new Sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
    ['Tanh', new Tanh(), Math.tanh],
  ];
  it.each(cases)('%s applies its function element-wise', (_name, module, fn) => {
    expectClose((module.call as (input: unknown) => ReturnType<typeof tensor>)(x()).data, values.map(fn), { atol: 1e-6 });
  });

  it('pass gradcheck through the module', () => {
    for (const [, module] of cases) {
      gradcheck((input) => (module.call as (input: unknown) => ReturnType<typeof tensor>)(input), [randn([3, 4], { dtype: 'float64', requiresGrad: true })]);
    }
  });

  it('print their options', () => {
    expect(String(new LeakyReLU()).split('\n')[0]).toBe('LeakyReLU(negativeSlope=0.01)');
    expect(String(new GELU()).split('\n')[0]).toBe("GELU(approximate='none')");
    expect(String(new Softmax(1)).split('\n')[0]).toBe('Softmax(dim=1)');
  });

  it('throw on bad options', () => {
    expect(() => new GELU({ approximate: 'erf' as 'none' })).toThrow(/GELU: approximate must be 'none' or 'tanh', got 'erf'/);
    expect(() => new Softmax(0.5)).toThrow(/Softmax: dim must be an integer, got 0.5/);
  });
});

describe('Softmax', () => {
  it('makes each slice along dim sum to 1', () => {
    expectClose(nd.sum(new Softmax(1).call(randn([3, 4])).data, 1), [1, 1, 1], { atol: 1e-6 });
    expectClose(nd.sum(new Softmax(0).call(randn([3, 4])).data, 0), [1, 1, 1, 1], { atol: 1e-6 });
  });
});

describe('LogSoftmax', () => {
  it('is the log of Softmax', () => {
    const input = randn([2, 5], { dtype: 'float64' });
    expectClose(new LogSoftmax(-1).call(input).data, nd.log(new Softmax(-1).call(input).data), { atol: 1e-12 });
  });
});

describe('Identity', () => {
  it('returns its input', () => {
    const input = randn([2]);
    expect(new Identity().call(input)).toBe(input);
  });
});
