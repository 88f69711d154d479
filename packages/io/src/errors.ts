import { DLError } from '@dl/tensor';

/**
 * Why a safetensors file was rejected; stable strings that callers may switch on.
 * @example
 * if (error.code === 'I64_OVERFLOW') useFloat64Instead();
 */
export type SafetensorsErrorCode =
  | 'TRUNCATED'
  | 'HEADER_TOO_LARGE'
  | 'INVALID_UTF8'
  | 'INVALID_JSON'
  | 'DUPLICATE_KEY'
  | 'INVALID_HEADER'
  | 'INVALID_METADATA'
  | 'UNKNOWN_DTYPE'
  | 'UNSUPPORTED_DTYPE'
  | 'BAD_SHAPE'
  | 'BAD_OFFSETS'
  | 'SIZE_MISMATCH'
  | 'I64_OVERFLOW'
  | 'INT32_OVERFLOW'
  | 'MISSING_TENSOR'
  | 'INVALID_ARGUMENT';

/**
 * A safetensors file (or a state dict to be written as one) that breaks the format; `code` says how.
 * @example
 * try { load(bytes); } catch (e) { if (SafetensorsError.isInstance(e)) console.error(e.code, e.message); }
 */
export class SafetensorsError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.SafetensorsError');
  readonly code: SafetensorsErrorCode;

  constructor(code: SafetensorsErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Why a word2vec or projector file was rejected.
 * @example
 * if (error.code === 'TRUNCATED') console.error(`cut at ${error.position}`);
 */
export type Word2VecErrorCode = 'INVALID_HEADER' | 'TRUNCATED' | 'INVALID_VECTOR' | 'INVALID_UTF8' | 'INVALID_WORD' | 'INVALID_GZIP';

/**
 * A malformed or truncated word2vec (text or binary) or projector TSV file; the message gives the
 * line (text) or byte offset (binary) where reading stopped.
 * @example
 * try { readWord2Vec(bytes); } catch (e) { if (Word2VecFormatError.isInstance(e)) console.error(e.position); }
 */
export class Word2VecFormatError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.Word2VecFormatError');
  readonly code: Word2VecErrorCode;
  /** 1-based line number (text formats) or 0-based byte offset (binary format). */
  readonly position: number;

  constructor(code: Word2VecErrorCode, position: number, message: string) {
    super(message);
    this.code = code;
    this.position = position;
  }
}

/**
 * A CSV file whose rows do not fit the expected layout (ragged rows, non-numeric cells, bad header).
 * @example
 * try { parseCsv('1,2\n3'); } catch (e) { if (CsvFormatError.isInstance(e)) console.error(e.line); }
 */
export class CsvFormatError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.CsvFormatError');
  /** 1-based line number of the offending row. */
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

/**
 * A corpus file that cannot be read as text, such as one with truncated or corrupt gzip data.
 * @example
 * try { await new LineCorpus('cut.txt.gz').count(); } catch (e) { if (CorpusFormatError.isInstance(e)) console.error(e.line); }
 */
export class CorpusFormatError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.CorpusFormatError');
  /** 1-based number of the line where reading stopped. */
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

/**
 * A checkpoint file without the entries `loadCheckpoint` needs, or from an unknown version.
 * @example
 * try { await loadCheckpoint('run.safetensors', { model }); } catch (e) { if (CheckpointError.isInstance(e)) console.error(e.message); }
 */
export class CheckpointError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.CheckpointError');
}
