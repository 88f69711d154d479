import { describe, expect, it } from 'vitest';
import { CsvFormatError, labeledFromRows, loadDigits, loadIris, parseCsv, readCsv } from '../index.js';
import { describeWithSharedData, sharedData } from '../__fixtures__/shared-data.js';

const DATA = sharedData('').replace(/\/$/, '');

describe('parseCsv', () => {
  it('splits rows and cells, with quotes, CRLF and no row for the final newline', () => {
    expect(parseCsv('a,"b,""c"""\r\n1,"x\ny"\n')).toEqual([['a', 'b,"c"'], ['1', 'x\ny']]);
    expect(parseCsv('1;2', { delimiter: ';' })).toEqual([['1', '2']]);
  });

  it('drops a byte order mark, as readCsv does (#9)', () => {
    expect(parseCsv('\uFEFFa,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('ignores empty lines at the end, but keeps a quoted empty cell (#9)', () => {
    expect(parseCsv('1,2\n3,4\n\n\r\n\n')).toEqual([['1', '2'], ['3', '4']]);
    expect(parseCsv('1\n\n2\n\n')).toEqual([['1'], [''], ['2']]);
    expect(parseCsv('a\n""\n\n')).toEqual([['a'], ['']]);
    expect(parseCsv('a\n""')).toEqual([['a'], ['']]);
    expect(parseCsv('')).toEqual([]);
  });

  it.each([[''], [',,'], ['"'], ['\n'], ['\r'], [7]])('rejects the delimiter %j (#9)', (delimiter) => {
    expect(() => parseCsv('a,b\n', { delimiter: delimiter as string })).toThrow(/parseCsv: delimiter must be one character other than '"', '\\r' and '\\n', got /);
  });

  it('checks the delimiter of readCsv before reading', async () => {
    await expect(readCsv('no-such-file.csv', { delimiter: '' })).rejects.toThrow(/^readCsv: delimiter must be one character other than/);
  });

  it('throws CsvFormatError for an unclosed quote', () => {
    expect(() => parseCsv('a\n"b,c\n')).toThrow(/parseCsv: quote opened on line 2 is never closed/);
  });
});

describe('labeledFromRows', () => {
  it('splits features and labels', () => {
    const data = labeledFromRows(parseCsv('1.5,2,0\n3,4,1\n'));
    expect([data.features.toArray(), Array.from(data.labels.dataSync()), data.classNames]).toEqual([[[1.5, 2], [3, 4]], [0, 1], ['0', '1']]);
  });

  it('throws CsvFormatError naming the line for ragged rows, bad numbers and labels', () => {
    expect(() => labeledFromRows(parseCsv('1,0\n1,2,0\n'))).toThrow(/labeledFromRows: line 2 has 3 cells, expected 2/);
    expect(() => labeledFromRows(parseCsv('1,0\nx,0\n'))).toThrow(/labeledFromRows: line 2, column 1: "x" is not a number/);
    expect(() => labeledFromRows(parseCsv('1,0.5\n'))).toThrow(/labeledFromRows: line 1: label 0.5 is not a non-negative integer/);
    expect(() => labeledFromRows(parseCsv('2,1,a,b\n1,3\n2,1\n'), { header: 'sklearn' })).toThrow(/line 2: label 3 is not an integer in 0..1/);
  });

  it('throws CsvFormatError for a file without data rows (#9)', () => {
    expect(() => labeledFromRows(parseCsv(''))).toThrow(/^labeledFromRows: no data rows \(the file is empty\); expected numeric features, then a label, on each line$/);
    expect(() => labeledFromRows(parseCsv('0,1,a\n'), { header: 'sklearn' })).toThrow(/labeledFromRows: no data rows after the header/);
  });

  it('reads a file with empty lines at the end (#9)', () => {
    expect(labeledFromRows(parseCsv('1,0\n3,1\n\n\r\n')).labels.shape).toEqual([2]);
  });

  it('checks an sklearn header against the data', () => {
    expect(() => labeledFromRows(parseCsv('3,1,a\n1,0\n'), { header: 'sklearn' })).toThrow(/header declares 3 samples of 1 features, the file has 1 of 1/);
    let error: unknown = null;
    try {
      labeledFromRows(parseCsv('x,1,a\n1,0\n'), { header: 'sklearn' });
    } catch (e) {
      error = e;
    }
    expect(CsvFormatError.isInstance(error) && (error as CsvFormatError).line).toBe(1);
  });
});

describeWithSharedData('loadDigits', () => {
  it('reads the 1,797 gzipped 8x8 digits', async () => {
    const { features, labels, classNames } = await loadDigits(`${DATA}/digits.csv.gz`);
    expect([features.shape, labels.shape, classNames.length]).toEqual([[1797, 64], [1797], 10]);
    expect(Array.from(features.dataSync().subarray(0, 8))).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
    expect(Array.from(labels.dataSync().subarray(0, 3))).toEqual([0, 1, 2]);
    expect(Math.max(...features.dataSync())).toBe(16);
  });
});

describeWithSharedData('loadIris', () => {
  it('reads the 150 flowers and the class names of the header line', async () => {
    const { features, labels, classNames } = await loadIris(`${DATA}/iris.csv`);
    expect([features.shape, classNames]).toEqual([[150, 4], ['setosa', 'versicolor', 'virginica']]);
    expect(Array.from(features.dataSync().subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(Array.from(labels.dataSync().subarray(148))).toEqual([2, 2]);
  });
});
