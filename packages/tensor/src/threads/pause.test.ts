import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteHelp, setParallelThresholds, workersFor } from './parallel.js';
import { setNumThreads, threadsReady } from './pool.js';

let previous: ReturnType<typeof setParallelThresholds>;

beforeAll(async () => {
  setNumThreads(2);
  await threadsReady();
  previous = setParallelThresholds({ missesBeforePause: 2 });
});

afterAll(() => {
  setParallelThresholds(previous);
  setNumThreads(1);
});

describe('splitting pauses when workers do not help', () => {
  it('keeps splitting while workers take chunks, and never splits a small call', () => {
    for (let op = 0; op < 5; op++) {
      expect(workersFor(100, 100)).toBe(1);
      noteHelp(op % 2 === 0);
    }
    expect(workersFor(99, 100)).toBe(0);
  });

  it('runs the next 16 large ops on this thread after 2 unhelped splits in a row, then splits again', () => {
    noteHelp(true);
    noteHelp(false);
    expect(workersFor(100, 100)).toBe(1);
    noteHelp(false);
    const paused = Array.from({ length: 16 }, () => workersFor(100, 100));
    expect(paused).toEqual(Array.from({ length: 16 }, () => 0));
    expect(workersFor(100, 100)).toBe(1);
  });

  it('keeps splitting ops 8 times their threshold or more while paused, without using up the pause', () => {
    noteHelp(true);
    noteHelp(false);
    noteHelp(false);
    expect(workersFor(800, 100)).toBe(1);
    expect(workersFor(799, 100)).toBe(0);
    const rest = Array.from({ length: 15 }, () => workersFor(100, 100));
    expect(rest).toEqual(Array.from({ length: 15 }, () => 0));
    expect(workersFor(100, 100)).toBe(1);
  });
});
