import { describe, expect, it } from 'vitest';
import { array, fromTypedArray, gt, le, leakyRelu, leakyReluBackward, manualSeed, mul, randn, reluBackward, transpose, where, zeros } from '../index.js';
import { forEachBackend } from '../testing/index.js';

manualSeed(0);

/** The composite the kernel replaces, as torch's threshold_backward: where(x <= 0, 0, dy). */
const composite = (dy: Parameters<typeof reluBackward>[0], x: Parameters<typeof reluBackward>[1]) => where(le(x, 0), 0, dy);

/** Values as strings, so -0 and +0 (and NaN) compare exactly. */
const exact = (values: ArrayLike<number>) => Array.from(values, (v) => (Object.is(v, -0) ? '-0' : String(v)));

/** dy and x of length n with signed zeros, NaNs and infinities sprinkled through both. */
function operands(n: number): [Float32Array, Float32Array] {
  const special = [0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45];
  const dy = randn([n]).dataSync() as Float32Array;
  const x = randn([n]).dataSync() as Float32Array;
  for (let i = 0; i < n; i += 3) x[i] = special[i % special.length];
  for (let i = 1; i < n; i += 5) dy[i] = special[(i * 3) % special.length];
  return [dy, x];
}

forEachBackend(() => {
  describe('reluBackward', () => {
    it('matches where(x <= 0, 0, dy) bit for bit on awkward sizes, NaN and ±0', () => {
      for (const n of [1, 3, 4, 5, 17, 8191, 8192, 8193, 20001]) {
        const [dy, x] = operands(n);
        const a = fromTypedArray(dy, [n]);
        const b = fromTypedArray(x, [n]);
        expect([n, exact(reluBackward(a, b).dataSync())]).toEqual([n, exact(composite(a, b).dataSync())]);
      }
    });

    it('passes dy where x is NaN and drops a NaN dy where x <= 0, as torch', () => {
      const dy = array([2, NaN, NaN, -0, 3]);
      const x = array([NaN, -1, 1, 1, -0]);
      expect(exact(reluBackward(dy, x).dataSync())).toEqual(['2', '0', 'NaN', '-0', '0']);
    });

    it('reads strided and broadcast operands as their contiguous copies', () => {
      const dy = randn([37, 29]);
      const x = randn([29, 37]);
      expect(exact(reluBackward(dy, transpose(x, 0, 1)).dataSync())).toEqual(exact(composite(dy, transpose(x, 0, 1)).dataSync()));
      expect(exact(reluBackward(dy, array([0.5])).dataSync())).toEqual(exact(dy.dataSync()));
      expect(exact(reluBackward(dy, -1).dataSync())).toEqual(exact(zeros([37, 29]).dataSync()));
    });

    it('keeps float64 and int32 dtypes', () => {
      const dy = array([1.5, 2.5], { dtype: 'float64' });
      expect(reluBackward(dy, array([1, -1], { dtype: 'float64' })).dtype).toBe('float64');
      expect(reluBackward(array([3, 4], { dtype: 'int32' }), array([0, 2], { dtype: 'int32' })).dataSync()).toEqual(Int32Array.from([0, 4]));
    });

    it('refuses bool operands and mismatched shapes, naming them', () => {
      expect(() => reluBackward(array([true]), array([true]))).toThrow(/^reluBackward: not supported for bool arrays/);
      expect(() => reluBackward(randn([2, 3]), randn([4]))).toThrow(/reluBackward: shapes \[2, 3\] and \[4\]/);
    });
  });

  describe('leakyReluBackward', () => {
    /** The composite autograd used before: where(x > 0, dy, dy · slope). */
    const leakyComposite = (dy: Parameters<typeof leakyReluBackward>[0], x: Parameters<typeof leakyReluBackward>[1], slope: number) =>
      where(gt(x, 0), dy, mul(dy, slope));

    it('matches where(x > 0, dy, dy * slope) bit for bit on awkward sizes, NaN and ±0', () => {
      for (const n of [1, 3, 4, 5, 17, 8191, 8192, 8193, 20001]) {
        const [dy, x] = operands(n);
        const a = fromTypedArray(dy, [n]);
        const b = fromTypedArray(x, [n]);
        for (const slope of [0.01, 0.2, -1.5]) {
          expect([n, slope, exact(leakyReluBackward(a, b, slope).dataSync())]).toEqual([n, slope, exact(leakyComposite(a, b, slope).dataSync())]);
        }
      }
    });

    it('gives x = 0 and NaN the slope, as torch.nn.functional.leaky_relu backward', () => {
      expect(exact(leakyReluBackward(array([2, 2, 2, 2]), array([0, -0, NaN, 1]), 0.5).dataSync())).toEqual(['1', '1', '1', '2']);
      expect(leakyReluBackward(array([1]), array([-3])).dataSync()).toEqual(Float32Array.from([0.01]));
    });

    it('reads strided and broadcast operands as their contiguous copies', () => {
      const dy = randn([37, 29]);
      const x = transpose(randn([29, 37]), 0, 1);
      expect(exact(leakyReluBackward(dy, x, 0.3).dataSync())).toEqual(exact(leakyComposite(dy, x, 0.3).dataSync()));
      expect(exact(leakyReluBackward(dy, -1, 0.3).dataSync())).toEqual(exact(mul(dy, 0.3).dataSync()));
      expect(exact(leakyReluBackward(transpose(dy, 0, 1), array([2]), 0.3).dataSync())).toEqual(exact(transpose(dy, 0, 1).contiguous().dataSync()));
    });

    it('keeps float64, lifts int32 to float32 and refuses mismatched shapes', () => {
      expect(leakyReluBackward(array([1.5], { dtype: 'float64' }), array([-1], { dtype: 'float64' })).dtype).toBe('float64');
      expect(leakyReluBackward(array([4, 4], { dtype: 'int32' }), array([-1, 1], { dtype: 'int32' }), 0.5).dataSync()).toEqual(Float32Array.from([2, 4]));
      expect(() => leakyReluBackward(randn([2, 3]), randn([4]))).toThrow(/leakyReluBackward: shapes \[2, 3\] and \[4\]/);
    });
  });

  describe('leakyRelu', () => {
    it('matches where(x > 0, x, x * slope) bit for bit, strided input included', () => {
      for (const n of [1, 5, 17, 8193, 20001]) {
        const [, x] = operands(n);
        const a = fromTypedArray(x, [n]);
        expect([n, exact(leakyRelu(a, 0.2).dataSync())]).toEqual([n, exact(where(gt(a, 0), a, mul(a, 0.2)).dataSync())]);
      }
      const t = transpose(randn([29, 37]), 0, 1);
      expect(exact(leakyRelu(t, 0.2).dataSync())).toEqual(exact(where(gt(t, 0), t, mul(t, 0.2)).dataSync()));
    });
  });
});
