import { describe, expect, it } from 'vitest';
import { format, ratio, timesFaster } from './markdown.js';
import { oneThreadTable, speedup, type Row } from './table.js';

const matmulRow: Row = { name: 'matmul A·B 64', unit: 'GFLOP/s', values: { '@dl wasm': 20, 'tfjs-wasm': 10, PyTorch: 40 }, wasmGflops: 20 };
const stepRow: Row = { name: 'train step', unit: 'ms', values: { '@dl wasm': 4, PyTorch: 2, 'tfjs-wasm': 8 } };

describe('speedup', () => {
  it('divides rates for GFLOP/s and inverts times, so above 1 always means @dl is faster', () => {
    expect([speedup(matmulRow, 'tfjs-wasm'), speedup(matmulRow, 'PyTorch')]).toEqual([2, 0.5]);
    expect([speedup(stepRow, 'tfjs-wasm'), speedup(stepRow, 'PyTorch')]).toEqual([2, 0.5]);
  });

  it('is undefined when either figure is missing, or is 0 (a clock that read 0 measured nothing)', () => {
    expect(speedup(stepRow, 'numpy')).toBeUndefined();
    expect([timesFaster(0, 2, 'ms'), timesFaster(2, 0, 'GFLOP/s'), timesFaster(2, 4, 'ms')]).toEqual([undefined, undefined, 2]);
  });
});

// Figures covering every cell kind: a rate with the share of the peak, a µs row (one decimal), a
// cell printed instead of its number, a tiny and a big figure, missing contenders.
const ROWS: Row[] = [
  { name: 'matmul A·B 64', unit: 'GFLOP/s', values: { '@dl cpu': 1.234, '@dl wasm': 20, '@dl wasm, no dispose': 19.5, 'tfjs-cpu': 0.0123, 'tfjs-wasm': 10, numpy: 123.45, PyTorch: 40 }, wasmGflops: 20 },
  { name: 'add 1e3 float32', unit: 'µs', values: { '@dl cpu': 3.25, '@dl wasm': 1.5, 'tfjs-wasm': 12.34, numpy: 0.9 } },
  { name: 'train step', unit: 'ms', values: { '@dl wasm': 4, PyTorch: 2, 'tfjs-wasm': 8 }, cells: { '@dl wasm': '4.00 (CPU 4.50)' } },
  { name: 'digits', unit: 's', values: { '@dl cpu': 1234.5, '@dl wasm': 0 }, wasmGflops: 0.001 },
];

describe('oneThreadTable', () => {
  it('prints fixed figures exactly as the bench has always printed them', () => {
    expect(oneThreadTable(ROWS, 40)).toBe([
      "| case | unit | @dl cpu | @dl wasm | @dl wasm, no dispose | tfjs-cpu | tfjs-wasm | numpy | PyTorch | @dl wasm / SIMD peak | @dl wasm vs tfjs-wasm | @dl wasm vs PyTorch | @dl wasm vs numpy |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      "| matmul A·B 64 | GFLOP/s | 1.23 | 20.00 | 19.50 | 0.012 | 10.00 | 123.5 | 40.00 | 50% | 2.00x | 0.50x | 0.16x |",
      "| add 1e3 float32 | µs | 3.3 | 1.5 | – | – | 12.3 | 0.90 | – | – | 8.23x | – | 0.60x |",
      "| train step | ms | – | 4.00 (CPU 4.50) | – | – | 8.00 | – | 2.00 | – | 2.00x | 0.50x | – |",
      "| digits | s | 1234.5 | 0.00 | – | – | – | – | – | 0.0025% | – | – | – |",
    ].join('\n'));
  });

  it('prints dashes for missing figures and the share of the peak', () => {
    const lines = oneThreadTable([matmulRow, stepRow], 40).split('\n');
    expect(lines[2]).toBe('| matmul A·B 64 | GFLOP/s | – | 20.00 | – | – | 10.00 | – | 40.00 | 50% | 2.00x | 0.50x | – |');
    expect(lines[3]).toBe('| train step | ms | – | 4.00 | – | – | 8.00 | – | 2.00 | – | 2.00x | 0.50x | – |');
  });
});

describe('format', () => {
  it('keeps two significant digits for tiny values and one decimal for big ones', () => {
    expect([format(0.0123), format(1.234), format(1234.56), format(undefined), format(NaN)]).toEqual(['0.012', '1.23', '1234.6', '–', '–']);
    expect([ratio(1.5), ratio(undefined)]).toEqual(['1.50x', '–']);
  });
});
