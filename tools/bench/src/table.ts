// The one-thread table: one row per case, one column per contender, then the @dl wasm kernel's
// share of the SIMD128 peak and @dl wasm's speed against tfjs-wasm, PyTorch and numpy.
import { format, markdownTable, ratio } from './markdown.js';

// '@dl wasm, no dispose': the op rows' @dl figures dispose each output as the tfjs rows do; this
// column leaves outputs to the garbage collector, the path of code that never disposes.
export const CONTENDERS = ['@dl cpu', '@dl wasm', '@dl wasm, no dispose', 'tfjs-cpu', 'tfjs-wasm', 'numpy', 'PyTorch'] as const;
export type Contender = (typeof CONTENDERS)[number];

/** One case of the table. */
export interface Row {
  readonly name: string;
  /** 'GFLOP/s' (higher is better) or a time per call: 'ms', 'µs', 's'. */
  readonly unit: string;
  readonly values: Partial<Record<Contender, number>>;
  /** Cells printed instead of the number (e.g. a time with its accuracy). */
  readonly cells?: Partial<Record<Contender, string>>;
  /** The @dl wasm figure in GFLOP/s, when the case's flops are known, for the share of the peak. */
  readonly wasmGflops?: number;
}

/** How many times faster @dl wasm is than `other` on `row` (above 1: @dl is faster). */
export function speedup(row: Row, other: Contender): number | undefined {
  const ours = row.values['@dl wasm'];
  const theirs = row.values[other];
  if (ours === undefined || theirs === undefined) return undefined;
  return row.unit === 'GFLOP/s' ? ours / theirs : theirs / ours;
}

/** The markdown table of `rows`; `peak` is the SIMD128 peak in GFLOP/s. */
export function oneThreadTable(rows: readonly Row[], peak: number): string {
  const header = ['case', 'unit', ...CONTENDERS, '@dl wasm / SIMD peak', '@dl wasm vs tfjs-wasm', '@dl wasm vs PyTorch', '@dl wasm vs numpy'];
  const body = rows.map((row) => [
    row.name,
    row.unit,
    ...CONTENDERS.map((c) => row.cells?.[c] ?? format(row.values[c], row.unit === 'µs' ? 1 : 2)),
    row.wasmGflops === undefined ? '–' : `${format((100 * row.wasmGflops) / peak, 0)}%`,
    ratio(speedup(row, 'tfjs-wasm')),
    ratio(speedup(row, 'PyTorch')),
    ratio(speedup(row, 'numpy')),
  ]);
  return markdownTable(header, body);
}
