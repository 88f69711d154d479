import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  arange,
  array,
  full,
  parseDType,
  reshape,
  slice,
  transpose,
  zeros,
  type PrintOptions,
} from './index.js';

/** One printout of __fixtures__/format.json, made by __fixtures__/format.py with PyTorch. */
interface FormatCase {
  name: string;
  values: number[];
  shape: number[];
  dtype: string;
  options: PrintOptions;
  expected: string;
}

// JSON has no NaN or Infinity, so format.py writes them as strings.
const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const fixture = JSON.parse(
  readFileSync(new URL('__fixtures__/format.json', import.meta.url), 'utf8'),
  (_key, value: unknown) =>
    typeof value === 'string' && value in SPECIAL ? SPECIAL[value] : value,
) as { cases: FormatCase[] };

describe('NDArray.toString', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('prints %s as torch does', (_name, c) => {
    const x = reshape(array(c.values, { dtype: parseDType(c.dtype) }), c.shape);
    expect(x.toString(c.options)).toBe(c.expected);
  });

  it('prints a non-contiguous view like its contiguous copy', () => {
    const x = reshape(arange(0, 12, 1, { dtype: 'float32' }), [3, 4]);
    const t = transpose(x, 0, 1);
    expect(t.toString()).toBe(
      'array([[ 0.,  4.,  8.],\n       [ 1.,  5.,  9.],\n       [ 2.,  6., 10.],\n       [ 3.,  7., 11.]])',
    );
    expect(slice(x, 1, { start: 1, step: 2 }).toString()).toBe(
      'array([[ 1.,  3.],\n       [ 5.,  7.],\n       [ 9., 11.]])',
    );
  });

  it('uses the prefix option and indents continuation lines under it', () => {
    expect(zeros([2, 2]).toString({ prefix: 'tensor' })).toBe(
      'tensor([[0., 0.],\n        [0., 0.]])',
    );
  });

  it('wraps a row at the linewidth option', () => {
    // (20 - 6 for 'array(') / (1 + 2 for ', ') fits 4 values per line, as torch's _vector_str.
    expect(arange(6).toString({ linewidth: 20 })).toBe('array([0, 1, 2, 3,\n       4, 5])');
  });

  it('prints every value of a large array when threshold allows it', () => {
    const text = zeros([200_000]).toString({ threshold: Infinity });
    expect(text.startsWith('array([0., 0.,')).toBe(true);
    // All zeros leave the column width at torch's initial 1, so 24 values fit in a line.
    expect(text.split('\n')).toHaveLength(Math.ceil(200_000 / 24));
  });

  it('is what String() and template literals print', () => {
    const x = full([2], 1.5);
    expect(String(x)).toBe('array([1.5000, 1.5000])');
    expect(`${String(x)}!`).toBe('array([1.5000, 1.5000])!');
  });

  it("is what Node's util.inspect prints (console.log)", () => {
    const inspect = (x: object): unknown =>
      (x as Record<symbol, () => unknown>)[Symbol.for('nodejs.util.inspect.custom')]();
    expect(inspect(array([1, 2], { dtype: 'int32' }))).toBe('array([1, 2])');
  });
});
