import { afterEach, describe, expect, it, vi } from 'vitest';

// A browser main thread refuses synchronous compiles over 4 KB; the runtime must then compile
// asynchronously, report null kernels (so every op takes cpu's path) until `ready()` resolves.
/** The parts of the WebAssembly namespace the stubs copy (the repo's lib has no WebAssembly types). */
interface WasmNamespace {
  Module: new (bytes: Uint8Array) => object;
  Memory: unknown;
  Instance: unknown;
  compile: unknown;
  instantiate: unknown;
  validate: unknown;
}

describe('wasm runtime', () => {
  const real = (globalThis as unknown as { WebAssembly: WasmNamespace }).WebAssembly;
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('compiles asynchronously when synchronous compiles are refused, kernels null until ready', async () => {
    class BrowserModule extends real.Module {
      constructor(bytes: Uint8Array) {
        if (bytes.byteLength > 4096) throw new RangeError('WebAssembly.Module(): Buffer size is over 4 KB');
        super(bytes);
      }
    }
    const { Memory, Instance, compile, instantiate, validate } = real;
    vi.stubGlobal('WebAssembly', { Module: BrowserModule, Memory, Instance, compile, instantiate, validate });
    vi.resetModules();
    const runtime = await import('./runtime.js');
    expect(runtime.wasmSupported).toBe(true);
    expect(runtime.wasm()).toBeNull();
    await expect(runtime.ready()).resolves.toBe(true);
    expect(runtime.wasm()?.gemm.peak(10)).toBeTypeOf('number');
  });

  it('reports no support without WebAssembly', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const runtime = await import('./runtime.js');
    expect(runtime.wasmSupported).toBe(false);
    await expect(runtime.ready()).resolves.toBe(false);
  });
});
