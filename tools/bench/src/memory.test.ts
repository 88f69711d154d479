import { describe, expect, it } from 'vitest';
import { memoryTable } from './memory.js';
import type { MemoryReading } from './memory-run.js';

const reading = (step: number, scale: number): MemoryReading => ({ step, rssBytes: 100e6 * scale, heapTotalBytes: 30e6 * scale, heapUsedBytes: 12.3e6 * scale, wasmBytes: 2 ** 24 });

describe('memoryTable', () => {
  it('prints fixed readings, their growth and the caption exactly as the bench has always printed them', () => {
    const text = memoryTable({ plain: [reading(10, 1), reading(1000, 1.1), reading(20000, 1.1)], tidy: [reading(10, 1), reading(20000, 0.9)] });
    const [caption, table] = text.split('\n\n');
    expect(caption).toMatch(/^Memory of a 20,000-step training loop \(MLP 64-128-10, batch 64, SGD, @dl wasm, one thread\), MiB, after a full GC; /);
    expect(table).toBe([
      "|  | RSS | V8 heap reserved | V8 heap used | wasm linear memory |",
      "| --- | ---: | ---: | ---: | ---: |",
      "| plain: step 10 | 95.4 | 28.6 | 11.7 | 16.0 |",
      "| plain: step 1,000 | 104.9 | 31.5 | 12.9 | 16.0 |",
      "| plain: step 20,000 | 104.9 | 31.5 | 12.9 | 16.0 |",
      "| plain: growth 10 → 1,000 | 9.5 | 2.9 | 1.2 | 0.0 |",
      "| plain: growth 1,000 → 20,000 | 0.0 | 0.0 | 0.0 | 0.0 |",
      "| tidy: step 10 | 95.4 | 28.6 | 11.7 | 16.0 |",
      "| tidy: step 20,000 | 85.8 | 25.7 | 10.6 | 16.0 |",
      "| tidy: growth 10 → 20,000 | -9.5 | -2.9 | -1.2 | 0.0 |",
    ].join('\n'));
  });
});
