import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectEnvironment } from './env.js';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('detectEnvironment', () => {
  it('finds worker_threads in Node', () => {
    const host = detectEnvironment();
    expect('name' in host && host.name).toBe('node');
  });

  it('reports a page that is not cross-origin isolated', () => {
    vi.stubGlobal('crossOriginIsolated', false);
    expect(detectEnvironment()).toEqual({ unavailable: expect.stringMatching(/SharedArrayBuffer is unavailable \(a browser page must be cross-origin isolated/) as unknown });
  });

  it("reports a thread that may not block, as a browser's main thread", () => {
    vi.spyOn(Atomics, 'wait').mockImplementation(() => { throw new TypeError('Atomics.wait cannot be called in this context'); });
    expect(detectEnvironment()).toEqual({ unavailable: expect.stringMatching(/cannot block in Atomics.wait .*run the model in a Web Worker/) as unknown });
  });
});

describe('fallback to one thread', () => {
  it('without SharedArrayBuffer ops run on one thread, with a single notice and no error', async () => {
    vi.stubGlobal('crossOriginIsolated', false);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const pool = await import('./pool.js');
    pool.setNumThreads(2);
    expect(await pool.threadsReady()).toBe(1);
    expect(pool.availableWorkers()).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/@dl\/tensor: using 1 thread: SharedArrayBuffer is unavailable/);
  });
});
