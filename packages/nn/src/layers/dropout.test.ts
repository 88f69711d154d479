import { ones, randn } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { Generator, manualSeed } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { Dropout, Sequential, functional as F } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

describe('Dropout', () => {
  it('zeroes about p of the elements and scales the rest by 1 / (1 - p) in training', () => {
    const y = new Dropout(0.25).call(ones([100, 100])).data;
    const values = Array.from(y.dataSync());
    const zeros = values.filter((v) => v === 0).length;
    expect(zeros / values.length).toBeGreaterThan(0.23);
    expect(zeros / values.length).toBeLessThan(0.27);
    expect(values.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
  });

  it('is the identity in eval mode, also inside a container', () => {
    const x = randn([3, 4]);
    const model = new Sequential(new Dropout(0.9)).eval();
    expect(model.call(x)).toBe(x);
  });

  it('sends gradient only through kept elements, scaled', () => {
    const x = ones([50], { requiresGrad: true });
    const y = F.dropout(x, 0.5);
    y.sum().backward();
    expect(Array.from(x.grad!.dataSync())).toEqual(Array.from(y.data.dataSync()));
  });

  it('is reproducible with a generator', () => {
    const a = F.dropout(ones([20]), 0.5, { generator: new Generator(3) });
    const b = F.dropout(ones([20]), 0.5, { generator: new Generator(3) });
    expect(a.toArray()).toEqual(b.toArray());
  });

  it('gives zeros for p = 1 and the input for p = 0', () => {
    const x = randn([4]);
    expect(Array.from(F.dropout(x, 1).dataSync()).every((v) => v === 0)).toBe(true);
    expect(F.dropout(x, 0)).toBe(x);
    expect(nd.sum(F.dropout(x, 1, { training: false }).data).item()).toBe(nd.sum(x.data).item());
  });

  it('throws on p outside [0, 1]', () => {
    expect(() => new Dropout(1.5)).toThrow(/Dropout: dropout probability has to be between 0 and 1, got 1.5/);
    expect(() => F.dropout(randn([2]), -0.1)).toThrow(/dropout: dropout probability has to be between 0 and 1, got -0.1/);
  });
});
