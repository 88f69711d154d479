import { fromTypedArray } from '@dl/tensor';
import { Word2VecFormatError } from '../errors.js';
import { writeFileAtomic } from '../node/atomic-write.js';
import { nodeFsPromises, nodePath } from '../node/builtins.js';
import { formatFloat32 } from './float-format.js';
import { checkWordVectors, parseFloatToken, type WordVectors } from './word2vec.js';

/**
 * The two files of the TensorBoard embedding projector, as text.
 * @example
 * const { vectors, metadata }: ProjectorTsv = writeProjectorTsv({ words, vectors: weights });
 */
export interface ProjectorTsv {
  /** `vectors.tsv`: one row per word, values separated by tabs, no header. */
  readonly vectors: string;
  /** `metadata.tsv`: one word per line (a single column, so no header row). */
  readonly metadata: string;
}

// Values that both the projector (JavaScript Number) and numpy.loadtxt read back.
const formatValue = (value: number): string =>
  Number.isFinite(value) ? formatFloat32(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';

/**
 * Formats word vectors as TensorBoard projector TSV files (vectors.tsv + metadata.tsv).
 * @example
 * const { vectors, metadata } = writeProjectorTsv({ words, vectors: embedding.weight.data });
 */
export function writeProjectorTsv(input: WordVectors): ProjectorTsv {
  const { words, values, dim } = checkWordVectors('writeProjectorTsv', input, /[\t\n\r]/);
  const rows: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const row: string[] = [];
    for (let k = 0; k < dim; k++) row.push(formatValue(values[i * dim + k] ?? 0));
    rows.push(`${row.join('\t')}\n`);
  }
  return { vectors: rows.join(''), metadata: words.map((word) => `${word}\n`).join('') };
}

const splitLines = (text: string): string[] => {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/**
 * Reads TensorBoard projector TSV text back into word vectors; without metadata the words are
 * the row numbers, and a multi-column metadata file's header row is skipped (first column used).
 * @example
 * const { words, vectors } = readProjectorTsv({ vectors: vectorsTsv, metadata: metadataTsv });
 */
export function readProjectorTsv(files: { vectors: string; metadata?: string }): WordVectors {
  const rows = splitLines(files.vectors);
  const dim = rows.length === 0 ? 0 : (rows[0] ?? '').split('\t').length;
  const values = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => {
    const cells = row.split('\t');
    if (cells.length !== dim) {
      throw new Word2VecFormatError('INVALID_VECTOR', i + 1, `projector vectors.tsv: line ${i + 1} has ${cells.length} values, expected ${dim} as on line 1`);
    }
    cells.forEach((cell, k) => {
      const value = parseFloatToken(cell);
      if (value === null) throw new Word2VecFormatError('INVALID_VECTOR', i + 1, `projector vectors.tsv: line ${i + 1}: value ${k + 1} ${JSON.stringify(cell.slice(0, 40))} is not a number`);
      values[i * dim + k] = value;
    });
  });
  let words = rows.map((_, i) => String(i));
  if (files.metadata !== undefined) {
    let labels = splitLines(files.metadata);
    if (labels.length > 0 && (labels[0] ?? '').includes('\t')) labels = labels.slice(1).map((line) => line.split('\t')[0] ?? '');
    if (labels.length !== rows.length) {
      throw new Word2VecFormatError('INVALID_WORD', labels.length, `projector metadata.tsv: ${labels.length} labels for ${rows.length} vectors`);
    }
    words = labels;
  }
  return { words, vectors: fromTypedArray(values, [rows.length, dim]) };
}

/**
 * Writes `vectors.tsv` and `metadata.tsv` for the TensorBoard projector into `folder` (created if
 * missing), each atomically. Node only.
 * @example
 * await saveProjectorTsv({ words, vectors }, 'runs/embedding');
 */
export async function saveProjectorTsv(input: WordVectors, folder: string): Promise<void> {
  const [fs, path] = await Promise.all([nodeFsPromises(), nodePath()]);
  const { vectors, metadata } = writeProjectorTsv(input);
  await fs.mkdir(folder, { recursive: true });
  const encoder = new TextEncoder();
  await writeFileAtomic(path.join(folder, 'vectors.tsv'), [encoder.encode(vectors)]);
  await writeFileAtomic(path.join(folder, 'metadata.tsv'), [encoder.encode(metadata)]);
}

/**
 * Reads `vectors.tsv` (and `metadata.tsv` when present) from `folder`. Node only.
 * @example
 * const { words, vectors } = await loadProjectorTsv('runs/embedding');
 */
export async function loadProjectorTsv(folder: string): Promise<WordVectors> {
  const [fs, path] = await Promise.all([nodeFsPromises(), nodePath()]);
  const vectors = await fs.readFile(path.join(folder, 'vectors.tsv'), 'utf8');
  const metadata = await fs.readFile(path.join(folder, 'metadata.tsv'), 'utf8').catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  });
  return readProjectorTsv(metadata === undefined ? { vectors } : { vectors, metadata });
}
