import { describe, expect, it } from 'vitest';
import { clone, manualSeed, mul, randn, sub_, transpose } from '@dl/tensor';
import { subScaled_ } from './scaled-update.js';

describe('subScaled_', () => {
  it.each([
    ['float32', 5],
    ['float32', 16384 * 2 + 7],
    ['float64', 16384 + 1],
  ] as const)('gives the values of sub_(target, mul(direction, scale)) for %s of %i elements', (dtype, size) => {
    manualSeed(0);
    const target = randn([size], { dtype });
    const direction = randn([size], { dtype });
    const expected = clone(target);
    sub_(expected, mul(direction, 0.37));
    subScaled_(target, direction, 0.37);
    expect(Array.from(target.dataSync())).toEqual(Array.from(expected.dataSync()));
  });

  it('updates a transposed (non-contiguous) target in place', () => {
    manualSeed(1);
    const base = randn([3, 4]);
    const target = transpose(base, 0, 1);
    const direction = randn([4, 3]);
    const expected = clone(target);
    sub_(expected, mul(direction, 0.5));
    subScaled_(target, direction, 0.5);
    expect(Array.from(clone(target).dataSync())).toEqual(Array.from(expected.dataSync()));
    expect(Array.from(base.dataSync())).toEqual(Array.from(clone(transpose(expected, 0, 1)).dataSync()));
  });
});
