// The embedding explorer's maths, in @dl: word vectors read from the word2vec binary format,
// nearest neighbours and analogies by cosine similarity (one matmul against the unit vectors),
// and a PCA map of the most frequent words through @dl/viz.
import { readWord2Vec } from '@dl/io';
import * as nd from '@dl/tensor';
import { embeddingMap, pca, type VegaLiteFigure } from '@dl/viz';

/** One answer: a word and its cosine similarity to the query. */
export interface Neighbour {
  readonly word: string;
  readonly score: number;
}

/** A query `a - b + c` split into the words added and the words subtracted. */
export interface Query {
  readonly positive: readonly string[];
  readonly negative: readonly string[];
}

/**
 * Parses `word`, or a sum such as `men - man + woman` (3CosAdd: man is to men as woman is to ?).
 * Words are lower-cased, as the corpus is.
 */
export function parseQuery(text: string): Query {
  const tokens = text.toLowerCase().match(/[+-]|[^\s+-]+/g) ?? [];
  if (tokens.length === 0) throw new nd.ArgumentError('explorer: type a word, or words joined by + and -');
  const positive: string[] = [];
  const negative: string[] = [];
  // `pending` is the sign waiting for its word; a query may open with one ("- man + king").
  let pending: '+' | '-' | undefined;
  let expectWord = true;
  for (const token of tokens) {
    if (token === '+' || token === '-') {
      if (pending !== undefined) throw new nd.ArgumentError(`explorer: expected a word after '${pending}' in "${text.trim()}"`);
      pending = token;
      expectWord = true;
    } else {
      if (!expectWord) throw new nd.ArgumentError(`explorer: expected + or - between "${positive.concat(negative).at(-1) ?? ''}" and "${token}"`);
      (pending === '-' ? negative : positive).push(token);
      pending = undefined;
      expectWord = false;
    }
  }
  if (pending !== undefined) throw new nd.ArgumentError(`explorer: expected a word after '${pending}' at the end of "${text.trim()}"`);
  if (positive.length === 0) throw new nd.ArgumentError(`explorer: "${text.trim()}" adds no word; start with one, as in "men - man + woman"`);
  return { positive, negative };
}

/** Word vectors scaled to unit length, most frequent word first (the file's order). */
export class WordSpace {
  readonly words: readonly string[];
  readonly dim: number;
  /** `[words, dim]` float32, each row of length 1. */
  readonly unit: nd.NDArray;
  private readonly index: ReadonlyMap<string, number>;

  constructor(words: readonly string[], vectors: nd.NDArray) {
    const [count = 0, dim = 0] = vectors.shape;
    if (vectors.ndim !== 2 || count !== words.length || count < 2) {
      throw new nd.ShapeError(`WordSpace: expected vectors [words, dim] for ${words.length} words (at least 2), got ${nd.formatShape(vectors.shape)}`);
    }
    this.words = words;
    this.dim = dim;
    // NOTE: an all-zero row (never trained) keeps norm 0; clamping it avoids 0/0 = NaN scores.
    this.unit = nd.div(vectors, nd.clamp(nd.norm(vectors, 2, 1, { keepdim: true }), { min: 1e-12 }));
    this.index = new Map(words.map((word, i) => [word, i]));
  }

  /** Reads vectors in word2vec's binary format (as `dl-word2vec train --output x.bin` writes them). */
  static fromWord2VecBinary(bytes: Uint8Array): WordSpace {
    const { words, vectors } = readWord2Vec(bytes, { binary: true });
    return new WordSpace(words, vectors);
  }

  /** The row of `word`, or a typed error naming it. */
  indexOf(word: string): number {
    const i = this.index.get(word);
    if (i === undefined) {
      throw new nd.ArgumentError(`explorer: "${word}" is not among the ${this.words.length} words\nhint: the vocabulary is the Brown corpus's most frequent words, lower-case`);
    }
    return i;
  }

  /** The unit vector of `word` as `[dim]`. */
  vector(word: string): nd.NDArray {
    return nd.select(this.unit, 0, this.indexOf(word));
  }

  /**
   * The `k` words closest by cosine to the normalised sum of the query's unit vectors (added and
   * subtracted), leaving out the query's own words, as gensim's `most_similar` does.
   */
  nearest(query: Query, k = 10): Neighbour[] {
    const terms = [...query.positive.map((word) => this.vector(word)), ...query.negative.map((word) => nd.neg(this.vector(word)))];
    const sum = terms.reduce((total, term) => nd.add(total, term));
    const target = nd.div(sum, nd.clamp(nd.norm(sum), { min: 1e-12 }));
    const scores = nd.matmul(this.unit, target);
    const skip = new Set([...query.positive, ...query.negative]);
    const best = nd.topk(scores, Math.min(k + skip.size, this.words.length));
    const values = best.values.dataSync();
    const indices = best.indices.dataSync();
    const result: Neighbour[] = [];
    for (let j = 0; j < indices.length && result.length < k; j++) {
      const word = this.words[indices[j] ?? 0] ?? '';
      if (!skip.has(word)) result.push({ word, score: values[j] ?? 0 });
    }
    return result;
  }

  /** The rows of `words` as `[words.length, dim]` unit vectors. */
  rows(words: readonly string[]): nd.NDArray {
    return nd.indexSelect(this.unit, 0, nd.array(words.map((word) => this.indexOf(word)), { dtype: 'int32' }));
  }
}

/**
 * A PCA map of the `count` most frequent words plus `focus` and its neighbours, with `focus`
 * highlighted and joined to its neighbours (hover a point for its word).
 */
export function wordMap(space: WordSpace, focus: string, neighbours: readonly Neighbour[], count = 300): VegaLiteFigure {
  const words = [...new Set([...space.words.slice(0, count), focus, ...neighbours.map((neighbour) => neighbour.word)])];
  const vectors = space.rows(words);
  return embeddingMap(pca(vectors, 2).points, {
    words,
    vectors,
    highlight: focus,
    neighbours: Math.min(8, neighbours.length),
    maxLabels: 70,
    width: 600,
    height: 420,
    xTitle: 'PC 1',
    yTitle: 'PC 2',
  });
}
