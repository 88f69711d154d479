import { writeWord2Vec } from '@dl/io';
import { array } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { parseQuery, WordSpace, wordMap } from '../.vitepress/theme/demos/embeddings.js';

// Axes: royalty, gender (+ male), fruit, a little noise; the analogy king - man + woman is queen.
const WORDS = ['king', 'queen', 'man', 'woman', 'apple', 'pear', 'stone'];
const VECTORS = [
  [1, 1, 0, 0],
  [1, -1, 0, 0],
  [0, 1, 0, 0.1],
  [0, -1, 0, 0.1],
  [0, 0, 1, 0],
  [0, 0.1, 1, 0.3],
  [0, 0, 0, 1],
];

function space(): WordSpace {
  const bytes = writeWord2Vec({ words: WORDS, vectors: array(VECTORS, { dtype: 'float32' }) }, { binary: true });
  return WordSpace.fromWord2VecBinary(bytes);
}

describe('parseQuery', () => {
  it('splits a word sum into added and subtracted words, lower-cased', () => {
    expect(parseQuery('King - man + WOMAN')).toEqual({ positive: ['king', 'woman'], negative: ['man'] });
    expect(parseQuery('  pear ')).toEqual({ positive: ['pear'], negative: [] });
  });

  it('names what is wrong with a malformed query', () => {
    expect(() => parseQuery('   ')).toThrow(/explorer: type a word/);
    expect(() => parseQuery('king - + woman')).toThrow(/expected a word after '-' in "king - \+ woman"/);
    expect(() => parseQuery('king woman')).toThrow(/expected \+ or - between "king" and "woman"/);
    expect(() => parseQuery('king -')).toThrow(/expected a word after '-' at the end/);
    expect(() => parseQuery('- man')).toThrow(/"- man" adds no word/);
    expect(parseQuery('- man + king')).toEqual({ positive: ['king'], negative: ['man'] });
  });
});

describe('WordSpace', () => {
  it('reads word2vec binary vectors and scales every row to unit length', () => {
    const words = space();
    expect(words.words).toEqual(WORDS);
    expect(words.dim).toBe(4);
    const lengths = Array.from({ length: WORDS.length }, (_, i) => Math.hypot(...words.rows([WORDS[i] ?? '']).dataSync()));
    for (const length of lengths) expect(length).toBeCloseTo(1, 6);
  });

  it('finds the nearest neighbours of a word by cosine, leaving the word out', () => {
    const answers = space().nearest(parseQuery('apple'), 6);
    expect(answers.map((answer) => answer.word)).toEqual(['pear', 'king', 'queen', 'man', 'woman', 'stone']);
    expect(answers[0]?.score).toBeCloseTo(1 / Math.hypot(0.1, 1, 0.3), 5);
  });

  it('answers an analogy (3CosAdd) without repeating its own words', () => {
    const answers = space().nearest(parseQuery('king - man + woman'), 3);
    expect(answers[0]?.word).toBe('queen');
    expect(answers.map((answer) => answer.word)).not.toContain('king');
    expect(answers.map((answer) => answer.word)).not.toContain('woman');
  });

  it('names a word that is not in the vocabulary', () => {
    expect(() => space().nearest(parseQuery('king - prince'))).toThrow(/explorer: "prince" is not among the 7 words/);
  });

  it('rejects vectors that do not match the words', () => {
    expect(() => new WordSpace(['a', 'b', 'c'], array([[1, 2], [3, 4]], { dtype: 'float32' }))).toThrow(/WordSpace: expected vectors \[words, dim\] for 3 words \(at least 2\), got \[2, 2\]/);
  });
});

describe('wordMap', () => {
  it('maps the most frequent words plus the focus and its neighbours, focus highlighted', () => {
    const words = space();
    const figure = wordMap(words, 'stone', words.nearest(parseQuery('stone'), 2), 3);
    const rows = (figure.spec as { data: { values: { word: string; role: string }[] } }).data.values;
    expect(rows.map((row) => row.word)).toEqual(['king', 'queen', 'man', 'stone', ...words.nearest(parseQuery('stone'), 2).map((n) => n.word)].filter((w, i, all) => all.indexOf(w) === i));
    expect(rows.find((row) => row.word === 'stone')?.role).toBe('word');
    expect(figure.hover?.neighbours.stone).toHaveLength(2);
  });
});
