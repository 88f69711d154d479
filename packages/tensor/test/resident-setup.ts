import { setResidentEverywhere } from '../src/memory/resident.js';

// vitest.resident.config.ts: every array of 256 elements or more lives in wasm linear memory,
// so each op test also runs on resident storage (the kernels' no-copy paths).
setResidentEverywhere(true);
