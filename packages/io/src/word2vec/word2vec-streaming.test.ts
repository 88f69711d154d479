// The streaming word2vec reader (issue 9): a cut last line is reported as truncated, input split
// anywhere reads the same, very long lines and huge dims cost linear work, options are checked.
import { manualSeed, randn } from '@dl/tensor';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { thrown } from '../__fixtures__/word2vec-thrown.js';
import { readWord2Vec, writeWord2Vec } from '../index.js';
import { Word2VecParser } from './word2vec.js';

const SEED = 9_2028;
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

beforeEach(() => {
  manualSeed(0);
});

describe('readWord2Vec (the last line of a text file)', () => {
  // gensim 4.2 loads '2 3\na 1 2 3\nb 4 5 6' (readline() returns the last line without '\n') and
  // fails on '2 3\na 1 2 3\nb 4 5' with numpy's "could not broadcast input array from shape (2,)
  // into shape (3,)". So a complete last line loads without its newline, and an incomplete one
  // is what a file cut mid-write looks like: TRUNCATED, not a malformed vector.
  it('loads a complete last line without a newline, as gensim', () => {
    const result = readWord2Vec(encode('2 3\na 1 2 3\nb 4 5 6'));
    expect([result.words, Array.from(result.vectors.dataSync())]).toEqual([['a', 'b'], [1, 2, 3, 4, 5, 6]]);
  });

  it('reports an incomplete last line without a newline as TRUNCATED (#9)', () => {
    const error = thrown(() => readWord2Vec(encode('2 3\na 1 2 3\nb 4 5')));
    expect([error.code, error.position]).toEqual(['TRUNCATED', 3]);
    expect(error.message).toMatch(/^word2vec text: line 3, the last of the file, has no newline and only 2 of 3 values: the file is truncated$/);
  });

  it('reports a last line cut inside its last value as TRUNCATED', () => {
    const error = thrown(() => readWord2Vec(encode('2 3\na 1 2 3\nb 4 5 1e')));
    expect([error.code, error.position]).toEqual(['TRUNCATED', 3]);
    expect(error.message).toMatch(/line 3, the last of the file, has no newline and its last value "1e" is incomplete/);
  });

  it('keeps INVALID_VECTOR for a short line that ends with its newline, or a last line with too many values', () => {
    expect(thrown(() => readWord2Vec(encode('2 3\na 1 2 3\nb 4 5\n'))).code).toBe('INVALID_VECTOR');
    expect(thrown(() => readWord2Vec(encode('2 3\na 1 2 3\nb 4 5 6 7'))).code).toBe('INVALID_VECTOR');
    expect(thrown(() => readWord2Vec(encode('2 3\na 1 2 3\nb x 5 6'))).message).toMatch(/line 3: value 1 "x" is not a number/);
  });
});

/** Reads `bytes` pushed in pieces cut at `cuts`. */
function readInPieces(bytes: Uint8Array, cuts: number[], binary: boolean): { words: readonly string[]; values: number[] } {
  const parser = new Word2VecParser({ binary });
  let start = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    parser.push(bytes.slice(start, cut));
    start = cut;
  }
  parser.push(bytes.slice(start));
  const { words, vectors } = parser.finish();
  return { words, values: Array.from(vectors.dataSync()) };
}

describe('Word2VecParser', () => {
  it('reads a file cut into pieces anywhere as it reads the whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }), (count, dim, binary, cuts) => {
        const words = Array.from({ length: count }, (_, i) => `w${i}é`);
        const bytes = writeWord2Vec({ words, vectors: randn([count, dim]) }, { binary });
        const whole = readWord2Vec(bytes, { binary });
        expect(readInPieces(bytes, cuts, binary)).toEqual({ words: whole.words, values: Array.from(whole.vectors.dataSync()) });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  const size = 64 << 20;
  const chunk = 1 << 16;

  it('searches and copies a 64 MB text line without a newline in linear work (#9)', () => {
    const parser = new Word2VecParser();
    parser.push(encode('1 3\n'));
    const piece = new Uint8Array(chunk).fill(0x61);
    for (let sent = 0; sent < size; sent += chunk) parser.push(piece);
    expect(() => parser.finish()).toThrow(/line 2, the last of the file, has no newline and only 0 of 3 values: the file is truncated/);
    // Before the fix every chunk re-copied and re-searched the whole line: ~1024 × 32 MB each.
    expect(parser.work.scanned).toBeLessThanOrEqual(size + chunk);
    expect(parser.work.copied).toBeLessThanOrEqual(3 * size);
  });

  it('reads a binary vector of 16M dims (64 MB) arriving in small chunks in linear work', () => {
    const dim = size / 4;
    const parser = new Word2VecParser({ binary: true });
    parser.push(encode(`1 ${dim}\nhuge `));
    const piece = new Uint8Array(new Float32Array(chunk / 4).fill(0.5).buffer);
    for (let sent = 0; sent < size; sent += chunk) parser.push(piece);
    const { words, vectors } = parser.finish();
    expect([words, vectors.shape, vectors.dataSync()[dim - 1]]).toEqual([['huge'], [1, dim], 0.5]);
    expect(parser.work.scanned).toBeLessThanOrEqual(chunk);
    expect(parser.work.copied).toBeLessThanOrEqual(3 * size);
  });
});

describe('readWord2Vec (options)', () => {
  const bytes = encode('2 3\na 1 2 3\nb 4 5 6\n');
  it.each([
    [{ limit: -1 }, /readWord2Vec: limit must be a positive integer, got -1\nhint: leave limit out to read every word/],
    [{ limit: 0 }, /limit must be a positive integer, got 0/],
    [{ limit: 1.5 }, /limit must be a positive integer, got 1.5/],
    [{ limit: NaN }, /limit must be a positive integer, got NaN/],
    [{ limit: Infinity }, /limit must be a positive integer, got Infinity/],
    [{ limit: '1' }, /limit must be a positive integer, got "1"/],
    [{ unicodeErrors: 'bogus' }, /readWord2Vec: unicodeErrors must be 'strict', 'replace' or 'ignore', got "bogus"/],
    [{ binary: 'yes' }, /readWord2Vec: binary must be true or false, got "yes"/],
    [null, /readWord2Vec: options must be an object, got null/],
  ])('rejects %o naming the bad value', (options, message) => {
    expect(() => readWord2Vec(bytes, options as never)).toThrow(message);
  });

  it('rejects input that is not a Uint8Array', () => {
    expect(() => readWord2Vec('2 3\n' as never)).toThrow(/readWord2Vec: expected a Uint8Array, got "2 3\\n"/);
  });

  it('still reads limit words when limit is valid', () => {
    expect(readWord2Vec(bytes, { limit: 1 }).words).toEqual(['a']);
  });
});
