import { array, manualSeed, randn, zeros } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureJson } from '../__fixtures__/fixtures.js';
import { thrown } from '../__fixtures__/word2vec-thrown.js';
import { readWord2Vec, writeWord2Vec, type WordVectors } from '../index.js';

const expected = fixtureJson('word2vec.json') as { words: string[]; dim: number; values: number[] };
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const join = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const f32 = (...values: number[]): Uint8Array => new Uint8Array(new Float32Array(values).buffer);

/** Differences from the fixture's words, shape and values (Object.is: -0 and NaN count); [] when equal. */
function fixtureDifferences(result: WordVectors): string[] {
  const problems: string[] = [];
  if (result.words.join('\n') !== expected.words.join('\n')) problems.push(`words ${result.words.join(',')}`);
  if (result.vectors.shape.join() !== `${expected.words.length},${expected.dim}`) problems.push(`shape [${result.vectors.shape.join(', ')}]`);
  result.vectors.dataSync().forEach((value, i) => {
    if (!Object.is(value, expected.values[i])) problems.push(`value ${i}: ${value} vs ${expected.values[i]}`);
  });
  return problems;
}

beforeEach(() => {
  manualSeed(0);
});

describe('readWord2Vec', () => {
  it('reads the gensim-written text file with equal values', () => {
    expect(fixtureDifferences(readWord2Vec(fixtureBytes('vectors.txt')))).toEqual([]);
  });

  it('reads the gensim-written binary file with equal values', () => {
    expect(fixtureDifferences(readWord2Vec(fixtureBytes('vectors.bin'), { binary: true }))).toEqual([]);
  });

  it('reads the word2vec.c binary variant that ends each vector with a newline', () => {
    expect(fixtureDifferences(readWord2Vec(fixtureBytes('vectors-c.bin'), { binary: true }))).toEqual([]);
  });

  it('keeps the first vector of a repeated word, as gensim', () => {
    const result = readWord2Vec(encode('3 1\na 1\nb 2\na 3\n'));
    expect([result.words, Array.from(result.vectors.dataSync())]).toEqual([['a', 'b'], [1, 2]]);
  });

  it('reads at most limit words and ignores the rest of the file', () => {
    const result = readWord2Vec(encode('3 1\na 1\nb 2\nthis line is garbage\n'), { limit: 2 });
    expect(result.words).toEqual(['a', 'b']);
  });

  it('accepts CRLF line ends, a missing final newline and nan/inf tokens', () => {
    const result = readWord2Vec(encode('2 2\r\na nan -inf\r\nb 1e-3 +2'));
    expect(Array.from(result.vectors.dataSync())).toEqual([NaN, -Infinity, Math.fround(1e-3), 2]);
  });

  it('throws INVALID_HEADER for a header that is not "vocab_size dim"', () => {
    const error = thrown(() => readWord2Vec(encode('3\na 1\n')));
    expect([error.code, error.position]).toEqual(['INVALID_HEADER', 1]);
    expect(error.message).toMatch(/word2vec text: expected the header "vocab_size dim" with dim >= 1, got "3"/);
  });

  it('throws TRUNCATED with the line where a text file ends early', () => {
    const error = thrown(() => readWord2Vec(encode('3 2\na 1 2\nb 3 4\n')));
    expect([error.code, error.position]).toEqual(['TRUNCATED', 4]);
    expect(error.message).toMatch(/word2vec text: file ends at line 4 after 2 of 3 words/);
  });

  it('throws INVALID_VECTOR for a line with the wrong number of values', () => {
    const error = thrown(() => readWord2Vec(encode('2 2\na 1 2\nb 3\n')));
    expect([error.code, error.position]).toEqual(['INVALID_VECTOR', 3]);
    expect(error.message).toMatch(/line 3 has 1 values after the word, expected 2/);
  });

  it('throws INVALID_VECTOR for a value that is not a number', () => {
    expect(() => readWord2Vec(encode('1 2\na 1 x2\n'))).toThrow(/word2vec text: line 2: value 2 "x2" is not a number/);
    expect(() => readWord2Vec(encode('1 2\na 1  2\n'))).toThrow(/line 2 has 3 values after the word, expected 2/);
  });

  it('throws TRUNCATED with the byte offset where a binary file ends early', () => {
    const file = join(encode('2 2\n'), encode('a '), f32(1, 2), encode('b '), f32(3));
    const error = thrown(() => readWord2Vec(file, { binary: true }));
    expect([error.code, error.position]).toEqual(['TRUNCATED', file.length]);
    expect(error.message).toMatch(/word2vec binary: file ends at byte 20 after 1 of 2 words/);
  });

  it('throws INVALID_UTF8 for a malformed word unless unicodeErrors says otherwise', () => {
    const file = join(encode('1 1\n'), new Uint8Array([0x61, 0xc3, 0x20]), f32(5));
    expect(() => readWord2Vec(file, { binary: true })).toThrow(/word2vec binary: the word at byte 4 is not valid UTF-8/);
    expect(readWord2Vec(file, { binary: true, unicodeErrors: 'replace' }).words).toEqual(['a\uFFFD']);
    expect(readWord2Vec(file, { binary: true, unicodeErrors: 'ignore' }).words).toEqual(['a']);
  });

  it('throws INVALID_WORD when a binary word runs past 1 MB without a space', () => {
    const file = join(encode('1 1\n'), new Uint8Array((1 << 20) + 10).fill(0x61));
    const error = thrown(() => readWord2Vec(file, { binary: true }));
    expect([error.code, error.position]).toEqual(['INVALID_WORD', 4]);
  });

  it('does not trust a huge count in the header', () => {
    const error = thrown(() => readWord2Vec(encode('1000000000000 300\nthe 1\n')));
    expect(error.message).toMatch(/line 2 has 1 values after the word, expected 300/);
    expect(() => readWord2Vec(join(encode('1000000000000 2\n'), encode('a '), f32(1, 2)), { binary: true })).toThrow(/after 1 of 1000000000000 words/);
  });
});

