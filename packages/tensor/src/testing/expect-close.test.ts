import { describe, expect, it } from 'vitest';
import { array, getBackend, listBackends, reshape, arange, transpose } from '../index.js';
import { expectClose, forEachBackend } from './index.js';

describe('expectClose', () => {
  it('passes within atol + rtol * |expected|, as torch.allclose', () => {
    expect(() => {
      expectClose(array([1, 100]), [1 + 1e-6, 100 + 1e-4], { atol: 1e-5, rtol: 1e-5 });
    }).not.toThrow();
    expect(() => {
      expectClose(2, 2.5, { atol: 0.5, rtol: 0 });
    }).not.toThrow();
  });

  it('treats NaN as equal to NaN and infinities as equal to themselves', () => {
    expect(() => {
      expectClose(array([NaN, Infinity, -Infinity]), [NaN, Infinity, -Infinity]);
    }).not.toThrow();
  });

  it('reports the worst element by index with both values and the shape', () => {
    const actual = reshape(arange(0, 6, 1, { dtype: 'float32' }), [2, 3]);
    expect(() => {
      expectClose(actual, [
        [0, 1, 2.1],
        [3, 7, 5],
      ]);
    }).toThrow(
      /^expectClose: 2 of 6 elements differ \(atol 0\.00001, rtol 0\.00001, shape \[2, 3\]\)\nworst at \[1, 1\]: actual 4, expected 7 \(\|diff\| 3 > allowed 0\.00008/,
    );
  });

  it('counts a NaN against a number, or opposite infinities, as the worst', () => {
    expect(() => {
      expectClose([1, NaN], [5, 2]);
    }).toThrow(/worst at \[1\]: actual NaN, expected 2/);
    expect(() => {
      expectClose([Infinity], [-Infinity]);
    }).toThrow(/worst at \[0\]: actual Infinity, expected -Infinity/);
  });

  it('throws when the shapes differ', () => {
    expect(() => {
      expectClose(array([[1, 2]]), [1, 2]);
    }).toThrow(/^expectClose: shapes differ: actual \[1, 2\], expected \[2\]$/);
  });

  it('reads non-contiguous views and accepts NDArrays and booleans as expected values', () => {
    const t = transpose(reshape(arange(0, 4, 1, { dtype: 'float32' }), [2, 2]), 0, 1);
    expect(() => {
      expectClose(t, [
        [0, 2],
        [1, 3],
      ]);
      expectClose(t, t);
      expectClose(array([true, false]), [true, false]);
    }).not.toThrow();
  });
});

describe('forEachBackend', () => {
  it('lists every registered backend', () => {
    expect(listBackends()).toContain('cpu');
  });

  forEachBackend((backend) => {
    it('runs the suite with that backend active', () => {
      expect(getBackend()).toBe(backend);
    });
  });
});
