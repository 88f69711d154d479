import type { TypedArray } from '../../dtype.js';
import { fill as cpuFill } from '../cpu/fill.js';
import type { Kernels } from '../registry.js';
import { addressOf, wasm, type WasmExports } from './runtime.js';

// Storage resident in linear memory is a view of a SharedArrayBuffer, where TypedArray.fill goes
// element by element (about 8x slower than on an ArrayBuffer): fill.wat stores whole v128s instead.

/** fill.wat's function for storage of `out`'s type; Uint8Array is bool storage (0 or 1 bytes). */
function fillerOf(kernels: WasmExports['fill'], out: TypedArray): ((dst: number, value: number, n: number) => void) | undefined {
  if (out instanceof Float32Array) return kernels.fillF32;
  if (out instanceof Float64Array) return kernels.fillF64;
  if (out instanceof Int32Array) return kernels.fillI32;
  if (out instanceof Uint8Array) return kernels.fillBytes;
  return undefined;
}

/** The wasm backend's fill: fill.wat on resident storage, the typed array's own fill elsewhere. */
export const fill: Kernels['fill'] = (out, value) => {
  const address = addressOf(out);
  const kernels = address >= 0 ? wasm()?.fill : undefined;
  const filler = kernels && fillerOf(kernels, out);
  if (filler) filler(address, value, out.length);
  else cpuFill(out, value);
};
