import { setResidentAllocator } from '../../memory/resident.js';
import { registerBackend, setBackend } from '../registry.js';
import { elementwiseWasmKernels } from './elementwise.js';
import { fill } from './fill.js';
import { matmul } from './matmul.js';
import { optimizerWasmKernels } from './optimizer.js';
import { residentWasmAllocator } from './resident.js';
import { importedLinearMemory, sharedLinearMemory, wasmSupported } from './runtime.js';
import { windowWasmKernels } from './window.js';

// Side effect on import (listed in package.json sideEffects): where the engine runs WASM SIMD,
// the wasm backend registers and becomes the default; kernels it lacks fall back to cpu's.
// Where its linear memory is shared, storage made inside tidy() lives there (resident.ts); not in
// a pool worker, which runs kernels over the calling thread's memory and never allocates in it.
if (wasmSupported) {
  registerBackend({ name: 'wasm', kernels: { ...elementwiseWasmKernels, ...windowWasmKernels, ...optimizerWasmKernels, matmul, fill } });
  setBackend('wasm');
  if (sharedLinearMemory && !importedLinearMemory) setResidentAllocator(residentWasmAllocator);
}
