// Per-thread byte ranges of the corpus file: whatever the number of ranges, every in-vocabulary
// word of the file is read exactly once per pass, in file order; sentences are the lines (cut
// every MAX_SENTENCE_TOKENS tokens), and a line straddling two ranges is split between them.
import { Generator } from '@dl/tensor';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byteRanges, CHUNK_WORDS, MAX_SENTENCE_TOKENS, RangeReader } from '../src/range-reader.js';
import { lookup, wordIndex } from '../src/word-index.js';

let folder: string;
const VOCABULARY = ['the', 'cat', 'sat', 'on', 'mat', 'déjà', 'vu', 'a'];

/** Lines of random words (some unknown), blank lines, runs of mixed whitespace and a very long line. */
function lines(): string[] {
  const generator = new Generator(3);
  const pool = [...VOCABULARY, 'unknown', 'zebra'];
  const out: string[] = [];
  for (let i = 0; i < 400; i++) {
    const words = Array.from({ length: generator.integer(0, 30) }, () => pool[generator.integer(0, pool.length)]);
    out.push(words.join(i % 7 === 0 ? ' \t ' : ' '));
    if (i === 200) out.push(Array.from({ length: MAX_SENTENCE_TOKENS + 25 }, (_, k) => pool[k % pool.length]).join(' '));
  }
  return out;
}

/** Every sentence of `[start, end)` as a list of ids, and the chunks' word counts. */
function read(path: string, start: number, end: number): { sentences: number[][]; chunkWords: number[] } {
  const reader = new RangeReader(path, wordIndex(VOCABULARY));
  const sentences: number[][] = [];
  const chunkWords: number[] = [];
  for (const chunk of reader.chunks(start, end)) {
    let from = 0;
    for (const to of chunk.ends) {
      sentences.push(Array.from(chunk.words.subarray(from, to)));
      from = to;
    }
    chunkWords.push(chunk.words.length);
  }
  return { sentences, chunkWords };
}

let path: string;
let size: number;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-w2v-range-'));
  path = join(folder, 'corpus.txt');
  // No newline after the last line: the reader ends the last sentence at the end of the file.
  const body = Buffer.from(lines().join('\n'));
  size = body.length;
  await writeFile(path, body);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('wordIndex', () => {
  it('finds every word by its UTF-8 bytes and answers -1 for others', () => {
    const index = wordIndex(VOCABULARY);
    const bytes = new TextEncoder().encode('xx déjà cats the');
    expect(lookup(index, bytes, 3, 9)).toBe(5);
    expect(lookup(index, bytes, 10, 14)).toBe(-1);
    expect(lookup(index, bytes, 10, 13)).toBe(1);
    expect(lookup(index, bytes, 15, 18)).toBe(0);
  });
});

describe('RangeReader', () => {
  it('splits lines into sentences of known words and cuts long lines at MAX_SENTENCE_TOKENS tokens', () => {
    const { sentences } = read(path, 0, size);
    const index = wordIndex(VOCABULARY);
    const expected: number[][] = [];
    for (const line of lines()) {
      const tokens = line.split(/[ \t]+/).filter(Boolean);
      for (let from = 0; from < tokens.length; from += MAX_SENTENCE_TOKENS) {
        const ids = tokens.slice(from, from + MAX_SENTENCE_TOKENS).map((token) => VOCABULARY.indexOf(token)).filter((id) => id >= 0);
        if (ids.length > 0) expected.push(ids);
      }
    }
    expect(index.slots.length).toBeGreaterThanOrEqual(2 * VOCABULARY.length);
    expect(sentences).toEqual(expected);
  });

  it.each([1, 2, 3, 5, 8, 64, 1000])('reads every word exactly once across %i ranges, in file order', (parts) => {
    const whole = read(path, 0, size);
    const perRange = byteRanges(size, parts).map(([start, end]) => read(path, start, end));
    const counts = perRange.map((part) => part.sentences.flat().length);
    expect(counts.reduce((total, count) => total + count, 0)).toBe(whole.sentences.flat().length);
    expect(perRange.flatMap((part) => part.sentences.flat())).toEqual(whole.sentences.flat());
    // Only lines that straddle a range boundary are split: at most one extra sentence per boundary.
    const sentences = perRange.reduce((total, part) => total + part.sentences.length, 0);
    expect(sentences - whole.sentences.length).toBeGreaterThanOrEqual(0);
    expect(sentences - whole.sentences.length).toBeLessThanOrEqual(parts - 1);
  });

  it('spreads a file that is one long line (as text8) over all ranges, in chunks of bounded size', async () => {
    const oneLine = join(folder, 'one-line.txt');
    const tokens = Array.from({ length: 60_000 }, (_, i) => VOCABULARY[i % VOCABULARY.length]);
    await writeFile(oneLine, tokens.join(' '));
    const bytes = Buffer.byteLength(tokens.join(' '));
    const perRange = byteRanges(bytes, 4).map(([start, end]) => read(oneLine, start, end));
    expect(perRange.map((part) => part.sentences.flat().length).every((count) => count > 10_000)).toBe(true);
    expect(perRange.flatMap((part) => part.sentences.flat())).toEqual(tokens.map((token) => VOCABULARY.indexOf(token)));
    expect(perRange.flatMap((part) => part.chunkWords).every((words) => words <= CHUNK_WORDS + MAX_SENTENCE_TOKENS)).toBe(true);
  });

  it('ends a chunk at the first sentence end after CHUNK_WORDS words', () => {
    const { chunkWords, sentences } = read(path, 0, size);
    expect(chunkWords.reduce((total, words) => total + words, 0)).toBe(sentences.flat().length);
    expect(chunkWords.slice(0, -1).every((words) => words >= CHUNK_WORDS)).toBe(true);
  });

  it('reads nothing from an empty range and keeps a token split across two buffer fills whole', async () => {
    expect(read(path, 10, 10).sentences).toEqual([]);
    const long = join(folder, 'long.txt');
    // 'cat' straddles the reader's 1 MiB buffer boundary.
    await writeFile(long, `${' '.repeat((1 << 20) - 2)}cat sat\n`);
    expect(read(long, 0, (1 << 20) + 6).sentences).toEqual([[1, 2]]);
  });
});
