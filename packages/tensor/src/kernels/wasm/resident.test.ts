import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { allocate } from '../../dtype.js';
import { add, arange, exp, full, keep, matmul, memory, randn, setBackend, softmax, sum, tidy, zeros, type NDArray } from '../../index.js';
import { residentEverywhere } from '../../memory/resident.js';
import { heapStats } from './heap.js';
import { addressOf, sharedLinearMemory } from './runtime.js';

// Storage made inside tidy() lives in wasm linear memory where that memory is shared (Node).
const resident = (x: NDArray): boolean => addressOf(x.data) >= 0;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage until resident bytes drop to `level` (FinalizationRegistry callbacks run in later tasks); returns the bytes left. */
async function collectDownTo(level: number): Promise<number> {
  for (let i = 0; i < 50 && memory().bytesResident > level; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return memory().bytesResident;
}

describe.runIf(sharedLinearMemory)('storage resident in wasm memory', () => {
  afterEach(() => {
    setBackend('wasm');
  });

  it('places storage made inside tidy (256 elements and up) in linear memory, and nothing else', () => {
    const outside = zeros([1024]);
    const [big, small] = tidy(() => [zeros([1024]), zeros([255])]);
    expect(resident(big)).toBe(true);
    expect(resident(small)).toBe(false);
    expect(resident(outside)).toBe(residentEverywhere());
    setBackend('cpu');
    expect(resident(tidy(() => zeros([1024])))).toBe(residentEverywhere() && false);
  });

  it('places shared storage of 256 elements and up in linear memory, zeroed, for the garbage collector to free', () => {
    const start = memory().bytesResident;
    const [big, small, copied] = [zeros([1000], { shared: true }), zeros([100], { shared: true }), arange(0, 512).toShared()];
    expect([resident(big), resident(small), resident(copied)]).toEqual([true, false, true]);
    expect([big.isShared, small.isShared, copied.isShared]).toEqual([true, true, true]);
    expect(big.dataSync().every((v) => v === 0)).toBe(true);
    expect(Array.from(copied.dataSync().subarray(0, 3))).toEqual([0, 1, 2]);
    expect(memory().bytesResident).toBe(start + 4000 + 2048);
    // Other threads may hold its description: dispose leaves the bytes where they are.
    big.dispose();
    expect(memory().bytesResident).toBe(start + 4000 + 2048);
    setBackend('cpu');
    expect(resident(zeros([1000], { shared: true }))).toBe(false);
  });

  it('gives storage back on dispose, and reuses it zero-filled for zeros', () => {
    const start = memory().bytesResident;
    const x = tidy(() => add(randn([1000]), 1));
    expect(memory().bytesResident).toBe(start + 4000);
    x.dispose();
    expect(memory().bytesResident).toBe(start);
    const { highWater } = heapStats();
    const z = tidy(() => zeros([1000]));
    expect(resident(z)).toBe(true);
    expect(heapStats().highWater).toBe(highWater); // memory randn's values were in, not fresh memory
    expect(z.toArray()).toEqual(new Array(1000).fill(0));
    z.dispose();
  });

  it.each(['float32', 'float64', 'int32', 'bool'] as const)('zero-fills reused memory for zeros and full(0) of %s', (dtype) => {
    tidy(() => full([4099], 7, { dtype }));
    const [z, f] = tidy(() => [zeros([4099], { dtype }), full([4099], 0, { dtype })]);
    expect([resident(z), resident(f)]).toEqual([true, true]);
    expect([...z.data, ...f.data].every((v) => v === 0)).toBe(true);
    expect(Object.is(tidy(() => full([300], -0)).data[299], -0)).toBe(true);
  });

  it('disposes what a tidy does not return, so a loop of tidy steps stays at one level', () => {
    const x = tidy(() => randn([64, 64]));
    const step = (): void => {
      tidy(() => sum(exp(matmul(x, x))).item());
    };
    step();
    const level = memory().bytesResident;
    for (let i = 0; i < 20; i++) step();
    expect(memory().bytesResident).toBe(level);
    x.dispose();
  });

  it('frees storage that outlives its tidy (returned, kept, never wrapped in an array) once the GC collects it', async () => {
    await collectDownTo(0); // earlier tests' garbage first
    const start = memory().bytesResident;
    // Nested tidies: storage returned by the inner one is disposed or escapes with the outer one.
    (() => {
      tidy(() => {
        const returned = tidy(() => zeros([1000]));
        keep(exp(returned));
        allocate('float32', 1000); // scratch no array views
        return tidy(() => add(returned, 1));
      });
    })();
    expect(memory().bytesResident).toBe(start + 3 * 4000); // the inner result died with the outer tidy
    expect(await collectDownTo(start)).toBe(start);
  });

  it('keeps earlier arrays valid when linear memory grows', () => {
    const before = tidy(() => arange(0, 4096));
    const grown = tidy(() => zeros([32 * 2 ** 20])); // 128 MiB: memory must grow
    expect(resident(grown)).toBe(true);
    expect(before.data[4095]).toBe(4095);
    expect(sum(before).item()).toBe((4095 * 4096) / 2);
    grown.dispose();
    before.dispose();
  });

  it('gives the same values as JS storage', () => {
    const a = randn([37, 300]);
    const b = randn([300, 41]);
    const expected = [matmul(a, b), softmax(a, 1), exp(a), sum(a, 1), add(a, 1)].map((y) => y.toArray());
    const got = tidy(() => {
      const [ra, rb] = [add(a, 0), add(b, 0)];
      return [matmul(ra, rb), softmax(ra, 1), exp(ra), sum(ra, 1), add(ra, 1)].map((y) => y.toArray());
    });
    expect(got).toEqual(expected);
  });
});
