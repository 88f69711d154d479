// Markdown output: numbers with a sensible number of digits, dashes for what was not measured.

/** `value` with `digits` decimals (one for big values, two significant digits for tiny ones), or a dash. */
export function format(value: number | undefined, digits = 2): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value !== 0 && Math.abs(value) < 10 ** -digits * 10) return value.toPrecision(2);
  return value.toFixed(Math.abs(value) >= 100 ? Math.min(digits, 1) : digits);
}

/** A speed ratio printed as `1.23x`, or a dash. */
export function ratio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}x`;
}

/** A markdown table: a header row, an alignment row (first column left), then the rows. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
