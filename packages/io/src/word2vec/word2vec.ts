import { Tensor } from '@dl/autograd';
import { ArgumentError, astype, fromTypedArray, NDArray } from '@dl/tensor';
import { Word2VecFormatError } from '../errors.js';
import { formatFloat32 } from './float-format.js';

/**
 * Words and their vectors (`vectors` is `[words.length, dim]`), as gensim's `KeyedVectors`.
 * @example
 * const kv: WordVectors = { words: ['king', 'queen'], vectors: randn([2, 50]) };
 */
export interface WordVectors {
  readonly words: readonly string[];
  readonly vectors: NDArray;
}

/**
 * Options of `readWord2Vec` and `loadWord2VecFormat`.
 * @example
 * readWord2Vec(bytes, { binary: true, limit: 30000, unicodeErrors: 'replace' });
 */
export interface Word2VecReadOptions {
  /** The binary format (default false: text), as gensim's `binary=`. */
  binary?: boolean;
  /** Read at most this many words (a positive integer), as gensim's `limit=`. */
  limit?: number;
  /** Invalid UTF-8 in a word: throw (default), replace with U+FFFD, or drop the bad bytes. */
  unicodeErrors?: 'strict' | 'replace' | 'ignore';
}

/**
 * Options of `writeWord2Vec` and `saveWord2VecFormat`.
 * @example
 * writeWord2Vec(kv, { binary: true });
 */
export interface Word2VecWriteOptions {
  /** The binary format (default false: text), as gensim's `binary=`. */
  binary?: boolean;
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
// gensim reads the header with readline(); a real one is a few bytes ("3000000 300\n").
const MAX_HEADER_BYTES = 4096;
// A binary "word" is everything up to the next space; a file that is not word2vec binary
// would otherwise make one word of the whole file.
const MAX_WORD_BYTES = 1 << 20;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
// Python's float() syntax without digit underscores: what np.float32(token) accepts in gensim.
const FLOAT_TOKEN = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;
// bytes.rstrip() in gensim strips ASCII whitespace only.
const isAsciiSpace = (byte: number): boolean => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);

const utf8Decoder = (fatal: boolean) => new TextDecoder('utf-8', { fatal });

/** @internal Parses a float token as gensim does (`np.float32(token)`), or returns null. */
export function parseFloatToken(token: string): number | null {
  if (!FLOAT_TOKEN.test(token)) return null;
  const lower = token.toLowerCase();
  const sign = lower.startsWith('-') ? -1 : 1;
  const body = lower.replace(/^[+-]/, '');
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  return Math.fround(Number(token));
}

/**
 * @internal An incremental word2vec reader: `push` file chunks in order, then `finish`. It keeps
 * only the unfinished entry between chunks, and grows its storage as words arrive rather than
 * trusting the header's counts, so a lying header cannot make it allocate.
 */
export class Word2VecParser {
  /** @internal Bytes searched for a delimiter and bytes copied between buffers: both stay linear in the input. */
  readonly work = { scanned: 0, copied: 0 };
  private buffer: Uint8Array = new Uint8Array(0);
  // The unfinished entry lives in `store` (owned, grown by doubling) between chunks; its first
  // `scanned` bytes are known to hold no delimiter, so a long line is searched only once.
  private store = new Uint8Array(0);
  private scanned = 0;
  private consumed = 0; // bytes of the file before `buffer`
  private line = 0; // lines of the file before `buffer` (text format)
  private vocabSize = -1;
  private dim = 0;
  private entries = 0;
  private storage = new Float32Array(0);
  private readonly words: string[] = [];
  private readonly seen = new Set<string>();
  private readonly decoder: ReturnType<typeof utf8Decoder>;

  constructor(
    private readonly options: Word2VecReadOptions = {},
    op = 'readWord2Vec',
  ) {
    checkReadOptions(op, options);
    this.decoder = utf8Decoder((options.unicodeErrors ?? 'strict') === 'strict');
  }

  push(chunk: Uint8Array): void {
    if (this.done()) return;
    this.buffer = this.buffer.length === 0 ? chunk : this.append(chunk);
    this.parse(false);
    // Keep what is left of a caller's chunk, which the caller may reuse.
    if (this.buffer.length > 0 && this.buffer.buffer !== this.store.buffer) this.buffer = this.append(new Uint8Array(0));
  }

