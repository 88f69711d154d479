import { ArgumentError } from './errors.js';
import { shared } from './global-state.js';

/**
 * A seedable stream of random numbers (xoshiro128**), as `torch.Generator`.
 * Independent generators give independent, reproducible streams.
 * @example
 * const g = new Generator(42); g.uniform(); // same value on every run
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /**
   * Resets the stream to the start of `seed`'s sequence.
   * @example
   * g.manualSeed(0);
   */
  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed)) {
      throw new ArgumentError(`manualSeed: seed must be a safe integer, got ${seed}`);
    }
    // splitmix32 streams over each half of the seed, xor-ed, fill the 128-bit state, so nearby
    // seeds diverge. Mixing the halves separately keeps 0, -1 and 2^32 + 1 apart (folding them
    // into one 32-bit word first made all three the same stream).
    const splitmix = (start: number): (() => number) => {
      let x = start | 0;
      return () => {
        x = (x + 0x9e3779b9) | 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        return (z ^ (z >>> 16)) >>> 0;
      };
    };
    const low = splitmix(seed % 2 ** 32);
    const high = splitmix(Math.floor(seed / 2 ** 32) ^ 0x6a09e667);
    this.s0 = (low() ^ high()) >>> 0;
    this.s1 = (low() ^ high()) >>> 0;
    this.s2 = (low() ^ high()) >>> 0;
    this.s3 = (low() ^ high()) >>> 0;
    this.spareNormal = null;
    return this;
  }

  /**
   * The next 32 random bits as an unsigned integer.
   * @example
   * g.nextUint32() // 0..2^32-1
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform float in [0, 1) with 53 random bits.
   * @example
   * g.uniform() // 0.37...
   */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A standard normal sample (Box-Muller; the second value of each pair is cached).
   * @example
   * g.normal() // -0.52...
   */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    // 1 - uniform() is in (0, 1], so the log is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * A uniform integer in [low, high) without modulo bias.
   * @example
   * g.integer(0, 10) // 7
   */
  integer(low: number, high: number): number {
    const range = high - low;
    // An empty range would return NaN (x % 0) instead of failing.
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || range <= 0) {
      throw new ArgumentError(`Generator.integer: expected integers low < high, got low ${low} and high ${high}`);
    }
    if (range <= 2 ** 32) {
      const limit = 2 ** 32 - (2 ** 32 % range);
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return low + (x % range);
    }
    return low + Math.floor(this.uniform() * range);
  }

  /**
   * The full state, for checkpoints; `setState` restores it exactly.
   * @example
   * const saved = g.getState(); g.uniform(); g.setState(saved);
   */
  getState(): number[] {
    const spare = this.spareNormal;
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0, spare === null ? 0 : 1, spare ?? 0];
  }

  /**
   * Restores a state from `getState`.
   * @example
   * g.setState(saved);
   */
  setState(state: readonly number[]): this {
    const valid =
      state.length === 6 &&
      state.slice(0, 4).every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32) &&
      // xoshiro never leaves the all-zero state: every later draw would be 0.
      state.slice(0, 4).some((v) => v !== 0) &&
      (state[4] === 0 || state[4] === 1) &&
      Number.isFinite(state[5]);
    if (!valid) throw new ArgumentError(`Generator.setState: expected 4 uint32 words (not all 0), a flag and a number, got [${state.join(', ')}]`);
    [this.s0, this.s1, this.s2, this.s3] = state as [number, number, number, number];
    this.spareNormal = state[4] === 1 ? state[5] : null;
    return this;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The generator every random op uses unless given its own; one per process, even when two copies
 * of `@dl/tensor` are loaded (src/global-state.ts).
 */
export const defaultGenerator: Generator = shared('defaultGenerator', () => new Generator(0));

/**
 * Seeds the default generator, as `torch.manual_seed`.
 * @example
 * manualSeed(0); randn([2, 2]); // the same values on every run
 */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
