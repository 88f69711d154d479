import * as nd from '@dl/tensor';
import { Generator, manualSeed } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { Parameter, init } from './index.js';

beforeEach(() => {
  manualSeed(0);
});

const values = (x: nd.NDArray | Parameter): number[] => Array.from((Parameter.isParameter(x) ? x.data : x).dataSync());
const stats = (x: nd.NDArray | Parameter): { min: number; max: number; mean: number; std: number } => {
  const v = values(x);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { min: Math.min(...v), max: Math.max(...v), mean, std };
};

describe('calculateGain', () => {
  it('returns PyTorch gains', () => {
    expect(init.calculateGain('linear')).toBe(1);
    expect(init.calculateGain('conv2d')).toBe(1);
    expect(init.calculateGain('sigmoid')).toBe(1);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 12);
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 12);
    expect(init.calculateGain('leakyRelu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 12);
    expect(init.calculateGain('leakyRelu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(init.calculateGain('selu')).toBe(0.75);
  });

  it('throws on an unknown nonlinearity, listing the known ones', () => {
    expect(() => init.calculateGain('swish' as init.Nonlinearity)).toThrow(/calculateGain: unsupported nonlinearity 'swish'\nhint: one of linear, conv1d/);
  });
});

describe('calculateFanInAndFanOut', () => {
  it('multiplies by the receptive field', () => {
    expect(init.calculateFanInAndFanOut(nd.zeros([16, 3, 5, 5]))).toEqual([75, 400]);
    expect(init.calculateFanInAndFanOut(nd.zeros([4, 7]))).toEqual([7, 4]);
  });

  it('throws for fewer than 2 dims', () => {
    expect(() => init.calculateFanInAndFanOut(nd.zeros([5]))).toThrow(/calculateFanInAndFanOut: fan in and fan out need a tensor of at least 2 dims, got shape \[5\]/);
  });
});

describe('uniform_', () => {
  it('fills a parameter in place with U(a, b) and returns it', () => {
    const p = new Parameter(nd.zeros([100, 50]));
    const data = p.data;
    expect(init.uniform_(p, -2, 3)).toBe(p);
    expect(p.data).toBe(data);
    const { min, max, mean } = stats(p);
    expect(min).toBeGreaterThanOrEqual(-2);
    expect(max).toBeLessThan(3);
    expect(mean).toBeCloseTo(0.5, 1);
  });

  it('is reproducible with manualSeed and with a generator', () => {
    manualSeed(3);
    const a = init.uniform_(nd.zeros([5]));
    manualSeed(3);
    const b = init.uniform_(nd.zeros([5]));
    expect(values(a)).toEqual(values(b));
    const c = init.uniform_(nd.zeros([5]), 0, 1, { generator: new Generator(7) });
    const d = init.uniform_(nd.zeros([5]), 0, 1, { generator: new Generator(7) });
    expect(values(c)).toEqual(values(d));
  });

  it('writes through a non-contiguous view', () => {
    const base = nd.zeros([3, 4]);
    init.uniform_(nd.transpose(base, 0, 1), 1, 2);
    expect(values(base).every((v) => v >= 1 && v < 2)).toBe(true);
  });

  it('throws on integer tensors and on a > b', () => {
    expect(() => init.uniform_(nd.zeros([2], { dtype: 'int32' }))).toThrow(/uniform_: expected a floating point tensor, got int32/);
    expect(() => init.uniform_(nd.zeros([2]), 1, 0)).toThrow(/uniform_: expected a <= b, got a 1 and b 0/);
    expect(() => init.uniform_([1] as unknown as nd.NDArray)).toThrow(/uniform_: expected a Tensor or an NDArray, got an array/);
  });
});

describe('normal_', () => {
  it('fills with N(mean, std²)', () => {
    const x = init.normal_(nd.zeros([200, 100], { dtype: 'float64' }), 3, 0.5);
    const { mean, std } = stats(x);
    expect(mean).toBeCloseTo(3, 1);
    expect(std).toBeCloseTo(0.5, 1);
  });

  it('throws on a negative std', () => {
    expect(() => init.normal_(nd.zeros([2]), 0, -1)).toThrow(/normal_: std must be non-negative, got -1/);
  });
});

describe('constant_', () => {
  it('fills with a value; zeros_ and ones_ with 0 and 1', () => {
    expect(values(init.constant_(nd.zeros([3]), 0.25))).toEqual([0.25, 0.25, 0.25]);
    expect(values(init.ones_(nd.zeros([2])))).toEqual([1, 1]);
    expect(values(init.zeros_(new Parameter(nd.ones([2]))))).toEqual([0, 0]);
  });
});

describe('xavierUniform_', () => {
  it('draws from U(-a, a) with a = gain·√(6 / (fanIn + fanOut))', () => {
    const x = init.xavierUniform_(nd.zeros([300, 200]), { gain: 2 });
    const bound = 2 * Math.sqrt(6 / 500);
    const { min, max, std } = stats(x);
    expect(min).toBeGreaterThanOrEqual(-bound);
    expect(max).toBeLessThanOrEqual(bound);
    expect(std).toBeCloseTo(bound / Math.sqrt(3), 2);
  });
});

describe('xavierNormal_', () => {
  it('draws with std = gain·√(2 / (fanIn + fanOut))', () => {
    const { std } = stats(init.xavierNormal_(nd.zeros([300, 200])));
    expect(std).toBeCloseTo(Math.sqrt(2 / 500), 2);
  });
});

describe('kaimingUniform_', () => {
  it('gives U(-1/√fanIn, 1/√fanIn) for a = √5, as PyTorch Linear', () => {
    const x = init.kaimingUniform_(nd.zeros([400, 25]), { a: Math.sqrt(5) });
    const { min, max } = stats(x);
    expect(min).toBeGreaterThanOrEqual(-0.2);
    expect(max).toBeLessThanOrEqual(0.2);
    expect(min).toBeLessThan(-0.19);
    expect(max).toBeGreaterThan(0.19);
  });

  it('uses fanOut and the relu gain when asked', () => {
    const { std } = stats(init.kaimingUniform_(nd.zeros([50, 400]), { mode: 'fanOut', nonlinearity: 'relu' }));
    expect(std).toBeCloseTo(Math.SQRT2 / Math.sqrt(50), 2);
  });

  it('leaves a tensor with no elements alone', () => {
    expect(init.kaimingUniform_(nd.zeros([0, 3])).shape).toEqual([0, 3]);
  });

  it('throws on an unknown mode', () => {
    expect(() => init.kaimingUniform_(nd.zeros([2, 2]), { mode: 'fan_in' as 'fanIn' })).toThrow(/kaimingUniform_: mode must be 'fanIn' or 'fanOut', got 'fan_in'/);
  });
});

describe('kaimingNormal_', () => {
  it('draws with std = gain / √fanIn', () => {
    const { std, mean } = stats(init.kaimingNormal_(nd.zeros([500, 64]), { nonlinearity: 'relu' }));
    expect(mean).toBeCloseTo(0, 2);
    expect(std).toBeCloseTo(Math.SQRT2 / 8, 2);
  });
});
