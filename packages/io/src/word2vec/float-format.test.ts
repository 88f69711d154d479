import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../__fixtures__/fixtures.js';
import { formatFloat32 } from './float-format.js';

describe('formatFloat32', () => {
  it('prints float32 values exactly as numpy repr does (2,500+ values incl. every power of two and ties)', () => {
    const { bits, repr } = fixtureJson('float32-repr.json') as { bits: number[]; repr: string[] };
    const values = new Float32Array(new Uint32Array(bits).buffer);
    const mismatches = repr.flatMap((want, i) => (formatFloat32(values[i]) === want ? [] : [`${bits[i]}: ${formatFloat32(values[i])} != ${want}`]));
    expect(mismatches).toEqual([]);
  });

  it('switches to scientific notation below 1e-4 and from 1e16 (comparing the float32 value)', () => {
    // float32(1e-4) is 9.99999974e-05, below the double 1e-4, so numpy prints it in scientific notation.
    expect([0.0001, 0.00025, 1e16, 9.999999e15, 1.5, -0.0, NaN, -Infinity].map(formatFloat32)).toEqual([
      '1e-04', '0.00025', '1e+16', '9999999000000000.0', '1.5', '-0.0', 'nan', '-inf',
    ]);
  });

  it('reads back as the same float32', () => {
    for (const x of [0.1, 1 / 3, 3.4028234663852886e38, 1.401298464324817e-45, 123456.789]) {
      expect(Math.fround(Number(formatFloat32(x)))).toBe(Math.fround(x));
    }
  });
});
