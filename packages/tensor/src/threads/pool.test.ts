import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { getNumThreads, manualSeed, matmul, randn, setNumThreads, threadsReady, WorkerError } from '../index.js';
import { setParallelThresholds } from './parallel.js';
import { runChunks, setStallLimit } from './pool.js';
import type { KernelTask } from './tasks.js';

afterEach(() => {
  setStallLimit(undefined);
});

describe('setNumThreads / getNumThreads', () => {
  it('defaults to the number of logical cores', () => {
    expect(getNumThreads()).toBe(availableParallelism());
  });

  it('rejects anything but a positive integer', () => {
    expect(() => { setNumThreads(0); }).toThrow(/setNumThreads: expected a positive integer, got 0/);
    expect(() => { setNumThreads(1.5); }).toThrow(/setNumThreads: expected a positive integer, got 1.5/);
  });

  it('threadsReady resolves to the number of threads once the workers have started', async () => {
    setNumThreads(2);
    expect(await threadsReady()).toBe(2);
    setNumThreads(1);
    expect(await threadsReady()).toBe(1);
    expect(getNumThreads()).toBe(1);
  });
});

/** One chunk calling `kernel` (a test hook or an unknown name), for workers only. */
function failingTask(kernel: string): Omit<KernelTask, 'generation'> {
  return { backend: 'cpu', chunks: [[{ kernel: kernel as KernelTask['chunks'][number][number]['kernel'], args: [] }]] };
}

describe('worker failures', () => {
  it('a kernel that throws in a worker surfaces as a WorkerError in the caller', async () => {
    setNumThreads(2);
    await threadsReady();
    let caught: unknown;
    try {
      runChunks('matmul', failingTask('noSuchKernel'), undefined);
    } catch (error) {
      caught = error;
    }
    expect(WorkerError.isInstance(caught)).toBe(true);
    expect(String(caught)).toMatch(/matmul: a worker failed: TypeError: threads: unknown kernel 'noSuchKernel'/);
    // The worker survives a thrown kernel and takes the next op.
    expect(await threadsReady()).toBe(2);
    runChunks('matmul', { backend: 'cpu', chunks: [[]] }, undefined);
  });

  it('a worker that exits mid-op surfaces as a WorkerError, and the pool restarts', async () => {
    setNumThreads(2);
    await threadsReady();
    expect(() => { runChunks('add', failingTask('exit'), undefined); }).toThrow(/add: a worker failed: worker 0 exited with code 7/);
    expect(await threadsReady()).toBe(2);
    const previous = setParallelThresholds({ matmulWork: 1 });
    manualSeed(0);
    const a = randn([64, 64]);
    expect(matmul(a, a).shape).toEqual([64, 64]);
    setParallelThresholds(previous);
  });

  it('a worker that never answers is reported after the stall limit, not waited on forever', async () => {
    setNumThreads(2);
    await threadsReady();
    setStallLimit(200);
    expect(() => { runChunks('sum', failingTask('hang'), undefined); }).toThrow(/sum: a worker did not finish within 200 ms; the pool was restarted/);
    expect(await threadsReady()).toBe(2);
  });
});

describe('process lifecycle', () => {
  it('a child process that used the pool exits on its own', async () => {
    const script = fileURLToPath(new URL('./__fixtures__/exits-on-its-own.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill(); resolve(null); }, 120_000);
      child.on('exit', (exitCode) => { clearTimeout(timer); resolve(exitCode); });
    });
    expect(output).toContain('{"threads":2,"shape":[256,256]}');
    expect(code).toBe(0);
  });
});
