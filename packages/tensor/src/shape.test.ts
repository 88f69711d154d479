import { describe, expect, it } from 'vitest';
import { checkShape } from './shape.js';
import {
  broadcastShapes,
  contiguousStrides,
  formatShape,
  normalizeDim,
  normalizeDims,
  numel,
  shapesEqual,
  ArgumentError,
  IndexError,
  ShapeError,
} from './index.js';

describe('formatShape', () => {
  it('prints shapes as error messages show them', () => {
    expect(formatShape([2, 3])).toBe('[2, 3]');
    expect(formatShape([])).toBe('[]');
  });
});

describe('numel', () => {
  it('multiplies the sizes (1 for a 0-d shape, 0 when any size is 0)', () => {
    expect(numel([2, 3, 4])).toBe(24);
    expect(numel([])).toBe(1);
    expect(numel([3, 0])).toBe(0);
  });
});

describe('contiguousStrides', () => {
  it('gives row-major strides', () => {
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(contiguousStrides([])).toEqual([]);
    expect(contiguousStrides([2, 0, 3])).toEqual([0, 3, 1]);
  });
});

describe('checkShape', () => {
  it('accepts non-negative integer sizes', () => {
    expect(() => {
      checkShape('zeros', [0, 2, 1]);
    }).not.toThrow();
  });

  it('throws ShapeError naming the bad size and its dim', () => {
    expect(() => {
      checkShape('zeros', [2, -1]);
    }).toThrow(ShapeError);
    expect(() => {
      checkShape('zeros', [2, -1]);
    }).toThrow(/^zeros: invalid shape \[2, -1\] \(size -1 at dim 1\)$/);
    expect(() => {
      checkShape('zeros', [NaN]);
    }).toThrow(/^zeros: invalid shape \[NaN\] \(size NaN at dim 0\)$/);
    expect(() => {
      checkShape('zeros', [2 ** 17, 2 ** 17]);
    }).toThrow(/^zeros: shape \[131072, 131072\] has too many elements \(17179869184\)$/);
  });
});

describe('normalizeDim', () => {
  it('wraps negative dims', () => {
    expect(normalizeDim('sum', -1, 3)).toBe(2);
    expect(normalizeDim('sum', -3, 3)).toBe(0);
    expect(normalizeDim('sum', 2, 3)).toBe(2);
  });

  it('accepts dim 0 and -1 of a 0-d array, as PyTorch', () => {
    expect(normalizeDim('sum', 0, 0)).toBe(0);
    expect(normalizeDim('sum', -1, 0)).toBe(0);
  });

  it('throws IndexError with the valid range', () => {
    expect(() => normalizeDim('sum', 3, 3)).toThrow(IndexError);
    expect(() => normalizeDim('sum', 3, 3)).toThrow(
      /^sum: dim 3 out of range for a 3-d array \(expected -3\.\.2\)$/,
    );
    expect(() => normalizeDim('sum', -4, 3)).toThrow(/^sum: dim -4 out of range/);
    expect(() => normalizeDim('sum', 0.5, 3)).toThrow(/^sum: dim 0.5 out of range/);
    expect(() => normalizeDim('sum', 1, 0)).toThrow(
      /^sum: dim 1 out of range for a 0-d array \(expected -1\.\.0\)$/,
    );
  });
});

describe('normalizeDims', () => {
  it('wraps every dim and keeps their order', () => {
    expect(normalizeDims('sum', [-1, 0], 3)).toEqual([2, 0]);
  });

  it('throws ArgumentError for a dim given twice (after wrapping)', () => {
    expect(() => normalizeDims('sum', [0, -3], 3)).toThrow(ArgumentError);
    expect(() => normalizeDims('sum', [0, -3], 3)).toThrow(
      /^sum: dim 0 appears more than once in \[0, -3\]$/,
    );
  });
});

describe('broadcastShapes', () => {
  it.each([
    [[2, 1], [3], [2, 3]],
    [[], [2, 3], [2, 3]],
    [
      [4, 1, 5],
      [3, 1],
      [4, 3, 5],
    ],
    [[1], [0], [0]],
    [
      [2, 0],
      [1, 1],
      [2, 0],
    ],
  ])('broadcasts %j and %j to %j', (a, b, out) => {
    expect(broadcastShapes('add', a, b)).toEqual(out);
    expect(broadcastShapes('add', b, a)).toEqual(out);
  });

  it('throws ShapeError naming both shapes and the first clash from the right', () => {
    expect(() => broadcastShapes('add', [2, 3], [4])).toThrow(
      /^add: shapes \[2, 3\] and \[4\] are not broadcastable \(3 vs 4 at dim -1\)$/,
    );
    expect(() => broadcastShapes('mul', [2, 3], [3, 3])).toThrow(
      /^mul: shapes \[2, 3\] and \[3, 3\] are not broadcastable \(2 vs 3 at dim -2\)$/,
    );
    expect(() => broadcastShapes('add', [2], [0])).toThrow(ShapeError);
  });
});

describe('shapesEqual', () => {
  it('compares sizes and ranks', () => {
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([1], [])).toBe(false);
    expect(shapesEqual([], [])).toBe(true);
  });
});
