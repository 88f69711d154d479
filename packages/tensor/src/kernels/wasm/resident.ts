import type { DType, TypedArray } from '../../dtype.js';
import type { ResidentAllocator } from '../../memory/resident.js';
import { getBackend } from '../registry.js';
import { heapAllocate, heapFree } from './heap.js';
import { linearMemoryBuffer, wasm } from './runtime.js';

// Storage in wasm linear memory (installed by register.ts when that memory is shared, so the
// views stay valid as it grows): the wasm kernels take its address instead of copying it in and
// out. Disposed storage goes back to the heap at once. Storage that escapes its tidy() (the tidy
// hands it to `watch` as it ends) and is dropped without dispose goes back when the garbage
// collector has collected its typed array (a FinalizationRegistry: its callbacks run between
// tasks, never inside a synchronous loop, so a loop that drops escaped storage runs on JS arrays
// once the cap below is reached). Storage the tidy disposes is never registered: registering
// costs time, and V8 keeps registered objects through young-generation GCs.

/** Resident bytes in use past which storage falls back to JS arrays. */
export const RESIDENT_CAPACITY = 2 ** 30;

const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;

/** Bytes of resident storage handed out and not yet given back. */
let residentBytes = 0;
const collected = new FinalizationRegistry<{ address: number; bytes: number }>(({ address, bytes }) => {
  heapFree(address);
  residentBytes -= bytes;
});

/**
 * Zeros resident `data` with wasm's memory.fill: JS's fill on a SharedArrayBuffer's typed array
 * goes element by element (800 KB: 57 µs against 7 µs over an ArrayBuffer, and against memset).
 */
function zeroFill(data: TypedArray, address: number): void {
  const kernels = wasm();
  if (kernels) kernels.fill.fillBytes(address, 0, data.byteLength);
  else data.fill(0);
}

/** A block of linear memory holding `size` elements of `dtype` (zeros when `zero`), counted as resident; undefined past the cap. */
function place(dtype: DType, size: number, zero: boolean): { data: TypedArray; address: number } | undefined {
  if (getBackend() !== 'wasm' || residentBytes >= RESIDENT_CAPACITY) return undefined;
  const Ctor = CONSTRUCTORS[dtype];
  const fresh = { value: false };
  const address = heapAllocate(size * Ctor.BYTES_PER_ELEMENT, fresh);
  if (address < 0) return undefined;
  const data = new Ctor(linearMemoryBuffer(), address, size);
  if (zero && !fresh.value) zeroFill(data, address);
  residentBytes += data.byteLength;
  return { data, address };
}

function allocate(dtype: DType, size: number, zero: boolean, watched: boolean): TypedArray | undefined {
  const placed = place(dtype, size, zero);
  if (placed && watched) watch(placed.data);
  return placed?.data;
}

// NOTE: resident storage is a view at its block's address, so the address is its byteOffset.
function watch(data: TypedArray): void {
  collected.register(data, { address: data.byteOffset, bytes: data.byteLength }, data);
}

/**
 * Shared storage (`{ shared: true }`, `toShared()`): resident too, so workers and kernels use it
 * in place, but only the garbage collector frees it. NOTE: the storage is a view of linear
 * memory; once its typed array is collected the bytes are reused, so a thread that was posted
 * its description must be done with it before the caller drops the array.
 */
function allocateShared(dtype: DType, size: number): TypedArray | undefined {
  const placed = place(dtype, size, true);
  if (!placed) return undefined;
  collected.register(placed.data, { address: placed.address, bytes: placed.data.byteLength });
  return placed.data;
}

// free is called once per storage `allocate` returned (its record is dropped with it).
function free(data: TypedArray, watched: boolean): void {
  if (watched) collected.unregister(data);
  heapFree(data.byteOffset);
  residentBytes -= data.byteLength;
}

/** @internal The allocator of resident storage. */
export const residentWasmAllocator: ResidentAllocator = { allocate, allocateShared, watch, free, bytes: () => residentBytes };
