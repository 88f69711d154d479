import { beforeEach, describe, expect, it } from 'vitest';
import {
  defaultGenerator,
  Generator,
  manualSeed,
  rand,
  randint,
  randn,
  randperm,
  ArgumentError,
} from './index.js';

const N = 100_000;
// The first three words of Generator(42), recorded when the seeding was last changed (random.ts).
const GOLDEN_42 = [1580552567, 3148757609, 3570626032];

function draw(n: number, f: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}

function meanVar(values: Float64Array): [number, number] {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return [mean, sq / values.length];
}

beforeEach(() => {
  manualSeed(0);
});

describe('manualSeed', () => {
  it('makes the default stream reproducible', () => {
    manualSeed(123);
    const a = [rand([3]).toArray(), randn([3]).toArray(), randint(0, 100, [3]).toArray()];
    manualSeed(123);
    expect([rand([3]).toArray(), randn([3]).toArray(), randint(0, 100, [3]).toArray()]).toEqual(a);
  });

  it('returns the default generator', () => {
    expect(manualSeed(1)).toBe(defaultGenerator);
  });

  it('throws ArgumentError for a seed that is not a safe integer', () => {
    expect(() => manualSeed(1.5)).toThrow(/^manualSeed: seed must be a safe integer, got 1.5$/);
    expect(() => manualSeed(2 ** 53)).toThrow(ArgumentError);
  });
});

describe('Generator', () => {
  it('pins the stream of a seed (changing it changes every seeded run)', () => {
    const g = new Generator(42);
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual(GOLDEN_42);
  });

  it('gives the same stream for the same seed', () => {
    const a = new Generator(7);
    const b = new Generator(7);
    expect(draw(10, () => a.uniform())).toEqual(draw(10, () => b.uniform()));
  });

  it('gives different streams for nearby, negative and > 32-bit seeds', () => {
    const seeds = [0, 1, -1, 2 ** 32, 2 ** 32 + 1, -(2 ** 32), 2 ** 53 - 1];
    const firsts = seeds.map((seed) => new Generator(seed).nextUint32());
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it('keeps streams independent: drawing from one leaves the others alone', () => {
    const a = new Generator(5);
    const expected = draw(5, () => new Generator(5).uniform())[0];
    const b = new Generator(6);
    draw(100, () => b.uniform());
    manualSeed(9);
    rand([100]);
    expect(a.uniform()).toBe(expected);
    manualSeed(9);
    const fromDefault = rand([3]).toArray();
    manualSeed(9);
    rand([3], { generator: new Generator(1) });
    expect(rand([3]).toArray()).toEqual(fromDefault);
  });

  it('round-trips getState/setState, including a cached normal', () => {
    const g = new Generator(11);
    g.normal();
    const saved = g.getState();
    const next = draw(6, () => g.normal());
    g.setState(saved);
    expect(draw(6, () => g.normal())).toEqual(next);
    const other = new Generator(0).setState(saved);
    expect(other.getState()).toEqual(saved);
  });

  it('setState throws ArgumentError for a malformed or all-zero state', () => {
    const g = new Generator(0);
    expect(() => g.setState([1, 2, 3])).toThrow(
      /^Generator\.setState: expected 4 uint32 words \(not all 0\), a flag and a number, got \[1, 2, 3\]$/,
    );
    expect(() => g.setState([0, 0, 0, 0, 0, 0])).toThrow(ArgumentError);
    expect(() => g.setState([2 ** 32, 1, 1, 1, 0, 0])).toThrow(ArgumentError);
  });

  it('uniform lies in [0, 1) with mean 1/2 and variance 1/12', () => {
    const g = new Generator(1);
    const u = draw(N, () => g.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const [mean, variance] = meanVar(u);
    // Standard errors: 0.29/sqrt(N) = 9e-4 for the mean, 3e-4 for the variance.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5e-3);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(2e-3);
  });

  it('normal has mean 0 and variance 1 over 1e5 samples', () => {
    const g = new Generator(2);
    const [mean, variance] = meanVar(draw(N, () => g.normal()));
    // Standard errors: 1/sqrt(N) = 3.2e-3 for the mean, sqrt(2/N) = 4.5e-3 for the variance.
    expect(Math.abs(mean)).toBeLessThan(0.015);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  it('integer covers [low, high) evenly', () => {
    const g = new Generator(3);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < N; i++) counts[g.integer(-5, 5) + 5]++;
    for (const c of counts) expect(Math.abs(c - N / 10)).toBeLessThan((N / 10) * 0.05);
  });

  it('integer has no modulo bias for a range close to 2^32', () => {
    // With x % range, values below 2^32 - 3·2^30 = 2^30 would come up half the time, not a third.
    const g = new Generator(4);
    const range = 3 * 2 ** 30;
    let low = 0;
    for (let i = 0; i < 20_000; i++) if (g.integer(0, range) < 2 ** 30) low++;
    expect(Math.abs(low / 20_000 - 1 / 3)).toBeLessThan(0.02);
  });

  it('integer throws ArgumentError for an empty or fractional range', () => {
    const g = new Generator(0);
    expect(() => g.integer(5, 5)).toThrow(
      /^Generator\.integer: expected integers low < high, got low 5 and high 5$/,
    );
    expect(() => g.integer(0, 1.5)).toThrow(ArgumentError);
  });
});

describe('randint', () => {
  it('stays in range and hits every value', () => {
    const x = randint(3, 7, [N]).dataSync();
    const counts = new Map<number, number>();
    for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([3, 4, 5, 6]);
    for (const c of counts.values()) expect(Math.abs(c - N / 4)).toBeLessThan((N / 4) * 0.03);
  });

  it('draws large ranges without modulo bias', () => {
    const x = randint(0, 3 * 2 ** 30, [20_000], { dtype: 'float64' }).dataSync();
    const low = x.filter((v) => v < 2 ** 30).length;
    expect(Math.abs(low / 20_000 - 1 / 3)).toBeLessThan(0.02);
  });
});

describe('randperm', () => {
  it('is a permutation of 0..n-1', () => {
    const x = [...randperm(1000).dataSync()];
    expect(x.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('is reproducible with a generator and differs between seeds', () => {
    const a = randperm(20, { generator: new Generator(1) }).toArray();
    expect(randperm(20, { generator: new Generator(1) }).toArray()).toEqual(a);
    expect(randperm(20, { generator: new Generator(2) }).toArray()).not.toEqual(a);
  });

  it('draws each ordering of 3 items about equally often', () => {
    const g = new Generator(8);
    const counts = new Map<string, number>();
    for (let i = 0; i < 12_000; i++) {
      const key = (randperm(3, { generator: g }).toArray() as number[]).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});
