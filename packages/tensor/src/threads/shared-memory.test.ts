import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBackend, matmul, randn, reshape, setNumThreads, slice, threadsReady, tidy, WorkerError, zeros } from '../index.js';
import { addressOf, linearMemoryBuffer, sharedLinearMemory } from '../kernels/wasm/runtime.js';
import { arenaInLinearMemory } from './arena.js';
import { setCallerClaims, setParallelThresholds } from './parallel.js';
import { runChunks, workersShareMemory } from './pool.js';
import { encodeCall } from './tasks.js';

// Pool workers run their wasm kernels over the calling thread's shared linear memory, each with
// scratch of its own in a block the calling thread gave it.

describe.runIf(sharedLinearMemory && getBackend() === 'wasm')('workers over the shared linear memory', () => {
  let previous = setParallelThresholds({});
  beforeAll(async () => {
    setNumThreads(2);
    previous = setParallelThresholds({ matmulWork: 1, missesBeforePause: Infinity });
    if ((await threadsReady()) !== 2) throw new Error('the worker pool did not start');
  });
  afterAll(() => {
    setParallelThresholds(previous);
    setNumThreads(1);
  });

  it('import the memory, so split ops stage into a heap block of it', () => {
    expect(workersShareMemory()).toBe(true);
    const claims = setCallerClaims(false);
    try {
      // JS operands: the workers' copies are staged into linear memory and the product copied back.
      const [a, b] = [randn([96, 64]), randn([64, 40])];
      const staged = matmul(a, b);
      expect(arenaInLinearMemory()).toBe(true);
      setNumThreads(1);
      expect(Array.from(staged.dataSync())).toEqual(Array.from(matmul(a, b).dataSync()));
    } finally {
      setNumThreads(2);
      setCallerClaims(claims);
    }
  });

  it('write a resident product in place', async () => {
    await threadsReady();
    const claims = setCallerClaims(false);
    try {
      const product = tidy(() => matmul(randn([96, 64]), randn([64, 40])));
      expect(addressOf(product.data)).toBeGreaterThanOrEqual(0);
      expect(product.dataSync().some((v) => v !== 0)).toBe(true);
    } finally {
      setCallerClaims(claims);
    }
  });

  it('see storage placed after the calling thread grew the memory', async () => {
    await threadsReady();
    // 64 MB of resident storage pushes linear memory past what the workers saw at start; the
    // operands are views of its last elements, so they lie in the part the workers never saw.
    const size = 16 << 20;
    const grownFrom = linearMemoryBuffer().byteLength;
    const filler = tidy(() => zeros([size]));
    filler.data.set(randn([96 * 64 + 64 * 40]).dataSync(), size - 96 * 64 - 64 * 40);
    const a = reshape(slice(filler, 0, { start: size - 96 * 64 - 64 * 40, end: size - 64 * 40 }), [96, 64]);
    const b = reshape(slice(filler, 0, { start: size - 64 * 40 }), [64, 40]);
    expect(addressOf(b.data) + b.offset * 4).toBeGreaterThan(grownFrom);
    const claims = setCallerClaims(false);
    let split: number[];
    try {
      split = Array.from(tidy(() => matmul(a, b)).dataSync());
    } finally {
      setCallerClaims(claims);
    }
    setNumThreads(1);
    const alone = Array.from(matmul(a, b).dataSync());
    setNumThreads(2);
    expect(split).toEqual(alone);
    filler.dispose();
  });

  it('a call needing more scratch than a worker has fails as a WorkerError, not a memory overrun', async () => {
    await threadsReady();
    // A 1024 x 1024 operand outside linear memory would be copied into the worker's scratch block (about 2.3 MB).
    const [m, k, n] = [1024, 1024, 8];
    const a = new Float32Array(new SharedArrayBuffer(m * k * 4));
    const b = new Float32Array(new SharedArrayBuffer(k * n * 4));
    const out = new Float32Array(new SharedArrayBuffer(m * n * 4));
    const view = (data: Float32Array, rows: number, cols: number) => ({ data, shape: [1, rows, cols], strides: [rows * cols, cols, 1], offset: 0 });
    const call = encodeCall('matmul', [view(a, m, k), view(b, k, n), out, 1, m, k, n, undefined], true);
    let caught: unknown;
    try {
      runChunks('matmul', { backend: 'wasm', chunks: [[call]] }, undefined);
    } catch (error) {
      caught = error;
    }
    expect(WorkerError.isInstance(caught)).toBe(true);
    expect(String(caught)).toMatch(/matmul: a worker failed: WorkerError: wasm: a call needs \d+ bytes of scratch, more than this pool worker's \d+/);
    // The worker survives and takes the next op.
    expect(await threadsReady()).toBe(2);
    const product = tidy(() => matmul(randn([64, 64]), randn([64, 64])));
    expect(product.shape).toEqual([64, 64]);
  });
});