  /** The unconsumed bytes followed by `chunk`, in `store`; amortised O(1) per byte. */
  private append(chunk: Uint8Array): Uint8Array {
    const rest = this.buffer;
    const length = rest.length + chunk.length;
    const start = rest.buffer === this.store.buffer ? rest.byteOffset : -1;
    if (start >= 0 && start + length <= this.store.length) {
      this.store.set(chunk, start + rest.length);
      this.work.copied += chunk.length;
      return this.store.subarray(start, start + length);
    }
    // Move to the front when that leaves room (what moves was consumed-and-replaced at least
    // once), else double: either way each byte is copied O(1) times on average.
    if (length > this.store.length / 2) {
      this.store = new Uint8Array(Math.max(2 * length, 1 << 16));
      this.store.set(rest);
    } else if (start >= 0) this.store.copyWithin(0, start, start + rest.length);
    else this.store.set(rest);
    this.store.set(chunk, rest.length);
    this.work.copied += length;
    return this.store.subarray(0, length);
  }

  /** Index of `byte` in the buffer from `position`, resuming after the bytes already searched. */
  private find(byte: number, position: number): number {
    const from = position + this.scanned;
    const index = this.buffer.indexOf(byte, from);
    this.work.scanned += (index < 0 ? this.buffer.length : index + 1) - from;
    this.scanned = index < 0 ? this.buffer.length - position : 0;
    return index;
  }

  finish(): WordVectors {
    if (!this.done()) this.parse(true);
    if (this.vocabSize < 0) throw this.error('TRUNCATED', 'file ends before the "vocab_size dim" header line');
    if (!this.done()) {
      const binary = this.options.binary === true;
      const end = binary ? this.consumed + this.buffer.length : this.line + 1;
      throw this.error('TRUNCATED', `file ends at ${binary ? 'byte' : 'line'} ${end} after ${this.entries} of ${this.expected()} words (is the count in the header right?)`, end);
    }
    const count = this.words.length;
    const vectors = fromTypedArray(this.storage.slice(0, count * this.dim), [count, this.dim]);
    return { words: this.words, vectors };
  }

  private expected(): number {
    return Math.min(this.vocabSize, this.options.limit ?? Infinity);
  }

  /** True once the header's word count (or `limit`) has been read; later bytes are ignored. */
  done(): boolean {
    return this.vocabSize >= 0 && this.entries >= this.expected();
  }

  /** @internal The error for input that could not be read (gzip), at the position reached. */
  inputError(code: Word2VecFormatError['code'], detail: string): Word2VecFormatError {
    const binary = this.options.binary === true;
    return this.error(code, `cannot read past ${binary ? `byte ${this.consumed + this.buffer.length}` : `line ${this.line}`}: ${detail}`);
  }

  private error(code: Word2VecFormatError['code'], message: string, position?: number): Word2VecFormatError {
    const binary = this.options.binary === true;
    const at = position ?? (binary ? this.consumed : this.line + 1);
    return new Word2VecFormatError(code, at, `${binary ? 'word2vec binary' : 'word2vec text'}: ${message}`);
  }

  private decode(bytes: Uint8Array, where: () => string): string {
    try {
      const text = this.decoder.decode(bytes);
      return this.options.unicodeErrors === 'ignore' ? text.replaceAll('\uFFFD', '') : text;
    } catch {
      throw this.error('INVALID_UTF8', `${where()} is not valid UTF-8 (pass unicodeErrors: 'replace' for files cut mid-character by word2vec.c)`);
    }
  }

  /** Consumes `bytes` bytes (and `lines` newlines) from the front of the buffer. */
  private advance(bytes: number, lines: number): void {
    this.buffer = this.buffer.subarray(bytes);
    this.consumed += bytes;
    this.line += lines;
  }

  private parse(final: boolean): void {
    if (this.vocabSize < 0 && !this.parseHeader(final)) return;
    if (this.options.binary === true) this.parseBinary();
    else this.parseText(final);
  }

  private parseHeader(final: boolean): boolean {
    let end = this.buffer.indexOf(NEWLINE);
    if (end < 0 && !final) {
      if (this.buffer.length > MAX_HEADER_BYTES) throw this.error('INVALID_HEADER', `no newline in the first ${MAX_HEADER_BYTES} bytes (expected "vocab_size dim")`, 1);
      return false;
    }
    if (end < 0) end = this.buffer.length;
    const text = this.decode(this.buffer.subarray(0, end), () => 'the header line');
    const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
    const vocabSize = Number(match?.[1]);
    const dim = Number(match?.[2]);
    if (!Number.isSafeInteger(vocabSize) || !Number.isSafeInteger(dim) || dim < 1) {
      throw this.error('INVALID_HEADER', `expected the header "vocab_size dim" with dim >= 1, got ${JSON.stringify(text.slice(0, 80))}`, this.options.binary === true ? 0 : 1);
    }
    this.vocabSize = vocabSize;
    this.dim = dim;
    this.advance(Math.min(end + 1, this.buffer.length), 1);
    return true;
  }

