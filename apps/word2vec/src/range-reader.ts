// Reads one byte range of a plain-text corpus file as encoded sentences, as word2vec.c and
// gensim's corpus_file mode let each thread read its own part of the file: no thread reads,
// decodes or posts text for another. A token belongs to the range its first byte lies in, so the
// ranges of a file cover every token exactly once; as in word2vec.c, a line that straddles two
// ranges is two sentences (a file that is one long line, as text8, still spreads over all threads).
import { closeSync, openSync, readSync } from 'node:fs';
import { FNV_OFFSET, FNV_PRIME, lookupHashed, type WordIndex } from './word-index.js';

/** Longer lines are cut into sentences of this many tokens, as gensim (and @dl/io's LineCorpus). */
export const MAX_SENTENCE_TOKENS = 10_000;
/** A chunk ends at the first sentence end (a line end or a cut) after this many in-vocabulary words. */
export const CHUNK_WORDS = 10_000;

/** Encoded sentences: `words` with `ends[s]` the end of sentence `s`. */
export interface EncodedChunk {
  words: Int32Array;
  ends: Int32Array;
}

/** Token separators: ASCII whitespace, as gensim's corpus_file mode splits lines. */
export const SEPARATOR = new Uint8Array(256);
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
  /** Sentences in the current chunk, and where the current sentence starts in `words`. */
  private sentences = 0;
  private sentenceStart = 0;

  constructor(path: string, index: WordIndex) {
    this.path = path;
    this.index = index;
  }

  /**
   * The in-vocabulary words of the tokens starting in `[start, end)`, in chunks of whole
   * sentences; a chunk's arrays are reused once the next one is asked for.
   */
  *chunks(start: number, end: number): Generator<EncodedChunk> {
    if (start >= end) return;
    const fd = openSync(this.path, 'r');
    try {
      // From the byte before the range: unless it separates tokens, the range begins inside a
      // token that belongs to the range before, and the rest of that token is skipped.
      let base = Math.max(start - 1, 0);
      let skipping = start > 0;
      let eof = false;
      let buffer = this.buffer;
      let filled = 0;
      let at = 0;
      let token = -1;
      let h = 0;
      let tokens = 0;
      let length = 0;
      this.sentences = 0;
      this.sentenceStart = 0;
      for (;;) {
        if (at === filled) {
          // Keep the token being read at the front of the buffer, then fill the rest.
          const keep = token >= 0 ? token : filled;
          buffer.copyWithin(0, keep, filled);
          base += keep;
          filled -= keep;
          at -= keep;
          if (token >= 0) token = 0;
          if (filled === buffer.length) buffer = this.buffer = grow(buffer, filled);
          const read = readSync(fd, buffer, filled, buffer.length - filled, base + filled);
          if (read === 0) eof = true;
          filled += read;
        }
        // The end of the file ends the last line as a newline would.
        const byte = eof ? NEWLINE : buffer[at];
        if (skipping) {
          if (eof) break;
          if (SEPARATOR[byte]) skipping = false;
          else at++;
          continue;
        }
        let cut = false;
        if (SEPARATOR[byte]) {
          if (token >= 0) {
            const id = lookupHashed(this.index, h, buffer, token, at);
            token = -1;
            if (id >= 0) {
              if (length === this.words.length) this.words = grow(this.words, length);
              this.words[length++] = id;
            }
            cut = ++tokens === MAX_SENTENCE_TOKENS;
          }
          if (byte === NEWLINE) {
            if (eof) break;
            cut = true;
          }
        } else if (token < 0) {
          // The next range's first token: this range ends here.
          if (base + at >= end) break;
          token = at;
          h = Math.imul(FNV_OFFSET ^ byte, FNV_PRIME);
        } else {
          h = Math.imul(h ^ byte, FNV_PRIME);
        }
        if (cut) {
          this.endSentence(length);
          tokens = 0;
          if (length >= CHUNK_WORDS) {
            yield { words: this.words.subarray(0, length), ends: this.ends.subarray(0, this.sentences) };
            length = 0;
            this.sentences = 0;
            this.sentenceStart = 0;
          }
        }
        at++;
      }
      this.endSentence(length);
      if (length > 0) yield { words: this.words.subarray(0, length), ends: this.ends.subarray(0, this.sentences) };
    } finally {
      closeSync(fd);
    }
  }

  /** Ends the current sentence at word `length` (nothing when it holds no word). */
  private endSentence(length: number): void {
    if (length === this.sentenceStart) return;
    if (this.sentences === this.ends.length) this.ends = grow(this.ends, this.sentences);
    this.ends[this.sentences++] = length;
    this.sentenceStart = length;
  }
}

/** A copy of `array` with twice the room, holding its first `used` entries. */
function grow<TArray extends Uint8Array | Int32Array>(array: TArray, used: number): TArray {
  const grown = new (array.constructor as new (length: number) => TArray)(2 * array.length);
  grown.set(array.subarray(0, used));
  return grown;
}
