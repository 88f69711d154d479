import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heapAllocate, heapFree, heapStats, scratchBlock } from './heap.js';
import { linearMemoryBuffer } from './runtime.js';

describe('the linear-memory heap', () => {
  it('reuses a freed block, merges neighbours and hands a top block back to the bump pointer', () => {
    const before = heapStats();
    const a = heapAllocate(1000);
    const b = heapAllocate(1000);
    const c = heapAllocate(1000);
    expect([b - a, c - b]).toEqual([1024, 1024]);
    heapFree(b);
    expect(heapAllocate(1024)).toBe(b); // exact fit
    heapFree(a);
    heapFree(b); // merges with a
    expect(heapStats().freeBlocks).toBe(before.freeBlocks + 1);
    expect(heapAllocate(2000)).toBe(a); // first fit in the merged block
    heapFree(a);
    heapFree(c); // merges a..c and returns it to the top
    expect({ ...heapStats(), highWater: 0 }).toEqual({ ...before, highWater: 0 });
  });

  it('says whether a block is fresh (never written) memory', () => {
    const fresh = { value: false };
    const { top, highWater } = heapStats();
    const below = heapAllocate(highWater - top + 64, fresh); // reaches the high-water mark: used before
    expect(fresh.value).toBe(false);
    const a = heapAllocate(4096, fresh);
    expect(fresh.value).toBe(true);
    heapFree(a);
    expect(heapAllocate(4096, fresh)).toBe(a);
    expect(fresh.value).toBe(false);
    heapFree(a);
    heapFree(below);
  });

  it('keeps live blocks disjoint and inside memory through any sequence of allocations and frees', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 200_000 }), fc.constant(-1)), { maxLength: 60 }), (steps) => {
        const before = heapStats();
        const live: [number, number][] = [];
        for (const [i, step] of steps.entries()) {
          if (step < 0 && live.length > 0) {
            const [address] = live.splice(i % live.length, 1)[0];
            heapFree(address);
          } else if (step > 0) {
            live.push([heapAllocate(step), step]);
          }
          // Every live block: aligned, inside memory, disjoint from the others.
          const sorted = [...live].sort((x, y) => x[0] - y[0]);
          expect(sorted.every(([address]) => address % 64 === 0)).toBe(true);
          expect(sorted.every(([address], k) => k === 0 || sorted[k - 1][0] + sorted[k - 1][1] <= address)).toBe(true);
          expect(sorted.every(([address, size]) => address + size <= linearMemoryBuffer().byteLength)).toBe(true);
        }
        for (const [address] of live) heapFree(address);
        expect(heapStats().bytesInUse).toBe(before.bytesInUse);
        expect(heapStats().top).toBe(before.top);
        expect(heapStats().freeBytes).toBe(before.freeBytes);
      }),
      { numRuns: 50 },
    );
  });

  it('grows the scratch block only when a call needs more', () => {
    const small = scratchBlock(100);
    expect(scratchBlock(50)).toBe(small);
    const big = scratchBlock(1 << 20);
    expect(scratchBlock(1 << 19)).toBe(big);
  });
});
