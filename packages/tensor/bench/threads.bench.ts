// @dl on 1 and 2 threads (wall time: threads only pay in wall time). vitest prints ops/s per
// case; the closing markdown tables (with numpy and PyTorch on 1 and 2 threads when
// /usr/bin/python3 has them) are what README.md's Threads section records.
import { bench, describe } from 'vitest';
import { add, exp, matmul, randn, setNumThreads, sum, threadsReady } from '../src/index.js';
import { recorded } from './report.js';
import { threadsTables } from './threads-table.js';

// Measured while the file loads, before vitest's runs; printed after them.
const tables = await threadsTables();

setNumThreads(2);
await threadsReady();

const cases: { name: string; make: () => () => void }[] = [
  { name: 'matmul 512x512 float32', make: () => { const [a, b] = [randn([512, 512]), randn([512, 512])]; return () => { matmul(a, b); }; } },
  { name: 'matmul 1024x1024 float32', make: () => { const [a, b] = [randn([1024, 1024]), randn([1024, 1024])]; return () => { matmul(a, b); }; } },
  { name: 'add 1e6 float32', make: () => { const [a, b] = [randn([1e6]), randn([1e6])]; return () => { add(a, b); }; } },
  { name: 'exp 1e6 float32', make: () => { const a = randn([1e6]); return () => { exp(a); }; } },
  { name: 'sum 1000x1000 float32, dim 1', make: () => { const a = randn([1000, 1000]); return () => { sum(a, 1); }; } },
];

for (const [index, { name, make }] of cases.entries()) {
  describe(`threads, ${name}`, () => {
    const run = make();
    for (const threads of [1, 2]) {
      const last = threads === 2 && index === cases.length - 1;
      bench(`@dl ${threads} thread${threads > 1 ? 's' : ''}`, run, recorded(`${name} ${threads}`, {
        time: 1000,
        iterations: 3,
        setup: () => { setNumThreads(threads); },
        onDone: last ? () => { console.log(`\n${tables}`); } : undefined,
      }));
    }
  });
}
