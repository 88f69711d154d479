import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../index.js';

describe('Vocabulary', () => {
  it('sorts by count, ties in order of first appearance', async () => {
    const vocab = await Vocabulary.build([['b', 'a', 'c'], ['a', 'd', 'c'], ['e']]);
    expect(vocab.words).toEqual(['a', 'c', 'b', 'd', 'e']);
    expect(vocab.counts).toEqual([2, 2, 1, 1, 1]);
    expect([vocab.totalWords, vocab.sentences, vocab.size]).toEqual([7, 3, 5]);
  });

  it('drops words below minCount and keeps at most maxSize', async () => {
    const vocab = await Vocabulary.build([['a', 'a', 'b', 'b', 'c']], { minCount: 2 });
    expect(vocab.words).toEqual(['a', 'b']);
    expect(vocab.totalWords).toBe(5);
    expect((await Vocabulary.build([['a', 'a', 'b']], { maxSize: 1 })).words).toEqual(['a']);
  });

  it('builds from an async corpus', async () => {
    async function* corpus(): AsyncGenerator<string[]> {
      await Promise.resolve();
      yield ['x', 'y'];
      yield ['y'];
    }
    expect((await Vocabulary.build(corpus())).words).toEqual(['y', 'x']);
  });

  it('looks words up and encodes sentences, skipping unknown words', async () => {
    const vocab = await Vocabulary.build([['the', 'cat', 'the']]);
    expect([vocab.indexOf('cat'), vocab.indexOf('dog'), vocab.has('the'), vocab.count('the'), vocab.count('dog')]).toEqual([1, -1, true, 2, 0]);
    expect(Array.from(vocab.encode(['the', 'dog', 'cat']))).toEqual([0, 1]);
  });

  it('builds from counts', () => {
    expect(Vocabulary.fromCounts([['b', 1], ['a', 3], ['c', 1]]).words).toEqual(['a', 'b', 'c']);
    expect(() => Vocabulary.fromCounts([['a', -1]])).toThrow(/Vocabulary.fromCounts: count of "a" must be a non-negative integer, got -1/);
  });

  it('throws for a minCount that is not a non-negative integer', async () => {
    await expect(Vocabulary.build([], { minCount: 1.5 })).rejects.toThrow(/Vocabulary: minCount must be a non-negative integer, got 1.5/);
  });
});
