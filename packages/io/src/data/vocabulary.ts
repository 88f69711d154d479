import { ArgumentError } from '@dl/tensor';

/**
 * Options of `Vocabulary.build` and `Vocabulary.fromCounts`.
 * @example
 * await Vocabulary.build(corpus, { minCount: 5, maxSize: 30000 });
 */
export interface VocabularyOptions {
  /** Drop words seen fewer times than this (default 1: keep all), as word2vec's `min_count`. */
  minCount?: number;
  /** Keep at most this many of the most frequent words, as gensim's `max_final_vocab`. */
  maxSize?: number;
}

/**
 * Words sorted by descending count, ties in order of first appearance (a stable sort of
 * word2vec.c's and gensim's count order), with their counts and corpus totals.
 * @example
 * const vocab = await Vocabulary.build(new LineCorpus('corpus.txt.gz'), { minCount: 5 });
 * vocab.indexOf('the') // 0
 */
export class Vocabulary {
  /** Words, most frequent first. */
  readonly words: readonly string[];
  /** `counts[i]` is the number of occurrences of `words[i]`. */
  readonly counts: readonly number[];
  /** Tokens read, including those of dropped words. */
  readonly totalWords: number;
  /** Sentences (non-empty token lists) read. */
  readonly sentences: number;
  private readonly index: Map<string, number>;

  private constructor(words: string[], counts: number[], totalWords: number, sentences: number) {
    this.words = words;
    this.counts = counts;
    this.totalWords = totalWords;
    this.sentences = sentences;
    this.index = new Map(words.map((word, i) => [word, i]));
  }

  /**
   * Counts the words of a corpus (sync or async iterable of token lists), one sentence at a time,
   * so the corpus itself is never held in memory.
   * @example
   * const vocab = await Vocabulary.build([['a', 'b'], ['a']]); vocab.words // ['a', 'b']
   */
  static async build(corpus: AsyncIterable<readonly string[]> | Iterable<readonly string[]>, options: VocabularyOptions = {}): Promise<Vocabulary> {
    const counts = new Map<string, number>();
    let totalWords = 0;
    let sentences = 0;
    for await (const sentence of corpus) {
      if (sentence.length > 0) sentences++;
      totalWords += sentence.length;
      for (const word of sentence) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    return Vocabulary.sorted(counts, totalWords, sentences, options);
  }

  /**
   * A vocabulary from `[word, count]` pairs, in the order given for equal counts.
   * @example
   * Vocabulary.fromCounts([['b', 1], ['a', 3]]).words // ['a', 'b']
   */
  static fromCounts(entries: Iterable<readonly [string, number]>, options: VocabularyOptions = {}): Vocabulary {
    const counts = new Map<string, number>();
    let total = 0;
    for (const [word, count] of entries) {
      if (!Number.isSafeInteger(count) || count < 0) throw new ArgumentError(`Vocabulary.fromCounts: count of ${JSON.stringify(word)} must be a non-negative integer, got ${count}`);
      counts.set(word, (counts.get(word) ?? 0) + count);
      total += count;
    }
    return Vocabulary.sorted(counts, total, 0, options);
  }

  private static sorted(counts: Map<string, number>, totalWords: number, sentences: number, options: VocabularyOptions): Vocabulary {
    const minCount = options.minCount ?? 1;
    const maxSize = options.maxSize ?? Infinity;
    if (!Number.isInteger(minCount) || minCount < 0) throw new ArgumentError(`Vocabulary: minCount must be a non-negative integer, got ${minCount}`);
    if (maxSize !== Infinity && (!Number.isInteger(maxSize) || maxSize < 0)) throw new ArgumentError(`Vocabulary: maxSize must be a non-negative integer, got ${maxSize}`);
    // Map iteration is insertion (= first appearance) order and Array#sort is stable, so equal
    // counts keep first-appearance order.
    const kept = [...counts].filter(([, count]) => count >= minCount).sort((a, b) => b[1] - a[1]).slice(0, maxSize);
    return new Vocabulary(kept.map(([word]) => word), kept.map(([, count]) => count), totalWords, sentences);
  }

  /** Number of words. */
  get size(): number {
    return this.words.length;
  }

  /**
   * Position of `word`, or -1 when it is not in the vocabulary.
   * @example
   * vocab.indexOf('the') // 0
   */
  indexOf(word: string): number {
    return this.index.get(word) ?? -1;
  }

  /**
   * True when `word` is in the vocabulary.
   * @example
   * vocab.has('zyzzyva') // false
   */
  has(word: string): boolean {
    return this.index.has(word);
  }

  /**
   * Occurrences of `word` in the corpus (0 when not in the vocabulary).
   * @example
   * vocab.count('the') // 69971
   */
  count(word: string): number {
    const i = this.index.get(word);
    return i === undefined ? 0 : (this.counts[i] ?? 0);
  }

  /**
   * The indices of the in-vocabulary tokens of a sentence (out-of-vocabulary tokens are skipped).
   * @example
   * vocab.encode(['the', 'zyzzyva', 'of']) // Int32Array [0, 1]
   */
  encode(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    let n = 0;
    for (const token of tokens) {
      const i = this.index.get(token);
      if (i !== undefined) out[n++] = i;
    }
    return out.slice(0, n);
  }
}