  private addWord(word: string): number {
    this.entries++;
    // gensim keeps the first vector of a repeated word and drops the others.
    if (this.seen.has(word)) return -1;
    this.seen.add(word);
    const row = this.words.length;
    this.words.push(word);
    if ((row + 1) * this.dim > this.storage.length) {
      // Doubling from what has arrived keeps memory within 2x of the data actually read.
      const rows = Math.min(2 * (row + 1), this.expected());
      const grown = new Float32Array(rows * this.dim);
      grown.set(this.storage);
      this.storage = grown;
    }
    return row;
  }

  private parseBinary(): void {
    const vectorBytes = 4 * this.dim;
    let position = 0;
    const buffer = this.buffer;
    while (!this.done()) {
      const space = this.find(SPACE, position);
      if (space < 0) {
        if (buffer.length - position > MAX_WORD_BYTES) {
          throw this.error('INVALID_WORD', `no space within ${MAX_WORD_BYTES} bytes after a word starts (is this really the binary format?)`, this.consumed + position);
        }
        break;
      }
      if (buffer.length - (space + 1) < vectorBytes) {
        this.scanned = space - position; // the space is found again at once when more bytes arrive
        break;
      }
      let start = position;
      // word2vec.c ends each vector with '\n'; gensim strips it from the next word.
      while (start < space && buffer[start] === NEWLINE) start++;
      const at = this.consumed + start;
      const word = this.decode(buffer.subarray(start, space), () => `the word at byte ${at}`);
      const row = this.addWord(word);
      if (row >= 0) {
        const source = buffer.subarray(space + 1, space + 1 + vectorBytes);
        if (LITTLE_ENDIAN_HOST) new Uint8Array(this.storage.buffer, row * vectorBytes, vectorBytes).set(source);
        else {
          const view = new DataView(source.buffer, source.byteOffset, vectorBytes);
          for (let k = 0; k < this.dim; k++) this.storage[row * this.dim + k] = view.getFloat32(4 * k, true);
        }
      }
      position = space + 1 + vectorBytes;
    }
    this.advance(position, 0);
  }

  private parseText(final: boolean): void {
    let position = 0;
    let lines = 0;
    const buffer = this.buffer;
    while (!this.done()) {
      let end = this.find(NEWLINE, position);
      // gensim (readline()) also reads a last line without '\n'; if it is incomplete, the file was cut.
      const unterminated = end < 0;
      if (unterminated) {
        if (!final || position >= buffer.length) break;
        end = buffer.length;
        this.scanned = 0;
      }
      let stop = end;
      while (stop > position && isAsciiSpace(buffer[stop - 1] ?? 0)) stop--;
      const lineNumber = this.line + lines + 1;
      const text = this.decode(buffer.subarray(position, stop), () => `line ${lineNumber}`);
      const parts = text.split(' ');
      const cut = (detail: string): Word2VecFormatError =>
        this.error('TRUNCATED', `line ${lineNumber}, the last of the file, has no newline and ${detail}: the file is truncated`, lineNumber);
      if (parts.length !== this.dim + 1) {
        if (unterminated && parts.length < this.dim + 1) throw cut(`only ${parts.length - 1} of ${this.dim} values`);
        throw this.error('INVALID_VECTOR', `line ${lineNumber} has ${parts.length - 1} values after the word, expected ${this.dim} (is this really the text format?)`, lineNumber);
      }
      const row = this.addWord(parts[0] ?? '');
      for (let k = 0; k < this.dim; k++) {
        const token = parts[k + 1] ?? '';
        const value = parseFloatToken(token);
        if (value === null && unterminated && k === this.dim - 1) throw cut(`its last value ${JSON.stringify(token.slice(0, 40))} is incomplete`);
        if (value === null) throw this.error('INVALID_VECTOR', `line ${lineNumber}: value ${k + 1} ${JSON.stringify(token.slice(0, 40))} is not a number`, lineNumber);
        if (row >= 0) this.storage[row * this.dim + k] = value;
      }
      position = Math.min(end + 1, buffer.length);
      lines++;
    }
    this.advance(position, lines);
  }
}

const UNICODE_ERRORS = ['strict', 'replace', 'ignore'];

