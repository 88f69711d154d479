import { BINARIES } from './binaries.generated.js';

// The slice of the WebAssembly JS API this backend uses. Declared here because the repo's
// `lib: ES2022` has no WebAssembly types, and a global declaration would clash with lib.dom's
// in packages that add DOM (they typecheck these sources through the @dl/source condition).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow: (pages: number) => number;
}
type WasmModule = object;
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<WasmInstance>;
  validate(bytes: Uint8Array): boolean;
}

/** The functions each .wat file exports, by file name (pointers are byte offsets). */
export interface WasmExports {
  gemm: {
    gemmBlock: (mc: number, nc: number, kc: number, pa: number, pb: number, c: number, ldc: number, acc: number, tile: number) => void;
    packA: (src: number, rs: number, cs: number, mc: number, kc: number, dst: number) => void;
    packB: (src: number, rs: number, cs: number, kc: number, nc: number, dst: number) => void;
    peak: (n: number) => number;
  };
  elementwise: Record<WasmUnary, (src: number, dst: number, n: number) => void> &
    Record<WasmBinary, (a: number, b: number, dst: number, n: number) => void> & {
      sum: (src: number, n: number) => number;
      max: (src: number, n: number) => number;
      min: (src: number, n: number) => number;
      softmaxRow: (src: number, dst: number, n: number, log: number) => void;
      leakyRelu: (src: number, dst: number, n: number, slope: number) => void;
      leakyReluBackward: (a: number, b: number, dst: number, n: number, slope: number) => void;
    } & Record<'sumLanes' | 'prodLanes' | 'maxLanes' | 'minLanes', (src: number, acc: number, lanes: number, rows: number) => void> & {
      expSumLanes: (src: number, dst: number, max: number, sum: number, lanes: number, rows: number) => void;
      scaleLanes: (src: number, dst: number, scale: number, lanes: number, rows: number) => void;
      shiftLanes: (src: number, dst: number, max: number, shift: number, lanes: number, rows: number) => void;
    };
  fill: {
    fillBytes: (dst: number, value: number, n: number) => void;
    fillF32: (dst: number, value: number, n: number) => void;
    fillI32: (dst: number, value: number, n: number) => void;
    fillF64: (dst: number, value: number, n: number) => void;
  };
  window: {
    im2col: (geometry: number, x: number, out: number) => void;
    col2im: (geometry: number, cols: number, out: number) => void;
    maxPool2d: (geometry: number, x: number, out: number, indices: number) => void;
    maxPool2dBackward: (dy: number, indices: number, planes: number, l: number, plane: number, out: number) => void;
    avgPool2d: (geometry: number, src: number, divisors: number, dst: number, back: number) => void;
  };
}

/** Unary ops elementwise.wat implements (the rest run on cpu). */
export type WasmUnary = 'neg' | 'abs' | 'sqrt' | 'square' | 'reciprocal' | 'floor' | 'ceil' | 'round' | 'relu' | 'exp' | 'log' | 'sigmoid' | 'tanh' | 'erf';
/** Binary ops elementwise.wat implements. */
export type WasmBinary = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum' | 'reluBackward';

const PAGE = 65536;
/** The shared memory's maximum (4 GiB): an engine reserves address space for it, not RAM. */
const MAX_PAGES = 65536;
const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** True when this realm may share memory (in browsers: a cross-origin isolated page). */
function canShare(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

/**
 * Linear memory: shared where the engine allows it, so that storage can live in it and stay
 * valid when it grows (a shared memory's old buffers keep their bytes; a plain memory detaches
 * them), and worker threads can see it. Elsewhere a plain memory, which kernels only stream through.
 */
function createMemory(): { memory: WasmMemory | null; shared: boolean } {
  if (!api) return { memory: null, shared: false };
  if (canShare()) {
    try {
      return { memory: new api.Memory({ initial: 1, maximum: MAX_PAGES, shared: true }), shared: true };
    } catch {
      // An engine without threads, or one refusing to reserve 4 GiB (32-bit): plain memory.
    }
  }
  return { memory: new api.Memory({ initial: 1 }), shared: false };
}

/**
 * Set by a pool worker (threads/worker.ts) before it loads the package: the calling thread's
 * shared memory, which this thread's kernels then run over instead of a memory of their own,
 * and the block of it the calling thread gave this worker (its scratch: scratch.ts, heap.ts).
 * Read when modules evaluate, so module-level copies of the scratch addresses are this thread's.
 */
const IMPORTED_MEMORY = Symbol.for('dl.wasm.importedMemory');
const importedMemory = (globalThis as Record<symbol, unknown>)[IMPORTED_MEMORY] as { memory: WasmMemory; base: number; blockBytes: number } | undefined;
const imported = importedMemory?.memory;
/** @internal This worker's block of the imported memory (scratch regions, then a fixed scratch block), or undefined. */
export const importedScratch: { readonly base: number; readonly blockBytes: number } | undefined = importedMemory && { base: importedMemory.base, blockBytes: importedMemory.blockBytes };

const created = imported ? { memory: imported, shared: true } : createMemory();
/** @internal True when this thread runs over another thread's linear memory (a pool worker). */
export const importedLinearMemory: boolean = imported !== undefined;
const memory = created.memory;
/** @internal True when linear memory is shared, so storage may reside in it (resident.ts). */
export const sharedLinearMemory: boolean = created.shared;
const imports = { env: { memory } };
let instances: WasmExports | null = null;
let f32View = new Float32Array(0);
/** Every buffer object linear memory has handed out (a shared memory makes a new one per growth). */
const buffers = new WeakSet();

/** @internal Decodes the base64 of binaries.generated.ts. */
export function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lookup = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length * 3) / 4 - padding);
  for (let i = 0, j = 0; i < text.length; i += 4) {
    const word = (lookup[text.charCodeAt(i)] << 18) | (lookup[text.charCodeAt(i + 1)] << 12) |
      (lookup[text.charCodeAt(i + 2)] << 6) | lookup[text.charCodeAt(i + 3)];
    bytes[j++] = word >> 16;
    if (j < bytes.length) bytes[j++] = (word >> 8) & 255;
    if (j < bytes.length) bytes[j++] = word & 255;
  }
  return bytes;
}

