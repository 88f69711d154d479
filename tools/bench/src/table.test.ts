import { describe, expect, it } from 'vitest';
import { format, ratio } from './markdown.js';
import { oneThreadTable, speedup, type Row } from './table.js';

const matmulRow: Row = { name: 'matmul A·B 64', unit: 'GFLOP/s', values: { '@dl wasm': 20, 'tfjs-wasm': 10, PyTorch: 40 }, wasmGflops: 20 };
const stepRow: Row = { name: 'train step', unit: 'ms', values: { '@dl wasm': 4, PyTorch: 2, 'tfjs-wasm': 8 } };

describe('speedup', () => {
  it('divides rates for GFLOP/s and inverts times, so above 1 always means @dl is faster', () => {
    expect([speedup(matmulRow, 'tfjs-wasm'), speedup(matmulRow, 'PyTorch')]).toEqual([2, 0.5]);
    expect([speedup(stepRow, 'tfjs-wasm'), speedup(stepRow, 'PyTorch')]).toEqual([2, 0.5]);
  });

  it('is undefined when either figure is missing', () => {
    expect(speedup(stepRow, 'numpy')).toBeUndefined();
  });
});

describe('oneThreadTable', () => {
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
