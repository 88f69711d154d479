import { describe, expect, it } from 'vitest';
import type { TypedArray } from '../dtype.js';
import { releaseArena, reserve, resetArena } from './arena.js';

/** Stages `data[from, to)` as parallel.ts does: a reserved span, then a copy into it. */
function stage<T extends TypedArray>(data: T, from: number, to: number): T {
  const span = reserve(data, to - from);
  span.set(data.subarray(from, to));
  return span;
}

describe('reserve', () => {
  it('copies a range into shared memory on a 16-byte boundary', () => {
    releaseArena();
    resetArena();
    const first = stage(new Uint8Array([1, 2, 3]), 0, 3);
    const second = stage(new Float64Array([0.5, 1.5, 2.5, 3.5]), 1, 3);
    expect(first.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(first)).toEqual([1, 2, 3]);
    expect(Array.from(second)).toEqual([1.5, 2.5]);
    expect(second.byteOffset).toBe(16);
  });

  it('keeps earlier spans when a span outgrows the buffer, and fits the whole op next time', () => {
    releaseArena();
    resetArena();
    const small = stage(new Float32Array([7, 8]), 0, 2);
    const big = reserve(new Float32Array(0), 1 << 20);
    expect(Array.from(small)).toEqual([7, 8]);
    expect(big.buffer).not.toBe(small.buffer);
    resetArena();
    const again = [reserve(new Float32Array(0), 2), reserve(new Float32Array(0), 1 << 20)];
    expect(again[1].buffer).toBe(again[0].buffer);
    expect(again[0].buffer).toBe(big.buffer);
  });
});
