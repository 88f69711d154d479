import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { arange, array, fromDescription, fromShared, ones, randn, select, zeros, zerosLike } from '../index.js';

// A plain-JavaScript worker: it rebuilds nothing but the typed array, as any thread could.
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const { buffer, shape, strides, offset } = workerData;
const data = new Float32Array(buffer);
for (let i = 0; i < shape[0]; i++) data[offset + i * strides[0]] = 10 * (i + 1);
parentPort.postMessage('written');
`;

function runWriter(description: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WRITER, { eval: true, workerData: description });
    worker.once('message', () => {
      void worker.terminate().then(() => { resolve(); });
    });
    worker.once('error', reject);
  });
}

describe('shared creation', () => {
  it('zeros, ones, array, arange, randn and zerosLike store in a SharedArrayBuffer when asked', () => {
    const made = [
      zeros([2, 3], { shared: true }), ones([2], { shared: true, dtype: 'int32' }), array([[1, 2]], { shared: true }),
      array(new Float64Array([1, 2]), { shared: true }), arange(4, undefined, 1, { shared: true }), randn([3], { shared: true }),
      zerosLike(zeros([2]), { shared: true }),
    ];
    for (const x of made) {
      expect(x.isShared).toBe(true);
      expect(x.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
    expect(array([[1, 2]], { shared: true }).toArray()).toEqual([[1, 2]]);
  });

  it('keeps small arrays in ordinary memory by default', () => {
    expect(zeros([2, 3]).isShared).toBe(false);
  });

  it('toShared copies ordinary storage once and returns shared arrays as they are', () => {
    const x = arange(6, undefined, 1, { dtype: 'float32' }).reshape([2, 3]).transpose(0, 1);
    const shared = x.toShared();
    expect(shared.isShared).toBe(true);
    expect(shared.toArray()).toEqual(x.toArray());
    expect(shared.toShared()).toBe(shared);
  });
});

describe('fromShared', () => {
  it('wraps a buffer without copying: writes through either side show in the other', () => {
    const buffer = new SharedArrayBuffer(6 * 4);
    const x = fromShared(buffer, { dtype: 'float32', shape: [2, 3] });
    new Float32Array(buffer)[4] = 7;
    expect(x.toArray()).toEqual([[0, 0, 0], [0, 7, 0]]);
    expect(fromShared(buffer).shape).toEqual([6]);
    expect(fromShared(buffer, { dtype: 'int32', shape: [2], strides: [2], offset: 1 }).strides).toEqual([2]);
  });

  it('rejects an ordinary ArrayBuffer, naming what it got', () => {
    expect(() => fromShared(new ArrayBuffer(8) as unknown as SharedArrayBuffer)).toThrow(/fromShared: buffer must be a SharedArrayBuffer, got ArrayBuffer/);
  });

  it('rejects a view that reaches past the buffer', () => {
    expect(() => fromShared(new SharedArrayBuffer(16), { shape: [2, 3] })).toThrow(
      /fromShared: view \(shape \[2, 3\], strides \[3, 1\], offset 0\) reaches elements 0\.\.5, outside the buffer's 4 float32 elements/,
    );
  });
});

describe('NDArray.describe and fromDescription', () => {
  it('round-trip a strided view over the same memory', () => {
    const x = zeros([4, 3], { shared: true });
    const column = select(x, 1, 2);
    const description = column.describe();
    expect(description).toMatchObject({ dtype: 'float32', shape: [4], strides: [3], offset: 2 });
    const again = fromDescription(description);
    again.data[again.offset] = 5;
    expect(x.toArray()).toEqual([[0, 0, 5], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  });

  it('describe throws for ordinary storage and says how to fix it', () => {
    expect(() => zeros([2, 2]).describe()).toThrow(/describe: the array's storage is not shared \(shape \[2, 2\]\)\nhint: call toShared\(\) first/);
  });

  it('a worker running @dl ops updates a shared array in place, Hogwild-style, and this thread sees it', async () => {
    const weights = array([[1, 2], [3, 4]], { shared: true });
    // Sources run through tsx's loader inside the worker, as src/threads/env.ts starts pool workers.
    const entry = new URL('./__fixtures__/hogwild-worker.ts', import.meta.url).href;
    const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(bootstrap, { eval: true, workerData: select(weights, 1, 1).describe() });
      worker.once('message', () => {
        void worker.terminate().then(() => { resolve(); });
      });
      worker.once('error', reject);
    });
    expect(weights.toArray()).toEqual([[1, 1.5], [3, 3.5]]);
  });

  it('a worker thread writes into a shared array and this thread sees the values', async () => {
    const x = zeros([4, 3], { shared: true });
    await runWriter(select(x, 1, 1).describe());
    expect(x.toArray()).toEqual([[0, 10, 0], [0, 20, 0], [0, 30, 0], [0, 40, 0]]);
  });
});

describe('fromDescription', () => {
  it('rejects descriptions that do not fit together, naming the values', () => {
    const buffer = new SharedArrayBuffer(64);
    expect(() => fromDescription({ buffer, dtype: 'float32', shape: [2, 2], strides: [2], offset: 0 })).toThrow(
      /fromDescription: strides \[2\] do not match shape \[2, 2\] \(1 != 2 dims\)/,
    );
    expect(() => fromDescription({ buffer, dtype: 'float32', shape: [-1], strides: [1], offset: 0 })).toThrow(/fromDescription: shape must hold non-negative integers, got \[-1\]/);
    expect(() => fromDescription({ buffer, dtype: 'float32', shape: [2], strides: [1], offset: -1 })).toThrow(/fromDescription: offset must be a non-negative integer, got -1/);
    expect(() => fromDescription({ buffer, dtype: 'float16' as 'float32', shape: [2], strides: [1], offset: 0 })).toThrow(/fromDescription: unknown dtype "float16"/);
  });
});
