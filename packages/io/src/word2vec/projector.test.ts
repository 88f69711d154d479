import { array, zeros } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { readProjectorTsv, writeProjectorTsv } from '../index.js';

describe('writeProjectorTsv', () => {
  it('writes tab-separated rows and one word per line', () => {
    const files = writeProjectorTsv({ words: ['a', 'b'], vectors: array([[0.1, -2], [1e-5, 3]]) });
    expect(files).toEqual({ vectors: '0.1\t-2.0\n1e-05\t3.0\n', metadata: 'a\nb\n' });
  });

  it('spells non-finite values so JavaScript and numpy both read them', () => {
    expect(writeProjectorTsv({ words: ['a'], vectors: array([[NaN, Infinity, -Infinity]]) }).vectors).toBe('NaN\tInfinity\t-Infinity\n');
  });

  it('rejects words with tabs or newlines', () => {
    expect(() => writeProjectorTsv({ words: ['a\tb'], vectors: zeros([1, 1]) })).toThrow(/writeProjectorTsv: word 0 "a\\tb" cannot be written/);
  });
});

describe('readProjectorTsv', () => {
  it('reads what writeProjectorTsv wrote', () => {
    const input = { words: ['x', 'y'], vectors: array([[1.5, NaN], [-0.25, 7]]) };
    const back = readProjectorTsv(writeProjectorTsv(input));
    expect(back.words).toEqual(['x', 'y']);
    expect(Array.from(back.vectors.dataSync())).toEqual([1.5, NaN, -0.25, 7]);
  });

  it('skips the header row of multi-column metadata and uses the first column', () => {
    const back = readProjectorTsv({ vectors: '1\n2\n', metadata: 'word\tcount\nthe\t10\nof\t5\n' });
    expect(back.words).toEqual(['the', 'of']);
  });

  it('throws Word2VecFormatError for ragged rows, bad numbers and label counts', () => {
    expect(() => readProjectorTsv({ vectors: '1\t2\n3\n' })).toThrow(/projector vectors.tsv: line 2 has 1 values, expected 2 as on line 1/);
    expect(() => readProjectorTsv({ vectors: '1\tx\n' })).toThrow(/projector vectors.tsv: line 1: value 2 "x" is not a number/);
    expect(() => readProjectorTsv({ vectors: '1\n2\n', metadata: 'a\n' })).toThrow(/projector metadata.tsv: 1 labels for 2 vectors/);
  });
});
