// The memory run, in a process of its own so that no other benchmark's buffers sit in its RSS:
// a training loop of the MLP 64-128-10 b64 step, reading RSS, V8 heap and @dl's wasm linear
// memory at the given steps (after a full GC, so the heap is what is still referenced).
// `--tidy` runs each step inside tidy() (dlStep's `tidy`), so its arrays live in wasm memory.
// Prints one JSON array of readings. Run by memory.ts as:
//   node --expose-gc --conditions=@dl/source --import tsx src/memory-run.ts [--tidy] <step> <step>...
import { MLP_SMALL, dlStep } from '@dl/examples/train-step';
import { setBackend, setNumThreads } from '@dl/tensor';
import { wasmMemoryBytes } from './peak.js';

/** What the memory run reads at one step. */
export interface MemoryReading {
  readonly step: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** V8 heap reserved from the OS (young and old generation), used or not. */
  readonly heapTotalBytes: number;
  readonly wasmBytes: number;
}

const inTidy = process.argv[2] === '--tidy';
const checkpoints = process.argv.slice(inTidy ? 3 : 2).map(Number);
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect || checkpoints.length === 0) {
  throw new Error(`memory-run: needs --expose-gc and step numbers (got ${process.argv.slice(2).join(' ') || 'none'})`);
}
setBackend('wasm');
setNumThreads(1);
const step = dlStep(MLP_SMALL, { tidy: inTidy });
const readings: MemoryReading[] = [];
const last = Math.max(...checkpoints);
for (let i = 1; i <= last; i++) {
  step();
  if (checkpoints.includes(i)) {
    collect();
    const { rss, heapUsed, heapTotal } = process.memoryUsage();
    readings.push({ step: i, rssBytes: rss, heapUsedBytes: heapUsed, heapTotalBytes: heapTotal, wasmBytes: wasmMemoryBytes() });
  }
}
console.log(JSON.stringify(readings));
