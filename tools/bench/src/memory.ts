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

/** The readings as a markdown table with a caption, plus the growth from the first to the last. */
export function memoryTable(readings: readonly MemoryReading[]): string {
  const mb = (bytes: number): string => format(bytes / 2 ** 20, 1);
  const rows = readings.map((r) => [`step ${r.step.toLocaleString('en-US')}`, mb(r.rssBytes), mb(r.heapUsedBytes), mb(r.wasmBytes)]);
  const [first, final] = [readings[0], readings[readings.length - 1]];
  if (readings.length > 1) {
    rows.push(['growth', mb(final.rssBytes - first.rssBytes), mb(final.heapUsedBytes - first.heapUsedBytes), mb(final.wasmBytes - first.wasmBytes)]);
  }
  return [
    `Memory of a ${final.step.toLocaleString('en-US')}-step training loop (${MLP_SMALL}, SGD, @dl wasm, one thread), MiB, after a full GC:`,
    '',
    markdownTable(['', 'RSS', 'V8 heap used', 'wasm linear memory'], rows),
  ].join('\n');
}
