import { beforeEach, describe, expect, it } from 'vitest';
import {
  arange,
  array,
  astype,
  manualSeed,
  mul,
  sum,
  randn,
  reshape,
  transpose,
  type NDArray,
} from '../index.js';
import { expectClose, forEachBackend } from '../testing/index.js';
import { col2im, conv2d, im2col, type Conv2dOptions } from './conv.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';

beforeEach(() => {
  manualSeed(0);
});

const at = (x: NDArray, ...index: number[]): number =>
  x.data[index.reduce((p, i, d) => p + i * (x.strides[d] ?? 0), x.offset)];

/** The reference: direct 7-deep loops over (n, o, y, x, c, i, j), padding read as 0. */
function naiveConv(
  x: NDArray,
  w: NDArray,
  bias: NDArray | null,
  options: Required<Omit<Conv2dOptions, 'padding'>> & { padding: [number, number] },
): number[] {
  const [n, , h, wd] = x.shape as [number, number, number, number];
  const [cout, cg, kh, kw] = w.shape as [number, number, number, number];
  const [sh, sw] = options.stride as [number, number];
  const [dh, dw] = options.dilation as [number, number];
  const [ph, pw] = options.padding;
  const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((wd + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  const og = cout / options.groups;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let o = 0; o < cout; o++)
      for (let y = 0; y < oh; y++)
        for (let xx = 0; xx < ow; xx++) {
          let sum = bias ? at(bias, o) : 0;
          const group = Math.floor(o / og);
          for (let c = 0; c < cg; c++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const iy = y * sh - ph + i * dh;
                const ix = xx * sw - pw + j * dw;
                if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                  sum += at(x, b, group * cg + c, iy, ix) * at(w, o, c, i, j);
              }
          out.push(sum);
        }
  return out;
}

forEachBackend(() => {
  describe('conv2d', () => {
    const cases = [
      {
        label: 'plain 3x3',
        x: [2, 3, 6, 5],
        w: [4, 3, 3, 3],
        stride: [1, 1],
        padding: [0, 0],
        dilation: [1, 1],
        groups: 1,
      },
      {
        label: 'stride 2, padding 1',
        x: [1, 2, 7, 6],
        w: [3, 2, 3, 3],
        stride: [2, 2],
        padding: [1, 1],
        dilation: [1, 1],
        groups: 1,
      },
      {
        label: 'stride [1, 3], padding [2, 0], dilation 2',
        x: [2, 2, 8, 9],
        w: [2, 2, 3, 2],
        stride: [1, 3],
        padding: [2, 0],
        dilation: [2, 2],
        groups: 1,
      },
      {
        label: 'groups 2',
        x: [2, 4, 5, 5],
        w: [6, 2, 2, 3],
        stride: [1, 1],
        padding: [1, 1],
        dilation: [1, 1],
        groups: 2,
      },
      {
        label: 'depthwise, padding wider than the kernel reach',
        x: [1, 3, 4, 4],
        w: [3, 1, 2, 2],
        stride: [2, 1],
        padding: [3, 2],
        dilation: [1, 1],
        groups: 3,
      },
    ];
    it.each(cases)('matches direct loops: $label', ({ x: xs, w: ws, ...geometry }) => {
      for (const dtype of ['float32', 'float64'] as const) {
        const x = randn(xs, { dtype });
        const w = randn(ws, { dtype });
        const bias = randn([ws[0]], { dtype });
        const options = geometry as unknown as Required<Omit<Conv2dOptions, 'padding'>> & {
          padding: [number, number];
        };
        const out = conv2d(x, w, bias, options);
        expect(out.dtype).toBe(dtype);
        expectClose(reshape(out, [-1]), naiveConv(x, w, bias, options), {
          atol: dtype === 'float32' ? 1e-4 : 1e-12,
        });
      }
    });

    it('reads non-contiguous inputs', () => {
      const x = transpose(randn([2, 3, 5, 6], { dtype: 'float64' }), 2, 3);
      const w = transpose(randn([4, 3, 2, 3], { dtype: 'float64' }), 2, 3);
      expectClose(
        reshape(conv2d(x, w, null, { padding: 1 }), [-1]),
        naiveConv(x, w, null, { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 }),
        { atol: 1e-12 },
      );
    });

    it('reads non-contiguous float32 inputs, batch 1 and one channel', () => {
      const x = transpose(randn([1, 1, 7, 5]), 2, 3);
      const w = transpose(randn([2, 1, 2, 3]), 2, 3);
      const bias = randn([2]);
      expectClose(
        reshape(conv2d(x, w, bias, { padding: 1, stride: [2, 1] }), [-1]),
        naiveConv(x, w, bias, { stride: [2, 1], padding: [1, 1], dilation: [1, 1], groups: 1 }),
        { atol: 1e-5 },
      );
    });

    it('returns a contiguous NCHW array with or without bias and groups', () => {
      const x = randn([2, 4, 5, 5]);
      for (const [weight, bias, groups] of [
        [randn([6, 4, 3, 3]), randn([6]), 1],
        [randn([6, 4, 3, 3]), null, 1],
        [randn([6, 2, 3, 3]), randn([6]), 2],
      ] as const) {
        const out = conv2d(x, weight, bias, { groups });
        expect([out.shape, out.isContiguous()]).toEqual([[2, 6, 3, 3], true]);
      }
    });

    it('keeps earlier outputs intact when later calls reuse the column storage', () => {
      const x = randn([2, 3, 9, 9]);
      const w = randn([4, 3, 3, 3]);
      const first = conv2d(x, w, randn([4]));
      const snapshot = Array.from(reshape(first, [-1]).dataSync());
      conv2d(randn([1, 2, 4, 4]), randn([3, 2, 2, 2]), randn([3]));
      conv2d(randn([3, 3, 12, 12]), w, null, { padding: 2 });
      expect(Array.from(reshape(first, [-1]).dataSync())).toEqual(snapshot);
    });

    it('takes asymmetric padding [top, bottom, left, right]', () => {
      const x = randn([1, 1, 4, 4], { dtype: 'float64' });
      const w = randn([1, 1, 2, 2], { dtype: 'float64' });
      expect(conv2d(x, w, null, { padding: [0, 1, 1, 0] }).shape).toEqual([1, 1, 4, 4]);
    });

    it('throws ShapeError naming the shapes when channels do not match', () => {
      expect(() => conv2d(randn([1, 3, 5, 5]), randn([4, 2, 3, 3]))).toThrow(
        /conv2d: weight \[4, 2, 3, 3\] with groups=1 expects 2 input channels .* got input \[1, 3, 5, 5\]/,
      );
    });

    it('throws when the kernel does not fit the input', () => {
      expect(() => conv2d(randn([1, 1, 2, 2]), randn([1, 1, 3, 3]))).toThrow(
        /conv2d: kernel \[3, 3\] with dilation \[1, 1\] does not fit the padded input \[2, 2\] \(output would be \[0, 0\]\)/,
      );
    });

    it('throws on a 3-d input, an int input and a bad bias', () => {
      expect(() => conv2d(randn([3, 5, 5]), randn([4, 3, 3, 3]))).toThrow(
        /conv2d: expected a 4-d input \[N, C, H, W\], got \[3, 5, 5\]/,
      );
      expect(() => conv2d(astype(randn([1, 1, 3, 3]), 'int32'), randn([1, 1, 3, 3]))).toThrow(
        /conv2d: input must be float32 or float64, got int32/,
      );
      expect(() => conv2d(randn([1, 1, 3, 3]), randn([2, 1, 3, 3]), randn([3]))).toThrow(
        /conv2d: bias must have shape \[2\], got \[3\]/,
      );
      expect(() => conv2d(randn([1, 2, 3, 3]), randn([2, 1, 3, 3]), null, { groups: 0 })).toThrow(
        /conv2d: groups must be a positive integer, got 0/,
      );
    });
  });

  describe('im2col and col2im', () => {
    it('lays out a 3x3 image as 2x2 windows, kernel offsets row-major', () => {
      const cols = im2col(reshape(arange(0, 9, 1, { dtype: 'float32' }), [1, 1, 3, 3]), 2);
      expect(cols.shape).toEqual([1, 4, 4]);
      expectClose(cols, [
        [
          [0, 1, 3, 4],
          [1, 2, 4, 5],
          [3, 4, 6, 7],
          [4, 5, 7, 8],
        ],
      ]);
    });

    it('col2im is the transpose of im2col: <im2col(x), c> = <x, col2im(c)>', () => {
      const options = { stride: [2, 1], padding: [1, 2], dilation: [1, 2] };
      const x = randn([2, 3, 5, 6], { dtype: 'float64' });
      const cols = im2col(x, [2, 3], options);
      const c = randn(cols.shape, { dtype: 'float64' });
      const dot = (a: NDArray, b: NDArray): number => sum(mul(a, b)).item();
      expect(dot(cols, c)).toBeCloseTo(dot(x, col2im(c, [5, 6], [2, 3], options)), 10);
    });

    it('col2im throws when the block count does not match the output size', () => {
      expect(() => col2im(randn([1, 4, 5]), [3, 3], 2)).toThrow(
        /col2im: cols \[1, 4, 5\] have 5 blocks, but an output \[3, 3\] gives 2·2 = 4/,
      );
    });
  });

  describe('maxPool2d', () => {
    it('takes the first maximum of each window and records where it is', () => {
      const x = reshape(
        array([1, 5, 2, 0, 5, 3, 4, 4, 9, 1, 1, 1, 0, 9, 1, 1], { dtype: 'float32' }),
        [1, 1, 4, 4],
      );
      const { values, indices } = maxPool2d(x, 2);
      expectClose(values, [
        [
          [
            [5, 4],
            [9, 1],
          ],
        ],
      ]);
      expect([...(indices.data as Int32Array)]).toEqual([1, 6, 8, 10]);
      expectClose(
        maxPool2dBackward(
          reshape(array([1, 2, 3, 4], { dtype: 'float32' }), [1, 1, 2, 2]),
          indices,
          x.shape,
        ),
        [
          [
            [
              [0, 1, 0, 0],
              [0, 0, 2, 0],
              [3, 0, 4, 0],
              [0, 0, 0, 0],
            ],
          ],
        ],
      );
    });

    it('never picks padding, even for all-negative windows', () => {
      const x = reshape(array([-3, -2, -1, -4], { dtype: 'float64' }), [1, 1, 2, 2]);
      expectClose(maxPool2d(x, 2, { stride: 1, padding: 1 }).values, [
        [
          [
            [-3, -2, -2],
            [-1, -1, -2],
            [-1, -1, -4],
          ],
        ],
      ]);
    });

    it('lets NaN win, as PyTorch', () => {
      const x = reshape(array([1, NaN, 3, 2], { dtype: 'float32' }), [1, 1, 2, 2]);
      expect(Number.isNaN(maxPool2d(x, 2).values.data[0])).toBe(true);
    });

    it('backward throws when dy and indices differ in shape', () => {
      const { indices } = maxPool2d(randn([1, 1, 4, 4]), 2);
      expect(() => maxPool2dBackward(randn([1, 1, 3, 2]), indices, [1, 1, 4, 4])).toThrow(
        /maxPool2dBackward: dy \[1, 1, 3, 2\] and int32 indices \[1, 1, 2, 2\] must share one 4-d shape/,
      );
    });

    it('throws when padding exceeds half the kernel', () => {
      expect(() => maxPool2d(randn([1, 1, 4, 4]), 2, { padding: 2 })).toThrow(
        /maxPool2d: padding \[2, 2\] must be at most half the kernel size \[2, 2\]/,
      );
    });
  });

  describe('avgPool2d', () => {
    it('averages windows, with or without the padding in the divisor', () => {
      const x = reshape(arange(0, 9, 1, { dtype: 'float64' }), [1, 1, 3, 3]);
      expectClose(avgPool2d(x, 2, { stride: 1 }), [
        [
          [
            [2, 3],
            [5, 6],
          ],
        ],
      ]);
      expectClose(avgPool2d(x, 2, { stride: 2, padding: 1 }), [
        [
          [
            [0, 0.75],
            [2.25, 6],
          ],
        ],
      ]);
      expectClose(avgPool2d(x, 2, { stride: 2, padding: 1, countIncludePad: false }), [
        [
          [
            [0, 1.5],
            [4.5, 6],
          ],
        ],
      ]);
      expectClose(avgPool2d(x, 2, { stride: 1, divisorOverride: 2 }), [
        [
          [
            [4, 6],
            [10, 12],
          ],
        ],
      ]);
    });

    it('backward spreads each gradient evenly over its window', () => {
      const dy = reshape(array([4, 8], { dtype: 'float64' }), [1, 1, 1, 2]);
      expectClose(avgPool2dBackward(dy, [1, 1, 2, 4], 2), [
        [
          [
            [1, 1, 2, 2],
            [1, 1, 2, 2],
          ],
        ],
      ]);
    });
  });
});