describe('writeWord2Vec', () => {
  const fixture = (): WordVectors => ({ words: expected.words, vectors: array(expected.values, { shape: [expected.words.length, expected.dim] }) });

  it('writes the text file byte for byte as gensim save_word2vec_format', () => {
    expect(writeWord2Vec(fixture())).toEqual(fixtureBytes('vectors.txt'));
  });

  it('writes the binary file byte for byte as gensim save_word2vec_format', () => {
    expect(writeWord2Vec(fixture(), { binary: true })).toEqual(fixtureBytes('vectors.bin'));
  });

  it('round-trips random float32 vectors exactly in both formats', () => {
    const input = { words: ['a', 'b', 'ç', '日本'], vectors: randn([4, 7]) };
    for (const binary of [false, true]) {
      const back = readWord2Vec(writeWord2Vec(input, { binary }), { binary });
      expect(back.words).toEqual(input.words);
      expect(Array.from(back.vectors.dataSync())).toEqual(Array.from(input.vectors.dataSync()));
    }
  });

  it('writes float64 vectors rounded to float32, as gensim astype(REAL)', () => {
    const back = readWord2Vec(writeWord2Vec({ words: ['a'], vectors: array([[0.1]], { dtype: 'float64' }) }));
    expect(back.vectors.item()).toBe(Math.fround(0.1));
  });

  it('rejects words the format cannot hold and mismatched counts', () => {
    expect(() => writeWord2Vec({ words: ['a b'], vectors: zeros([1, 2]) })).toThrow(/writeWord2Vec: word 0 "a b" cannot be written/);
    expect(() => writeWord2Vec({ words: ['a\nb'], vectors: zeros([1, 2]) })).toThrow(/word 0 "a\\nb" cannot be written/);
    expect(() => writeWord2Vec({ words: ['a'], vectors: zeros([2, 2]) })).toThrow(/writeWord2Vec: 1 words for 2 vectors/);
    expect(() => writeWord2Vec({ words: ['a'], vectors: zeros([2]) })).toThrow(/writeWord2Vec: vectors must be a 2-d array \[words, dim\], got shape \[2\]/);
  });
});
