// Reads one byte range of a plain-text corpus file as encoded sentences, as word2vec.c and
// gensim's corpus_file mode let each thread read its own part of the file: no thread reads,
// decodes or posts text for another. A line belongs to the range its first byte lies in, so the
// ranges of a file cover every line exactly once.
import { closeSync, openSync, readSync } from 'node:fs';
import { lookup, type WordIndex } from './word-index.js';

/** Longer lines are cut into sentences of this many tokens, as gensim (and @dl/io's LineCorpus). */
export const MAX_SENTENCE_TOKENS = 10_000;
/** A chunk ends at the first sentence end after this many in-vocabulary words. */
export const CHUNK_WORDS = 10_000;

/** Encoded sentences: `words` with `ends[s]` the end of sentence `s`. */
export interface EncodedChunk {
  words: Int32Array;
  ends: Int32Array;
}

/** Token separators: ASCII whitespace, as gensim's corpus_file mode splits lines. */
const SEPARATOR = new Uint8Array(256);
for (const byte of [9, 10, 11, 12, 13, 32]) SEPARATOR[byte] = 1;
const NEWLINE = 10;

/** `parts` contiguous byte ranges `[start, end)` of a `size`-byte file, as equal as bytes allow. */
export function byteRanges(size: number, parts: number): [number, number][] {
  return Array.from({ length: parts }, (_, part) => [Math.floor((size * part) / parts), Math.floor((size * (part + 1)) / parts)]);
}

/** Reads ranges of one file, reusing its buffers between chunks. */
export class RangeReader {
  private readonly path: string;
  private readonly index: WordIndex;
  private buffer = new Uint8Array(1 << 20);
  private words = new Int32Array(2 * CHUNK_WORDS);
  private ends = new Int32Array(1024);

  constructor(path: string, index: WordIndex) {
    this.path = path;
    this.index = index;
  }

  /**
   * The in-vocabulary words of the lines starting in `[start, end)`, in chunks of whole
   * sentences; a chunk's arrays are reused once the next one is asked for.
   */
  *chunks(start: number, end: number): Generator<EncodedChunk> {
    if (start >= end) return;
    const fd = openSync(this.path, 'r');
    try {
      // From the byte before the range: unless it ends a line, the range begins inside a line
      // that belongs to the range before, and the tail of that line is skipped.
      let base = Math.max(start - 1, 0);
      let skipping = start > 0;
      let filled = 0;
      let at = 0;
      let token = -1;
      let tokens = 0;
      let length = 0;
      let sentences = 0;
      let sentenceStart = 0;
      const endSentence = (): void => {
        tokens = 0;
        if (length === sentenceStart) return;
        if (sentences === this.ends.length) this.ends = grow(this.ends, length);
        this.ends[sentences++] = length;
        sentenceStart = length;
      };
      const endToken = (): void => {
        const id = lookup(this.index, this.buffer, token, at);
        token = -1;
        if (id >= 0) {
          if (length === this.words.length) this.words = grow(this.words, length);
          this.words[length++] = id;
        }
        if (++tokens === MAX_SENTENCE_TOKENS) endSentence();
      };
      for (;;) {
        if (at === filled) {
          // Keep the token being read at the front of the buffer, then fill the rest.
          const keep = token >= 0 ? token : filled;
          this.buffer.copyWithin(0, keep, filled);
          base += keep;
          filled -= keep;
          at -= keep;
          if (token >= 0) token = 0;
          if (filled === this.buffer.length) this.buffer = grow(this.buffer, filled);
          const read = readSync(fd, this.buffer, filled, this.buffer.length - filled, base + filled);
          if (read === 0) {
            if (token >= 0) endToken();
            endSentence();
            break;
          }
          filled += read;
        }
        const byte = this.buffer[at];
        if (skipping) {
          at++;
          if (byte === NEWLINE) {
            skipping = false;
            if (base + at >= end) break;
          }
          continue;
        }
        if (SEPARATOR[byte]) {
          if (token >= 0) endToken();
          if (byte === NEWLINE) {
            endSentence();
            if (base + at + 1 >= end) break;
            if (length >= CHUNK_WORDS) {
              yield { words: this.words.subarray(0, length), ends: this.ends.subarray(0, sentences) };
              length = 0;
              sentences = 0;
              sentenceStart = 0;
            }
          }
        } else if (token < 0) {
          token = at;
        }
        at++;
      }
      if (length > 0) yield { words: this.words.subarray(0, length), ends: this.ends.subarray(0, sentences) };
    } finally {
      closeSync(fd);
    }
  }
}

/** A copy of `array` with twice the room, holding its first `used` entries. */
function grow<TArray extends Uint8Array | Int32Array>(array: TArray, used: number): TArray {
  const grown = new (array.constructor as new (length: number) => TArray)(2 * array.length);
  grown.set(array.subarray(0, used));
  return grown;
}
