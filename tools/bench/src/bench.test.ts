// Runs the whole bench in quick mode (tiny sizes, one short round) to prove every section's code
// works end to end. It checks the report's shape, never its timings.
import { describe, expect, it } from 'vitest';
import { QUICK } from './config.js';
import { runBench } from './bench.js';
import { CONTENDERS } from './table.js';

/** The cells of the last table row whose first cell is `name` (the thread table comes after the one-thread table). */
function cells(report: string, name: string): string[] {
  const line = report.split('\n').reverse().find((l) => l.startsWith(`| ${name} |`));
  if (line === undefined) throw new Error(`no row '${name}' in the report`);
  return line.slice(2, -2).split(' | ');
}

describe('runBench', () => {
  it('measures every case of the quick mode and reports it in markdown tables', async () => {
    const progress: string[] = [];
    const report = await runBench(QUICK, (message) => progress.push(message));
    expect(progress).toEqual([
      'SIMD128 peak', 'numpy / PyTorch, one thread', 'matmul', 'element-wise', 'op overhead',
      'training steps', 'digits recipe', 'two threads', 'memory',
    ]);
    const wasmColumn = 2 + CONTENDERS.indexOf('@dl wasm');
    for (const name of ['matmul A·B 16', 'matmul A·Bᵀ 32', 'matmul Aᵀ·B 32', 'add 1e3 float32', 'exp 1e3 float32', '2x2 add, with grad', 'train step: MLP 64-128-10, batch 64']) {
      const row = cells(report, name);
      // name, unit, one column per contender, then the share of the peak and three ratios
      expect([name, row.length]).toEqual([name, 2 + CONTENDERS.length + 4]);
      expect([name, Number.parseFloat(row[wasmColumn]) > 0]).toEqual([name, true]);
    }
    expect(cells(report, 'train step: MLP 64-128-10, batch 64')[wasmColumn]).toMatch(/^\d+\.\d\d \(CPU \d+\.\d\d\)$/);
    expect(cells(report, 'digits MLP recipe, 1 epoch, end to end')[wasmColumn]).toMatch(/^\d+\.\d\d \(acc \d+\.\d%\)$/);
    expect(cells(report, 'matmul A·B 32')[1]).toBe('GFLOP/s');
    const threads = cells(report, 'train step: MLP 784-256-10, batch 128');
    expect(threads).toHaveLength(14);
    expect(threads.slice(2, 5).every((cell) => cell !== '–')).toBe(true);
    expect(cells(report, 'plain: step 10')).toHaveLength(5);
    expect(Number(cells(report, 'plain: step 50')[1])).toBeGreaterThan(0);
    // The tidy loop's arrays live in wasm linear memory: it is in use, and no bigger at step 50 than at 10.
    const wasmMiB = (step: number): number => Number(cells(report, `tidy: step ${step}`)[4]);
    expect(wasmMiB(10)).toBeGreaterThan(0);
    expect(wasmMiB(50)).toBe(wasmMiB(10));
    expect(report).toMatch(/load average \d+\.\d at start, \d+\.\d at end/);
  }, 600_000);
});
