import { describe, expect, it } from 'vitest';
import { DLError, VersionMismatchError } from './errors.js';
import { shared, VERSION } from './global-state.js';
import { defaultGenerator, manualSeed } from './random.js';
import { getNumThreads, setNumThreads } from './threads/pool.js';

const KEY = Symbol.for('@dl/tensor/global-state');
type Root = Record<symbol, unknown>;

describe('shared', () => {
  it('returns the value the first caller made, whoever asks later', () => {
    const first = shared('test-slot', () => ({ n: 1 }));
    expect(shared('test-slot', () => ({ n: 2 }))).toBe(first);
  });

  it('keeps the default generator on globalThis, where a second copy of the package finds it', () => {
    const state = (globalThis as Root)[KEY] as { version: string; slots: Record<string, unknown> };
    expect(state.version).toBe(VERSION);
    expect(state.slots.defaultGenerator).toBe(defaultGenerator);
    expect(manualSeed(3)).toBe(defaultGenerator);
  });

  it('keeps the thread settings on globalThis, so two copies run one pool', () => {
    const state = (globalThis as Root)[KEY] as { slots: Record<string, { requested?: number }> };
    const before = getNumThreads();
    setNumThreads(1);
    try {
      expect(state.slots.threads.requested).toBe(1);
      state.slots.threads.requested = 5;
      expect(getNumThreads()).toBe(5);
    } finally {
      setNumThreads(before);
    }
  });

  it('throws VersionMismatchError naming both versions when another version loaded first', () => {
    const root = globalThis as Root;
    const saved = root[KEY];
    Object.defineProperty(globalThis, KEY, { value: { version: '9.9.9', slots: {} }, configurable: true });
    try {
      expect(() => shared('x', () => 0)).toThrow(
        new RegExp(`@dl/tensor: version ${VERSION.replaceAll('.', '\\.')} loaded while version 9\\.9\\.9 is already loaded`),
      );
      let caught: unknown;
      try {
        shared('x', () => 0);
      } catch (error) {
        caught = error;
      }
      expect(VersionMismatchError.isInstance(caught) && DLError.isInstance(caught)).toBe(true);
    } finally {
      Object.defineProperty(globalThis, KEY, { value: saved, configurable: true });
    }
  });
});
