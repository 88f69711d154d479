// The one-thread table: one row per case, one column per contender, then the @dl wasm kernel's
// share of the SIMD128 peak and @dl wasm's speed against tfjs-wasm, PyTorch and numpy.
import { columnsTable, figure, format, ratio, timesFaster, type Column } from './markdown.js';

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
  return timesFaster(row.values['@dl wasm'], row.values[other], row.unit);
}

/** The markdown table of `rows`; `peak` is the SIMD128 peak in GFLOP/s. */
export function oneThreadTable(rows: readonly Row[], peak: number): string {
  const columns: Column<Row>[] = [
    { header: 'case', cell: (row) => row.name },
    { header: 'unit', cell: (row) => row.unit },
    ...CONTENDERS.map((contender): Column<Row> => ({ header: contender, cell: (row) => row.cells?.[contender] ?? figure(row.values[contender], row.unit) })),
    { header: '@dl wasm / SIMD peak', cell: (row) => (row.wasmGflops === undefined ? '–' : `${format((100 * row.wasmGflops) / peak, 0)}%`) },
    ...(['tfjs-wasm', 'PyTorch', 'numpy'] as const).map((other): Column<Row> => ({ header: `@dl wasm vs ${other}`, cell: (row) => ratio(speedup(row, other)) })),
  ];
  return columnsTable(columns, rows);
}
