// Prints the backend comparison tables (backends-table.ts) that README.md records: @dl cpu and
// wasm against tfjs, numpy and PyTorch, one thread. The single bench below only gives vitest a
// task; the tables are measured while the file loads and printed once it has run.
import { bench, describe } from 'vitest';
import { matmul, randn } from '../src/index.js';
import { backendTables } from './backends-table.js';

const tables = await backendTables();
const [a, b] = [randn([128, 128]), randn([128, 128])];

describe('backend tables', () => {
  bench('@dl wasm matmul 128 (the tables are printed after this run)', () => {
    matmul(a, b);
  }, { time: 200, setup: (_task, mode) => { if (mode === 'run') console.log(`\n${tables}`); } });
});
