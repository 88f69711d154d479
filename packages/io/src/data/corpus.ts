import { ArgumentError } from '@dl/tensor';
import { CorpusFormatError } from '../errors.js';
import { gzipProblem, readLines } from '../node/input.js';

/**
 * Splits one line of text into tokens.
 * @example
 * const lowercase: Tokenizer = (line) => line.toLowerCase().split(/\s+/).filter(Boolean);
 */
export type Tokenizer = (line: string) => string[];

/**
 * Splits on runs of whitespace and drops empty tokens, as Python's `str.split()` (gensim's `LineSentence`).
 * @example
 * whitespaceTokenizer('  the cat\tsat ') // ['the', 'cat', 'sat']
 */
export const whitespaceTokenizer: Tokenizer = (line) => {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
};

/**
 * Options of `LineCorpus`.
 * @example
 * new LineCorpus('corpus.txt.gz', { tokenizer: lowercase, maxSentenceLength: 1000 });
 */
export interface LineCorpusOptions {
  /** How a line becomes tokens (default `whitespaceTokenizer`). */
  tokenizer?: Tokenizer;
  /** Longer lines are cut into sentences of at most this many tokens (default 10000, as gensim). */
  maxSentenceLength?: number;
  /** Stop after this many lines (a positive integer). */
  limit?: number;
}

/**
 * A text corpus with one sentence per line, plain or gzip (detected from the bytes), streamed
 * line by line through node:readline and zlib, as gensim's `LineSentence`. Each `for await`
 * re-reads the file, so it serves several epochs without holding the corpus in memory. Empty
 * lines yield nothing. Node only.
 * @example
 * for await (const sentence of new LineCorpus('brown.txt.gz')) count += sentence.length;
 */
export class LineCorpus implements AsyncIterable<string[]> {
  readonly path: string;
  private readonly tokenizer: Tokenizer;
  private readonly maxSentenceLength: number;
  private readonly limit: number;

  constructor(path: string, options: LineCorpusOptions = {}) {
    this.path = path;
    this.tokenizer = options.tokenizer ?? whitespaceTokenizer;
    this.maxSentenceLength = options.maxSentenceLength ?? 10_000;
    this.limit = options.limit ?? Infinity;
    if (!Number.isInteger(this.maxSentenceLength) || this.maxSentenceLength < 1) {
      throw new ArgumentError(`LineCorpus: maxSentenceLength must be a positive integer, got ${this.maxSentenceLength}`);
    }
    // Infinity is the default and may be passed explicitly; anything else must count lines.
    if (this.limit !== Infinity && (!Number.isSafeInteger(this.limit) || this.limit < 1)) {
      throw new ArgumentError(`LineCorpus: limit must be a positive integer, got ${typeof this.limit === 'number' ? this.limit : JSON.stringify(this.limit)}\nhint: leave limit out to read every line`);
    }
    if (typeof this.tokenizer !== 'function') throw new ArgumentError(`LineCorpus: tokenizer must be a function, got ${typeof this.tokenizer}`);
  }

  /**
   * The sentences of the file, in order.
   * @example
   * for await (const tokens of corpus) vocabCounts(tokens);
   */
  async *[Symbol.asyncIterator](): AsyncIterator<string[]> {
    let lines = 0;
    for await (const line of this.lines()) {
      if (lines++ >= this.limit) break;
      const tokens = this.tokenizer(line);
      if (tokens.length <= this.maxSentenceLength) {
        if (tokens.length > 0) yield tokens;
        continue;
      }
      for (let start = 0; start < tokens.length; start += this.maxSentenceLength) yield tokens.slice(start, start + this.maxSentenceLength);
    }
  }

  /** The file's lines; gzip trouble becomes a CorpusFormatError naming the line reached. */
  private async *lines(): AsyncGenerator<string> {
    let count = 0;
    try {
      for await (const line of readLines(this.path)) {
        count++;
        yield line;
      }
    } catch (error) {
      const problem = gzipProblem(error);
      if (problem === null) throw error;
      throw new CorpusFormatError(count + 1, `LineCorpus: ${this.path}: ${problem.detail} after line ${count}`);
    }
  }

  /**
   * Counts lines and tokens in one streaming pass.
   * @example
   * await new LineCorpus('brown.txt.gz').count() // { lines: 57159, words: 1033893 }
   */
  async count(): Promise<{ lines: number; words: number }> {
    let lines = 0;
    let words = 0;
    for await (const line of this.lines()) {
      if (lines >= this.limit) break;
      lines++;
      words += this.tokenizer(line).length;
    }
    return { lines, words };
  }
}
