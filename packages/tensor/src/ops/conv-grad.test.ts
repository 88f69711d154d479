import { beforeEach, describe, expect, it } from 'vitest';
import { manualSeed, mul, randn, sum, transpose, type DType, type NDArray } from '../index.js';
import { forEachBackend } from '../testing/index.js';
import { conv2d, type Conv2dOptions } from './conv.js';
import { conv2dInput, conv2dWeight } from './conv-grad.js';

beforeEach(() => {
  manualSeed(0);
});

/** <a, b> as a number. */
const dot = (a: NDArray, b: NDArray): number => sum(mul(a, b)).item();

// conv2d is bilinear, so its gradients are its adjoints: for every dy,
// <dy, conv2d(x, w)> = <conv2dInput(x.shape, w, dy), x> = <conv2dWeight(x, w.shape, dy), w>.
const CASES: { label: string; x: number[]; w: number[]; options: Conv2dOptions }[] = [
  { label: 'plain 3x3, batch 1, one channel', x: [1, 1, 6, 5], w: [2, 1, 3, 3], options: {} },
  { label: 'stride 2, padding 1', x: [2, 3, 7, 6], w: [4, 3, 3, 3], options: { stride: 2, padding: 1 } },
  { label: 'stride [1, 3], padding [2, 0], dilation 2', x: [2, 2, 8, 9], w: [3, 2, 3, 2], options: { stride: [1, 3], padding: [2, 0], dilation: 2 } },
  { label: 'groups 2', x: [2, 4, 5, 5], w: [6, 2, 2, 3], options: { padding: 1, groups: 2 } },
  { label: 'depthwise, asymmetric padding', x: [1, 3, 4, 4], w: [3, 1, 2, 2], options: { padding: [1, 0, 2, 1], groups: 3 } },
];

forEachBackend(() => {
  describe('conv2dInput and conv2dWeight', () => {
    it.each(CASES)('are the adjoints of conv2d: $label', ({ x: xs, w: ws, options }) => {
      for (const [dtype, tolerance] of [['float64', 1e-10], ['float32', 1e-4]] as [DType, number][]) {
        const x = randn(xs, { dtype });
        const w = randn(ws, { dtype });
        const y = conv2d(x, w, null, options);
        const dy = randn([...y.shape], { dtype });
        const forward = dot(dy, y);
        const dx = conv2dInput(x.shape, w, dy, options);
        const dw = conv2dWeight(x, w.shape, dy, options);
        expect([dx.shape, dw.shape, dx.dtype, dw.dtype]).toEqual([x.shape, w.shape, dtype, dtype]);
        expect(Math.abs(dot(dx, x) - forward)).toBeLessThan(tolerance * (1 + Math.abs(forward)));
        expect(Math.abs(dot(dw, w) - forward)).toBeLessThan(tolerance * (1 + Math.abs(forward)));
      }
    });

    it('reads non-contiguous x, weight and dy', () => {
      const x = transpose(randn([2, 2, 6, 5], { dtype: 'float64' }), 2, 3);
      const w = transpose(randn([3, 2, 2, 3], { dtype: 'float64' }), 2, 3);
      const y = conv2d(x, w, null, { padding: 1 });
      const dy = transpose(randn([y.shape[0], y.shape[1], y.shape[3], y.shape[2]], { dtype: 'float64' }), 2, 3);
      const forward = dot(dy, y);
      expect(dot(conv2dInput(x.shape, w, dy, { padding: 1 }), x)).toBeCloseTo(forward, 9);
      expect(dot(conv2dWeight(x, w.shape, dy, { padding: 1 }), w)).toBeCloseTo(forward, 9);
    });

    it('names the op and both shapes when dy is not the output shape', () => {
      expect(() => conv2dWeight(randn([1, 2, 5, 5]), [3, 2, 3, 3], randn([1, 3, 4, 4]))).toThrow(
        /conv2dWeight: dy must have conv2d's output shape \[1, 3, 3, 3\], got \[1, 3, 4, 4\]/,
      );
      expect(() => conv2dInput([1, 2, 5, 5], randn([3, 2, 3, 3]), randn([2, 3, 3, 3]))).toThrow(
        /conv2dInput: dy must have conv2d's output shape \[1, 3, 3, 3\], got \[2, 3, 3, 3\]/,
      );
    });

    it('names the op when channels, groups or shapes do not fit', () => {
      expect(() => conv2dInput([1, 3, 5, 5], randn([4, 2, 3, 3]), randn([1, 4, 3, 3]))).toThrow(
        /conv2dInput: weight \[4, 2, 3, 3\] with groups=1 expects 2 input channels .* got input \[1, 3, 5, 5\]/,
      );
      expect(() => conv2dWeight(randn([1, 4, 5, 5]), [4, 2, 3, 3], randn([1, 4, 3, 3]), { groups: 0 })).toThrow(
        /conv2dWeight: groups must be a positive integer, got 0/,
      );
      expect(() => conv2dWeight(randn([1, 2, 5, 5]), [4, 2, 3], randn([1, 4, 3, 3]))).toThrow(
        /conv2dWeight: expected a 4-d weight shape \[Cout, Cin \/ groups, kh, kw\], got \[4, 2, 3\]/,
      );
      expect(() => conv2dInput([2, 5, 5], randn([4, 2, 3, 3]), randn([1, 4, 3, 3]))).toThrow(
        /conv2dInput: expected a 4-d input shape \[N, C, H, W\], got \[2, 5, 5\]/,
      );
    });
  });
});
