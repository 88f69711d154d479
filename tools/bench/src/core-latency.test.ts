import { describe, expect, it } from 'vitest';
import { coreRoundTripNs } from './core-latency.js';

describe('coreRoundTripNs', () => {
  it('times a round trip between two threads', async () => {
    const ns = await coreRoundTripNs(2000);
    // A cache line's trip and back: more than a nanosecond, well under a millisecond.
    expect(ns).toBeGreaterThan(1);
    expect(ns).toBeLessThan(1e6);
  });
});
