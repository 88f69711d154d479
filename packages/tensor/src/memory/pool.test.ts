import { afterEach, describe, expect, it } from 'vitest';
import { allocate, allocateEmpty } from '../dtype.js';
import { add, array, exp, memory, randn, setPoolCapacity, zeros } from '../index.js';
import { DEFAULT_POOL_CAPACITY } from './pool.js';

afterEach(() => {
  setPoolCapacity(DEFAULT_POOL_CAPACITY);
});

describe('the storage pool', () => {
  it('hands a disposed array\'s storage to the next allocation of that size and dtype', () => {
    const x = randn([1000]);
    const y = exp(x);
    const storage = y.data;
    y.dispose();
    const z = add(x, 1);
    expect(z.data).toBe(storage);
    expect(z.toArray()).toEqual(add(array(x.toArray()), 1).toArray());
  });

  it('zero-fills a reused buffer for allocate, and leaves allocateEmpty\'s values unspecified', () => {
    const x = zeros([512]);
    x.data.fill(7);
    const storage = x.data;
    x.dispose();
    const zeroed = allocate('float32', 512);
    expect(zeroed).toBe(storage);
    expect(zeroed.every((v) => v === 0)).toBe(true);
    const y = zeros([512]);
    y.data.fill(3);
    const reused = y.data;
    y.dispose();
    const empty = allocateEmpty('float32', 512);
    expect(empty).toBe(reused);
    expect(empty[0]).toBe(3);
  });

  it('does not hand out storage of another dtype or size', () => {
    const x = zeros([400]);
    const storage = x.data;
    x.dispose();
    expect(allocate('float32', 401)).not.toBe(storage);
    expect(allocate('int32', 400)).not.toBe(storage);
    expect(allocate('float32', 400)).toBe(storage);
  });

  it('never pools storage below 256 elements, shared storage or storage it did not allocate', () => {
    const before = memory().bytesPooled;
    zeros([255]).dispose();
    zeros([1000], { shared: true }).dispose();
    array(new Float32Array(1000)).dispose();
    expect(memory().bytesPooled).toBe(before + 4000); // array() copies into managed storage
  });

  it('holds at most its byte cap, dropping the oldest buffers first', () => {
    setPoolCapacity(0);
    setPoolCapacity(10_000);
    const [a, b, c] = [zeros([1000]), zeros([1000]), zeros([1000])];
    const [first, second, third] = [a.data, b.data, c.data];
    a.dispose();
    b.dispose();
    expect(memory()).toMatchObject({ bytesPooled: 8000, pooledBuffers: 2, poolCapacity: 10_000 });
    c.dispose();
    expect(memory()).toMatchObject({ bytesPooled: 8000, pooledBuffers: 2 });
    // `first` was dropped; the newest buffer is handed out first.
    expect(allocate('float32', 1000)).toBe(third);
    expect(allocate('float32', 1000)).toBe(second);
    expect(allocate('float32', 1000)).not.toBe(first);
  });

  it('empties with a cap of 0, and refuses a bad cap', () => {
    zeros([1000]).dispose();
    expect(memory().bytesPooled).toBeGreaterThan(0);
    setPoolCapacity(0);
    expect(memory()).toMatchObject({ bytesPooled: 0, pooledBuffers: 0 });
    zeros([1000]).dispose();
    expect(memory().bytesPooled).toBe(0);
    expect(() => setPoolCapacity(-1)).toThrow(/setPoolCapacity: bytes must be a finite number >= 0, got -1/);
  });
});
