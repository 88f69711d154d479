import { describe, expect, it } from 'vitest';
import { full, fullLike, ones, onesLike, tidy, zeros, type DType, type NDArray } from '../../index.js';
import { residentEverywhere } from '../../memory/resident.js';
import { fill } from './fill.js';
import { addressOf, sharedLinearMemory } from './runtime.js';

// fill.wat's fills of storage resident in linear memory, against the typed array's own fill.

const resident = (x: NDArray): boolean => addressOf(x.data) >= 0;
/** The bytes of `data`, so -0 and NaN compare exactly. */
const bytes = (data: ArrayBufferView): number[] => Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;

// Values that round in float32 (0.1), overflow it (1e40), are signed zero, NaN, or int32 extremes.
const VALUES: Record<DType, number[]> = {
  float32: [1, -0, 0.1, 1e40, -3.5e-45, NaN, -Infinity],
  float64: [1, -0, 0.1, 1e300, 5e-324, NaN, Infinity],
  int32: [1, -1, 2147483647, -2147483648],
  bool: [1],
};
// Sizes around the v128 width of each dtype: whole vectors only, and 1 to 3 elements past them.
const SIZES = [256, 257, 258, 259, 1027];

describe.runIf(sharedLinearMemory)('fill of resident storage', () => {
  it.each(Object.keys(CONSTRUCTORS) as DType[])('%s: full and ones hold exactly the values of TypedArray.fill', (dtype) => {
    for (const size of SIZES) {
      for (const value of VALUES[dtype]) {
        const x = tidy(() => full([size], dtype === 'bool' ? true : value, { dtype }));
        expect(resident(x)).toBe(true);
        expect([dtype, size, value, bytes(x.dataSync())]).toEqual([dtype, size, value, bytes(new CONSTRUCTORS[dtype](size).fill(value))]);
      }
      const one = tidy(() => ones([size], { dtype }));
      expect([dtype, size, Array.from(one.dataSync()).every((v) => v === 1)]).toEqual([dtype, size, true]);
    }
  });

  it.each(Object.keys(CONSTRUCTORS) as DType[])('%s: writes nothing next to the array', (dtype) => {
    for (const size of SIZES) {
      // A resident block with guard elements on both sides of the part that is filled.
      const block = tidy(() => full([size + 8], dtype === 'bool' ? 0 : 7, { dtype }));
      const data = block.dataSync();
      const inner = data.subarray(4, 4 + size);
      expect(addressOf(inner)).toBeGreaterThanOrEqual(0);
      const value = dtype === 'bool' ? 1 : 3;
      fill(inner, value);
      const expected = new CONSTRUCTORS[dtype](size + 8).fill(dtype === 'bool' ? 0 : 7);
      expected.fill(value, 4, 4 + size);
      expect([dtype, size, bytes(data)]).toEqual([dtype, size, bytes(expected)]);
    }
  });

  it('fills the likes, and arrays outside tidy() the same way', () => {
    const [a, b] = tidy(() => {
      const base = zeros([300], { dtype: 'float64' });
      return [onesLike(base), fullLike(base, -2.5)];
    });
    expect([resident(a), resident(b)]).toEqual([true, true]);
    expect([a.dtype, Array.from(a.dataSync()).every((v) => v === 1), Array.from(b.dataSync()).every((v) => v === -2.5)]).toEqual(['float64', true, true]);
    const outside = full([300], 0.1);
    // (the resident config makes every array of 256 elements and up resident)
    expect(resident(outside)).toBe(residentEverywhere());
    expect(bytes(outside.dataSync())).toEqual(bytes(new Float32Array(300).fill(0.1)));
  });
});
