// The memory table: RSS, V8 heap and wasm linear memory of a long MLP training loop at an early
// and a late step. Flat figures mean no leak: every step's tensors are freed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MLP_SMALL } from '@dl/examples/train-step';
import type { BenchConfig } from './config.js';
import { columnsTable, figure, type Column } from './markdown.js';
import type { MemoryReading } from './memory-run.js';

const script = fileURLToPath(new URL('./memory-run.ts', import.meta.url));

/** The two loops measured: plain steps, and each step inside tidy(). */
export interface MemoryReadings {
  readonly plain: readonly MemoryReading[];
  readonly tidy: readonly MemoryReading[];
}

/** Runs memory-run.ts in a fresh Node process per loop and returns their readings. */
export function measureMemory(config: BenchConfig): MemoryReadings {
  const run = (flags: string[]): MemoryReading[] => {
    const args = ['--expose-gc', '--conditions=@dl/source', '--import', 'tsx', script, ...flags, ...config.memorySteps.map(String)];
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 900_000 });
    if (result.status !== 0) throw new Error(`memory run failed (exit ${result.status}): ${result.stderr.trim()}`);
    return JSON.parse(result.stdout) as MemoryReading[];
  };
  return { plain: run([]), tidy: run(['--tidy']) };
}

/** The readings as a markdown table with a caption, plus the growth between successive readings. */
export function memoryTable({ plain, tidy }: MemoryReadings): string {
  const fields = [['RSS', 'rssBytes'], ['V8 heap reserved', 'heapTotalBytes'], ['V8 heap used', 'heapUsedBytes'], ['wasm linear memory', 'wasmBytes']] as const;
  const bytes = (r: MemoryReading): number[] => fields.map(([, field]) => r[field]);
  const steps = (r: MemoryReading): string => r.step.toLocaleString('en-US');
  // A row is a reading, or the growth between two successive readings.
  const rows: { label: string; bytes: number[] }[] = [];
  for (const [loop, readings] of [['plain', plain], ['tidy', tidy]] as const) {
    rows.push(...readings.map((r) => ({ label: `${loop}: step ${steps(r)}`, bytes: bytes(r) })));
    for (let i = 1; i < readings.length; i++) {
      const [before, after] = [readings[i - 1], readings[i]];
      rows.push({ label: `${loop}: growth ${steps(before)} → ${steps(after)}`, bytes: bytes(after).map((value, j) => value - bytes(before)[j]) });
    }
  }
  const columns: Column<(typeof rows)[number]>[] = [
    { header: '', cell: (row) => row.label },
    ...fields.map(([header], j): Column<(typeof rows)[number]> => ({ header, cell: (row) => figure(row.bytes[j] / 2 ** 20, 'MiB') })),
  ];
  const final = plain[plain.length - 1];
  return [
    `Memory of a ${final.step.toLocaleString('en-US')}-step training loop (${MLP_SMALL}, SGD, @dl wasm, one thread), MiB, after a full GC; ` +
      '"plain": steps as written, "tidy": each step inside tidy(), so its arrays live in wasm linear memory and are freed when it ends. ' +
      'A leak grows every column at a steady rate per step; early RSS growth that stops is high-water: V8 doubles its young generation ' +
      "(16 to 32 MiB of heap reserved) under the loop's allocation rate, and the typed arrays' freed backing stores stay with malloc for reuse.",
    '',
    columnsTable(columns, rows),
  ].join('\n');
}
