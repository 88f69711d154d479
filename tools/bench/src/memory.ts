// The memory table: RSS, V8 heap and wasm linear memory of a long MLP training loop at an early
// and a late step. Flat figures mean no leak: every step's tensors are freed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MLP_SMALL } from '@dl/examples/train-step';
import type { BenchConfig } from './config.js';
import { format, markdownTable } from './markdown.js';
import type { MemoryReading } from './memory-run.js';

const script = fileURLToPath(new URL('./memory-run.ts', import.meta.url));

/** Runs memory-run.ts in a fresh Node process and returns its readings. */
export function measureMemory(config: BenchConfig): MemoryReading[] {
  const args = ['--expose-gc', '--conditions=@dl/source', '--import', 'tsx', script, ...config.memorySteps.map(String)];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 900_000 });
  if (result.status !== 0) throw new Error(`memory run failed (exit ${result.status}): ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as MemoryReading[];
}

/** The readings as a markdown table with a caption, plus the growth between successive readings. */
export function memoryTable(readings: readonly MemoryReading[]): string {
  const mb = (bytes: number): string => format(bytes / 2 ** 20, 1);
  const columns = (r: MemoryReading): number[] => [r.rssBytes, r.heapTotalBytes, r.heapUsedBytes, r.wasmBytes];
  const steps = (r: MemoryReading): string => r.step.toLocaleString('en-US');
  const rows = readings.map((r) => [`step ${steps(r)}`, ...columns(r).map(mb)]);
  for (let i = 1; i < readings.length; i++) {
    const [before, after] = [columns(readings[i - 1]), columns(readings[i])];
    rows.push([`growth ${steps(readings[i - 1])} → ${steps(readings[i])}`, ...after.map((value, j) => mb(value - before[j]))]);
  }
  const final = readings[readings.length - 1];
  return [
    `Memory of a ${final.step.toLocaleString('en-US')}-step training loop (${MLP_SMALL}, SGD, @dl wasm, one thread), MiB, after a full GC. ` +
      'A leak grows every column at a steady rate per step; early RSS growth that stops is high-water: V8 doubles its young generation ' +
      "(16 to 32 MiB of heap reserved) under the loop's allocation rate, and the typed arrays' freed backing stores stay with malloc for reuse.",
    '',
    markdownTable(['', 'RSS', 'V8 heap reserved', 'V8 heap used', 'wasm linear memory'], rows),
  ].join('\n');
}
