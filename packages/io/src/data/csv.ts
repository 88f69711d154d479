import { ArgumentError, fromTypedArray, type NDArray } from '@dl/tensor';
import { CsvFormatError } from '../errors.js';
import { gzipProblem, openInput } from '../node/input.js';

/**
 * Options of `parseCsv` and `readCsv`.
 * @example
 * parseCsv(text, { delimiter: ';' });
 */
export interface CsvOptions {
  /** Cell separator: one character other than a quote, CR or LF (default ','). */
  delimiter?: string;
}

/**
 * Splits CSV text into rows of cells (RFC 4180: quoted cells may hold the delimiter, newlines and
 * doubled quotes; CRLF or LF line ends). A leading byte order mark is dropped, and a final
 * newline or empty lines at the end add no row.
 * @example
 * parseCsv('a,"b,c"\n1,2\n') // [['a', 'b,c'], ['1', '2']]
 */
export function parseCsv(text: string, options: CsvOptions = {}): string[][] {
  const delimiter = checkDelimiter('parseCsv', options);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let line = 1;
  let quoted = false;
  let quoteLine = 0;
  // Rows at the end that came from empty lines (not from a quoted empty cell): dropped at the end.
  let trailingBlank = 0;
  let rowQuoted = false;
  for (let i = text.startsWith('\uFEFF') ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
      rowQuoted = true;
      quoteLine = line;
    } else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      const blank = row.length === 0 && cell === '' && !rowQuoted;
      trailingBlank = blank ? trailingBlank + 1 : 0;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      rowQuoted = false;
      line++;
    } else cell += c;
  }
  if (quoted) throw new CsvFormatError(quoteLine, `parseCsv: quote opened on line ${quoteLine} is never closed`);
  if (cell !== '' || row.length > 0 || rowQuoted) {
    row.push(cell);
    rows.push(row);
    trailingBlank = 0;
  }
  rows.length -= trailingBlank;
  return rows;
}

/** The delimiter of `options`, checked: one UTF-16 unit that cannot be confused with quoting or line ends. */
function checkDelimiter(op: string, options: CsvOptions): string {
  const delimiter: unknown = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    const shown = typeof delimiter === 'string' ? JSON.stringify(delimiter) : typeof delimiter;
    throw new ArgumentError(`${op}: delimiter must be one character other than '"', '\\r' and '\\n', got ${shown}`);
  }
  return delimiter;
}

/**
 * Reads a CSV file, plain or gzip (detected from the bytes). Node only.
 * @example
 * const rows = await readCsv('data/iris.csv');
 */
export async function readCsv(path: string, options: CsvOptions = {}): Promise<string[][]> {
  checkDelimiter('readCsv', options);
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of await openInput(path)) text += decoder.decode(chunk as Uint8Array, { stream: true });
  } catch (error) {
    const problem = gzipProblem(error);
    if (problem === null) throw error;
    const lines = text.split('\n').length;
    throw new CsvFormatError(lines, `readCsv: ${path}: ${problem.detail} on line ${lines}`);
  }
  return parseCsv(text + decoder.decode(), options);
}

/**
 * Features, integer labels and class names of a classification table.
 * @example
 * const { features, labels, classNames }: LabeledData = await loadIris('iris.csv');
 */
export interface LabeledData {
  /** float32 `[samples, features]`. */
  readonly features: NDArray;
  /** int32 `[samples]`, each in `0..classNames.length - 1`. */
  readonly labels: NDArray;
  readonly classNames: readonly string[];
}

/**
 * Options of `loadLabeledCsv`.
 * @example
 * await loadLabeledCsv('wine.csv', { header: 'sklearn' });
 */
