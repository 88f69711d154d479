import { describe, expect, it } from 'vitest';
import { pairedSpeedups, threadsTable, type ThreadRow } from './threads.js';

// A rate row (times turned into GFLOP/s), a time row, a critical path that read 0 (one 10 ms tick
// not reached: no ratio), libraries not measured.
const ROWS: ThreadRow[] = [
  { name: 'matmul A·B 512', unit: 'GFLOP/s', perMs: (2 * 512 ** 3) / 1e6, timings: { '@dl': { wall1: 20, wall2: 11, critical1: 19, critical2: 10 }, numpy: { wall1: 5, wall2: 3, critical1: 0, critical2: 2 }, PyTorch: {} } },
  { name: 'train step: MLP', unit: 'ms', timings: { '@dl': { wall1: 2.5, wall2: 1.5, critical1: 2, critical2: 1 }, numpy: {}, PyTorch: { wall1: 1.2, wall2: 0.8, critical1: 1.1, critical2: 0 } } },
];

describe('threadsTable', () => {
  it('prints fixed figures exactly as the bench has always printed them', () => {
    expect(threadsTable(ROWS)).toBe([
      "| case | unit | @dl 1t | @dl 2t | @dl speedup | @dl speedup, critical path | numpy 1t | numpy 2t | numpy speedup | numpy speedup, critical path | PyTorch 1t | PyTorch 2t | PyTorch speedup | PyTorch speedup, critical path |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      "| matmul A·B 512 | GFLOP/s | 13.42 | 24.40 | 1.82x | 1.90x | 53.69 | 89.48 | 1.67x | – | – | – | – | – |",
      "| train step: MLP | ms | 2.50 | 1.50 | 1.67x | 2.00x | – | – | – | – | 1.20 | 0.80 | 1.50x | – |",
    ].join('\n'));
  });
});

describe('pairedSpeedups', () => {
  it('names each case briefly with its median speedup over round pairs, – where none was measured', () => {
    const rows: ThreadRow[] = [{ ...ROWS[0], pairedSpeedup: 1.8349 }, { ...ROWS[1], name: 'train step: MLP 784-256-10, batch 128', pairedSpeedup: 1.5 }, { ...ROWS[1] }];
    expect(pairedSpeedups(rows)).toBe('matmul 512 1.83x, MLP step 1.50x, MLP step –');
  });
});
