import { registerBackend, setBackend } from '../registry.js';
import { elementwiseWasmKernels } from './elementwise.js';
import { matmul } from './matmul.js';
import { optimizerWasmKernels } from './optimizer.js';
import { wasmSupported } from './runtime.js';
import { windowWasmKernels } from './window.js';

// Side effect on import (listed in package.json sideEffects): where the engine runs WASM SIMD,
// the wasm backend registers and becomes the default; kernels it lacks fall back to cpu's.
if (wasmSupported) {
  registerBackend({ name: 'wasm', kernels: { ...elementwiseWasmKernels, ...windowWasmKernels, ...optimizerWasmKernels, matmul } });
  setBackend('wasm');
}
