import { describe, expect, it } from 'vitest';
import { CONTROL, waitForChange, waitUntilOpen } from './control.js';

function words(): Int32Array {
  return new Int32Array(new SharedArrayBuffer((CONTROL.state + 1) * 4));
}

describe('waitForChange', () => {
  it('returns true at once when the word already differs, false after the slice when it never changes', () => {
    const w = words();
    Atomics.store(w, CONTROL.done, 3);
    expect(waitForChange(w, CONTROL.done, 2, 1000)).toBe(true);
    expect(waitForChange(w, CONTROL.done, 3, 5)).toBe(false);
  });
});

describe('waitUntilOpen', () => {
  it('returns once the generation, or a later one, is open, across the 16-bit wrap', () => {
    const w = words();
    Atomics.store(w, CONTROL.open, 7);
    waitUntilOpen(w, 7);
    waitUntilOpen(w, 5);
    Atomics.store(w, CONTROL.open, 2);
    // 0xfffe came before 2: its op ended long ago, so the worker must not wait for it.
    waitUntilOpen(w, 0xfffe);
    expect(Atomics.load(w, CONTROL.open)).toBe(2);
  });
});
