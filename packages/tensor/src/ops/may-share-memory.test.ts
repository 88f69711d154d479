import { describe, expect, it } from 'vitest';
import { fromTypedArray, mayShareMemory, narrow, reshape, tidy, transpose, zeros } from '../index.js';

describe('mayShareMemory', () => {
  it('is true for views of one array, false for separate arrays', () => {
    const x = zeros([4, 4]);
    expect(mayShareMemory(x, reshape(x, [16]))).toBe(true);
    expect(mayShareMemory(transpose(x, 0, 1), narrow(x, 0, 1, 2))).toBe(true);
    expect(mayShareMemory(x, zeros([4, 4]))).toBe(false);
  });

  it('compares byte ranges, not buffers', () => {
    const buffer = new Float32Array(8);
    const [low, high, middle] = [buffer.subarray(0, 4), buffer.subarray(4), buffer.subarray(2, 6)].map((part) => fromTypedArray(part, [4]));
    expect(mayShareMemory(low, high)).toBe(false);
    expect(mayShareMemory(low, middle)).toBe(true);
    expect(mayShareMemory(middle, high)).toBe(true);
    // Arrays made inside tidy may share one buffer (wasm linear memory) without sharing bytes.
    const [a, b] = tidy(() => [zeros([512]), zeros([512])]);
    expect(mayShareMemory(a, b)).toBe(false);
  });

  it('refuses what is not an NDArray, naming it', () => {
    expect(() => mayShareMemory(zeros([2]), [1, 2] as never)).toThrow(/^mayShareMemory: expected an NDArray, got/);
  });
});
