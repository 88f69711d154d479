import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineCorpus, Vocabulary, whitespaceTokenizer } from '../index.js';
import { itWithSharedData, sharedData } from '../__fixtures__/shared-data.js';

const BROWN = sharedData('brown.txt.gz');
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-io-corpus-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('whitespaceTokenizer', () => {
  it('splits on runs of whitespace and drops empty tokens', () => {
    expect(whitespaceTokenizer('  the cat\tsat \u00a0on ')).toEqual(['the', 'cat', 'sat', 'on']);
    expect(whitespaceTokenizer('   ')).toEqual([]);
  });
});

describe('LineCorpus', () => {
  itWithSharedData('streams the gzipped Brown corpus: 57,159 lines and 1,033,893 words', async () => {
    expect(await new LineCorpus(BROWN).count()).toEqual({ lines: 57_159, words: 1_033_893 });
  });

  itWithSharedData('builds the Brown vocabulary in one streaming pass', async () => {
    const vocab = await Vocabulary.build(new LineCorpus(BROWN), { minCount: 5 });
    expect([vocab.totalWords, vocab.sentences]).toEqual([1_033_893, 57_159]);
    expect(vocab.words.slice(0, 3)).toEqual(['the', 'of', 'and']);
    expect(vocab.counts.every((count, i) => count >= 5 && (i === 0 || count <= vocab.counts[i - 1]))).toBe(true);
  });

  it('reads plain text too, skips empty lines, splits long lines and can be iterated again', async () => {
    const path = join(folder, 'plain.txt');
    await writeFile(path, 'a b c d e\n\nf g\r\n');
    const corpus = new LineCorpus(path, { maxSentenceLength: 2 });
    const collect = async (): Promise<string[][]> => {
      const out: string[][] = [];
      for await (const sentence of corpus) out.push(sentence);
      return out;
    };
    const first = await collect();
    expect(first).toEqual([['a', 'b'], ['c', 'd'], ['e'], ['f', 'g']]);
    expect(await collect()).toEqual(first);
  });

  it('uses a custom tokenizer and stops after limit lines', async () => {
    const path = join(folder, 'custom.txt.gz');
    await writeFile(path, gzipSync('A,B\nC,D\nE,F\n'));
    const corpus = new LineCorpus(path, { tokenizer: (line) => line.toLowerCase().split(','), limit: 2 });
    const out: string[][] = [];
    for await (const sentence of corpus) out.push(sentence);
    expect(out).toEqual([['a', 'b'], ['c', 'd']]);
    expect(await corpus.count()).toEqual({ lines: 2, words: 4 });
  });

  it('throws for a maxSentenceLength below 1', () => {
    expect(() => new LineCorpus('x', { maxSentenceLength: 0 })).toThrow(/LineCorpus: maxSentenceLength must be a positive integer, got 0/);
  });

  it('throws for a limit that is not a positive integer, or a tokenizer that is not a function (#9)', () => {
    expect(() => new LineCorpus('x', { limit: -1 })).toThrow(/^LineCorpus: limit must be a positive integer, got -1\nhint: leave limit out to read every line$/);
    expect(() => new LineCorpus('x', { limit: 2.5 })).toThrow(/limit must be a positive integer, got 2.5/);
    expect(() => new LineCorpus('x', { limit: NaN })).toThrow(/limit must be a positive integer, got NaN/);
    expect(() => new LineCorpus('x', { limit: '3' as never })).toThrow(/limit must be a positive integer, got "3"/);
    expect(() => new LineCorpus('x', { tokenizer: 'split' as never })).toThrow(/LineCorpus: tokenizer must be a function, got string/);
    expect(new LineCorpus('x', { limit: Infinity }).path).toBe('x');
  });
});