export interface LabeledCsvOptions {
  /**
   * `'sklearn'`: the first row is `samples,features,class names...` (scikit-learn's iris/wine
   * files), checked against the data; `'none'` (default): every row is data.
   */
  header?: 'sklearn' | 'none';
  /** Names of the classes, when the header does not give them; labels must index into it. */
  classNames?: readonly string[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Turns CSV rows of numeric features followed by an integer label into arrays.
 * @example
 * labeledFromRows(parseCsv('5.1,3.5,0\n4.9,3.0,1\n')).labels // int32 [0, 1]
 */
export function labeledFromRows(rows: readonly (readonly string[])[], options: LabeledCsvOptions = {}, op = 'labeledFromRows'): LabeledData {
  let data = rows;
  let classNames: readonly string[] | null = options.classNames ?? null;
  let declared: { samples: number; features: number } | null = null;
  if (options.header === 'sklearn') {
    const [header = [], ...rest] = rows;
    const samples = Number(header[0]);
    const features = Number(header[1]);
    if (header.length < 2 || !Number.isInteger(samples) || !Number.isInteger(features)) {
      throw new CsvFormatError(1, `${op}: line 1 must be "samples,features,class names...", got ${JSON.stringify(header.join(',').slice(0, 80))}`);
    }
    declared = { samples, features };
    classNames = header.slice(2);
    data = rest;
  }
  const lineOffset = options.header === 'sklearn' ? 2 : 1;
  if (data.length === 0) {
    throw new CsvFormatError(lineOffset, `${op}: no data rows${rows.length === 0 ? ' (the file is empty)' : ` after the header`}; expected numeric features, then a label, on each line`);
  }
  const columns = data[0]?.length ?? (declared === null ? 1 : declared.features + 1);
  const featureCount = columns - 1;
  if (declared !== null && (declared.samples !== data.length || declared.features !== featureCount)) {
    throw new CsvFormatError(1, `${op}: header declares ${declared.samples} samples of ${declared.features} features, the file has ${data.length} of ${featureCount}`);
  }
  const features = new Float32Array(data.length * featureCount);
  const labels = new Int32Array(data.length);
  data.forEach((row, i) => {
    const line = i + lineOffset;
    if (row.length !== columns) throw new CsvFormatError(line, `${op}: line ${line} has ${row.length} cells, expected ${columns}`);
    row.forEach((cell, k) => {
      const text = cell.trim();
      if (!NUMBER.test(text)) throw new CsvFormatError(line, `${op}: line ${line}, column ${k + 1}: ${JSON.stringify(cell.slice(0, 40))} is not a number`);
      const value = Number(text);
      if (k < featureCount) features[i * featureCount + k] = value;
      else if (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1 || (classNames !== null && value >= classNames.length)) {
        const range = classNames === null ? 'a non-negative integer' : `an integer in 0..${classNames.length - 1}`;
        throw new CsvFormatError(line, `${op}: line ${line}: label ${text} is not ${range}`);
      } else labels[i] = value;
    });
  });
  const classCount = classNames?.length ?? labels.reduce((max, label) => Math.max(max, label + 1), 0);
  return {
    features: fromTypedArray(features, [data.length, featureCount]),
    labels: fromTypedArray(labels, [data.length]),
    classNames: classNames ?? Array.from({ length: classCount }, (_, k) => String(k)),
  };
}

/**
 * Loads a classification CSV (plain or gzip): numeric feature columns, then an integer label. Node only.
 * @example
 * const { features, labels } = await loadLabeledCsv('data.csv.gz');
 */
export async function loadLabeledCsv(path: string, options: LabeledCsvOptions = {}): Promise<LabeledData> {
  return labeledFromRows(await readCsv(path), options, 'loadLabeledCsv');
}

/**
 * Loads the 8×8 handwritten digits (scikit-learn's `digits.csv.gz`: 64 grey levels 0..16, then
 * the digit): 1,797 samples, classes '0'..'9'. Node only.
 * @example
 * const { features, labels } = await loadDigits('data/digits.csv.gz'); features.shape // [1797, 64]
 */
export async function loadDigits(path: string): Promise<LabeledData> {
  return labeledFromRows(await readCsv(path), { classNames: Array.from({ length: 10 }, (_, k) => String(k)) }, 'loadDigits');
}

/**
 * Loads Fisher's iris flowers (scikit-learn's `iris.csv`, first line `150,4,setosa,versicolor,virginica`). Node only.
 * @example
 * const { features, classNames } = await loadIris('data/iris.csv'); classNames // ['setosa', 'versicolor', 'virginica']
 */
export async function loadIris(path: string): Promise<LabeledData> {
  return labeledFromRows(await readCsv(path), { header: 'sklearn' }, 'loadIris');
}