// word2vec.wat imports a shared memory of its own (the weight tables): word2vec.ts instantiates it.
// The others come in two builds, over a plain and over a shared memory (scripts/build-wasm.js).
const binaries = Object.entries(BINARIES)
  .filter(([name]) => name !== 'word2vec' && name.endsWith('.shared') === sharedLinearMemory)
  .map(([name, base64]) => [name.replace(/\.shared$/, ''), decodeBase64(base64)] as const);

/** True when this engine runs WebAssembly with SIMD128 (every binary validates). */
export const wasmSupported: boolean = api !== undefined && binaries.every(([, bytes]) => api.validate(bytes));

function collect(pairs: (readonly [string, WasmInstance])[]): WasmExports {
  return Object.fromEntries(pairs.map(([name, instance]) => [name, instance.exports])) as unknown as WasmExports;
}

// NOTE: Node (and browser workers) compile synchronously at import, so the first op already runs
// in wasm. Browsers' main threads refuse synchronous compiles above 4 KB: there the kernels use
// cpu until the asynchronous compile that `ready()` awaits has finished.
let pending: Promise<boolean> | null = null;
if (api && wasmSupported) {
  try {
    instances = collect(binaries.map(([name, bytes]) => [name, new api.Instance(new api.Module(bytes), imports)] as const));
  } catch {
    pending = Promise.all(
      binaries.map(async ([name, bytes]) => [name, await api.instantiate(await api.compile(bytes), imports)] as const),
    ).then(
      (pairs) => {
        instances = collect(pairs);
        return true;
      },
      () => false,
    );
  }
}

/**
 * Resolves once the wasm kernels are compiled (true), or when this engine cannot run them
 * (false); until then every op runs on the cpu kernels. Node compiles at import, so there it
 * resolves at once; in a browser's main thread await it before timing anything.
 * @example
 * await ready();
 */
export function ready(): Promise<boolean> {
  return pending ?? Promise.resolve(instances !== null);
}

/** @internal The compiled kernels, or null while compiling or when unsupported. */
export function wasm(): WasmExports | null {
  return instances;
}

/**
 * @internal Makes linear memory at least `bytes` long. Memory only grows, and growing detaches
 * the old buffer, so callers take `heapF32()` after their last `reserve` of a call.
 */
export function reserve(bytes: number): void {
  if (!memory) return;
  const missing = Math.ceil((bytes - memory.buffer.byteLength) / PAGE);
  if (missing > 0) memory.grow(missing);
}

/** @internal A float32 view of all of linear memory, re-made when memory has grown. */
export function heapF32(): Float32Array {
  if (memory && f32View.buffer !== memory.buffer) {
    f32View = new Float32Array(memory.buffer);
    buffers.add(memory.buffer);
  }
  return f32View;
}

/** @internal The linear memory itself when it is shared (posted to pool workers), else null. */
export function sharedMemoryObject(): object | null {
  return sharedLinearMemory ? memory : null;
}

/** @internal The current bytes of linear memory (a shared memory's earlier buffers stay valid, shorter). */
export function linearMemoryBuffer(): ArrayBuffer {
  return heapF32().buffer as ArrayBuffer;
}

/**
 * @internal The byte address in linear memory of `data`'s first element, or -1 when `data` lives
 * elsewhere (a JS typed array): kernels then work on it in place instead of copying it through.
 */
export function addressOf(data: ArrayBufferView): number {
  return buffers.has(data.buffer) ? data.byteOffset : -1;
}

/** @internal Bytes at the start of linear memory that hold kernel constants (elementwise.wat's data); scratch starts after them. */
export const SCRATCH_START = 1024;

/** @internal Rounds a byte offset up to a multiple of 16 (one v128). */
export function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
