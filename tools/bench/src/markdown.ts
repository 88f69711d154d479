// Markdown output: numbers with a sensible number of digits, dashes for what was not measured, and
// one table formatter that every table of the bench prints through.

/** `value` with `digits` decimals (one for big values, two significant digits for tiny ones), or a dash. */
export function format(value: number | undefined, digits = 2): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value !== 0 && Math.abs(value) < 10 ** -digits * 10) return value.toPrecision(2);
  return value.toFixed(Math.abs(value) >= 100 ? Math.min(digits, 1) : digits);
}

/** A figure in `unit`: one decimal for µs and MiB (their figures are big), two for the rest. */
export function figure(value: number | undefined, unit: string): string {
  return format(value, unit === 'µs' || unit === 'MiB' ? 1 : 2);
}

/** A speed ratio printed as `1.23x`, or a dash. */
export function ratio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}x`;
}

/**
 * How many times faster `ours` is than `theirs`, both in `unit` (above 1: ours is faster): rates
 * (GFLOP/s) divide, times invert. Undefined when either is missing or not positive (a clock that
 * read 0 measured nothing).
 */
export function timesFaster(ours: number | undefined, theirs: number | undefined, unit: string): number | undefined {
  if (ours === undefined || theirs === undefined || !(ours > 0) || !(theirs > 0)) return undefined;
  return unit === 'GFLOP/s' ? ours / theirs : theirs / ours;
}

/** One column of a table: its header and the cell it prints for a row. */
export interface Column<TRow> {
  readonly header: string;
  readonly cell: (row: TRow) => string;
}

/** The markdown table of `rows`, one cell per column. */
export function columnsTable<TRow>(columns: readonly Column<TRow>[], rows: readonly TRow[]): string {
  return markdownTable(columns.map((column) => column.header), rows.map((row) => columns.map((column) => column.cell(row))));
}

/** A markdown table: a header row, an alignment row (first column left), then the rows. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
