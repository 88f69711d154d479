// Setup of `vitest.cpu.config.ts`: the op suites again on the cpu backend. The default backend
// is wasm where the engine runs it, so the plain run covers wasm and this run covers cpu: every
// op test runs on every backend (suites using forEachBackend run both in both runs).
import { afterAll, beforeAll } from 'vitest';
// Through the index, so the backends are registered even in a file that imports no op.
import { getBackend, setBackend } from '../src/index.js';

let previous = getBackend();

beforeAll(() => {
  previous = getBackend();
  setBackend('cpu');
});

afterAll(() => {
  setBackend(previous);
});