/** Throws ArgumentError naming the first bad read option. */
function checkReadOptions(op: string, options: Word2VecReadOptions): void {
  if (typeof options !== 'object' || (options as unknown) === null) throw new ArgumentError(`${op}: options must be an object, got ${showOption(options)}`);
  const { binary, limit, unicodeErrors } = options as Record<string, unknown>;
  if (binary !== undefined && typeof binary !== 'boolean') throw new ArgumentError(`${op}: binary must be true or false, got ${showOption(binary)}`);
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1)) {
    throw new ArgumentError(`${op}: limit must be a positive integer, got ${showOption(limit)}\nhint: leave limit out to read every word`);
  }
  if (unicodeErrors !== undefined && !UNICODE_ERRORS.includes(unicodeErrors as string)) {
    throw new ArgumentError(`${op}: unicodeErrors must be 'strict', 'replace' or 'ignore', got ${showOption(unicodeErrors)}`);
  }
}

const showOption = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : value === null ? 'null' : typeof value);

/**
 * Reads word vectors in the word2vec text or binary format, as gensim's
 * `KeyedVectors.load_word2vec_format` (duplicate words keep their first vector).
 * @example
 * const { words, vectors } = readWord2Vec(bytes, { binary: true });
 */
export function readWord2Vec(bytes: Uint8Array, options: Word2VecReadOptions = {}): WordVectors {
  if (!(bytes instanceof Uint8Array)) throw new ArgumentError(`readWord2Vec: expected a Uint8Array, got ${showOption(bytes)}`);
  const parser = new Word2VecParser(options);
  parser.push(bytes);
  return parser.finish();
}

const encoder = new TextEncoder();

/** @internal Checks words and vectors and returns the float32 values row-major. */
export function checkWordVectors(op: string, input: WordVectors, forbidden: RegExp): { words: readonly string[]; values: Float32Array; dim: number } {
  const data: unknown = Tensor.isTensor(input.vectors) ? input.vectors.data : input.vectors;
  if (!NDArray.isNDArray(data) || data.ndim !== 2) {
    throw new ArgumentError(`${op}: vectors must be a 2-d array [words, dim], got ${NDArray.isNDArray(data) ? `shape [${data.shape.join(', ')}]` : typeof data}`);
  }
  const [count = 0, dim = 0] = data.shape;
  if (input.words.length !== count) throw new ArgumentError(`${op}: ${input.words.length} words for ${count} vectors`);
  input.words.forEach((word, i) => {
    if (typeof word !== 'string' || forbidden.test(word) || /[\uD800-\uDFFF]/u.test(word)) {
      throw new ArgumentError(`${op}: word ${i} ${JSON.stringify(word)} cannot be written (no ${forbidden.source.slice(1, -1)} or unpaired surrogates allowed)`);
    }
  });
  const values = (data.dtype === 'float32' ? data : astype(data, 'float32')).dataSync() as Float32Array;
  return { words: input.words, values, dim };
}

/** @internal The file as chunks of about 1 MB, so large vector sets stream to disk. */
export function* word2vecChunks(op: string, input: WordVectors, options: Word2VecWriteOptions = {}): Generator<Uint8Array> {
  const binary = options.binary === true;
  const { words, values, dim } = checkWordVectors(op, input, /[ \n]/);
  yield encoder.encode(`${words.length} ${dim}\n`);
  let pending: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; i < words.length; i++) {
    const row = values.subarray(i * dim, (i + 1) * dim);
    if (binary) {
      pending.push(encoder.encode(`${words[i]} `), littleEndian(row));
      size += 4 * dim;
    } else {
      let line = words[i] ?? '';
      for (const value of row) line += ` ${formatFloat32(value)}`;
      const bytes = encoder.encode(`${line}\n`);
      pending.push(bytes);
      size += bytes.length;
    }
    if (size >= 1 << 20) {
      yield joinChunks(pending);
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) yield joinChunks(pending);
}

function littleEndian(row: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(row.buffer, row.byteOffset, row.byteLength);
  const out = new Uint8Array(row.byteLength);
  const view = new DataView(out.buffer);
  row.forEach((value, k) => {
    view.setFloat32(4 * k, value, true);
  });
  return out;
}

/** @internal */
export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let position = 0;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.length;
  }
  return out;
}

/**
 * Writes word vectors in the word2vec text or binary format byte for byte as gensim's
 * `save_word2vec_format` (text values as numpy prints float32: `0.1`, `1e-05`).
 * @example
 * const bytes = writeWord2Vec({ words: ['king', 'queen'], vectors: randn([2, 100]) }, { binary: true });
 */
export function writeWord2Vec(vectors: WordVectors, options: Word2VecWriteOptions = {}): Uint8Array {
  return joinChunks([...word2vecChunks('writeWord2Vec', vectors, options)]);
}
