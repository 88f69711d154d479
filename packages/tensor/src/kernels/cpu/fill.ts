import type { Kernels } from '../registry.js';

/** The cpu fill: the typed array's own, fast on an ArrayBuffer (wasm/fill.ts handles linear memory). */
export const fill: Kernels['fill'] = (out, value) => {
  out.fill(value);
};
