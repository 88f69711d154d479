import type { TypedArray } from '../dtype.js';
import type { Kernels } from '../kernels/registry.js';
import type { StridedView } from '../kernels/strided.js';
import { addressOf, linearMemoryBuffer } from '../kernels/wasm/runtime.js';
import { typedArrayOver } from '../storage-shared.js';

// A task is one kernel call with its arguments made postable: typed arrays and strided views
// become descriptions of shared memory, numbers and strings pass as they are. The worker turns
// the descriptions back into views of the same memory and calls the same kernel by name, so a
// backend's kernels run unchanged inside workers.

const CONSTRUCTORS = { Float32Array, Float64Array, Int32Array, Uint8Array } as const;
type StorageKind = keyof typeof CONSTRUCTORS;

/** A typed array over (part of) a SharedArrayBuffer; `start` and `length` count elements. */
interface StorageDescription {
  readonly kind: StorageKind;
  readonly buffer: SharedArrayBuffer;
  readonly start: number;
  readonly length: number;
}

/**
 * A typed array in the calling thread's wasm linear memory, which the worker runs over too: it
 * is rebuilt over the worker's own buffer object of that memory, where the worker's kernels
 * recognise it as resident (`addressOf`) and work on it in place.
 */
interface ResidentDescription {
  readonly kind: StorageKind;
  /** Byte address in linear memory. */
  readonly address: number;
  readonly length: number;
}

/** A StridedView over shared storage. */
interface ViewDescription {
  readonly storage: StorageDescription | ResidentDescription;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** One kernel argument as posted (an absent one arrives as null when the task went as JSON text). */
export type TaskArgument = number | string | undefined | null | readonly number[] | StorageDescription | ResidentDescription | ViewDescription;

/** One kernel call as posted to a worker. */
export interface KernelCall {
  readonly kernel: keyof Kernels;
  readonly args: readonly TaskArgument[];
}

/** An op split into chunks (each a list of kernel calls run in order) on one backend; `generation` tells ops apart. */
export interface KernelTask {
  readonly backend: string;
  readonly generation: number;
  readonly chunks: readonly (readonly KernelCall[])[];
}

/** What a task argument is before it is posted. */
export type KernelArgument = number | string | undefined | readonly number[] | TypedArray | StridedView;

function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value);
}

function describeStorage(data: TypedArray, resident: boolean): StorageDescription | ResidentDescription {
  const kind = data.constructor.name as StorageKind;
  const address = resident ? addressOf(data) : -1;
  if (address >= 0 && kind in CONSTRUCTORS) return { kind, address, length: data.length };
  // Callers copy non-shared storage into shared scratch first (parallel.ts); this is a guard.
  if (!(data.buffer instanceof SharedArrayBuffer) || !(kind in CONSTRUCTORS)) {
    throw new TypeError(`threads: a ${kind} over a non-shared buffer cannot be posted to a worker`);
  }
  return { kind, buffer: data.buffer, start: data.byteOffset / data.BYTES_PER_ELEMENT, length: data.length };
}

/**
 * @internal Makes a kernel call postable; every typed array in it must be shared. With
 * `resident` (the workers run over this thread's linear memory) arrays in that memory are
 * posted by address.
 */
export function encodeCall(kernel: keyof Kernels, args: readonly KernelArgument[], resident = false): KernelCall {
  return {
    kernel,
    args: args.map((arg): TaskArgument => {
      if (isTypedArray(arg)) return describeStorage(arg, resident);
      if (typeof arg === 'object' && !Array.isArray(arg)) {
        const view = arg as StridedView;
        return { storage: describeStorage(view.data, resident), shape: view.shape, strides: view.strides, offset: view.offset };
      }
      return arg as TaskArgument;
    }),
  };
}

function openStorage(description: StorageDescription | ResidentDescription): TypedArray {
  if ('address' in description) {
    const { kind, address, length } = description;
    const Ctor = CONSTRUCTORS[kind];
    const buffer = linearMemoryBuffer();
    if (address + length * Ctor.BYTES_PER_ELEMENT > buffer.byteLength) {
      throw new RangeError(`threads: resident ${kind} at byte ${address} (${length} elements) lies outside this worker's linear memory (${buffer.byteLength} bytes)`);
    }
    return new Ctor(buffer, address, length);
  }
  const { kind, buffer, start, length } = description;
  return typedArrayOver(CONSTRUCTORS[kind], buffer, start, length);
}

/**
 * @internal Whether the task survives JSON text unchanged (mailbox.ts): every array is posted
 * by address (resident in the linear memory the workers share) and every number is finite and
 * not -0 (JSON writes Infinity and NaN as null, and -0 as 0).
 */
export function jsonSafe(task: Pick<KernelTask, 'chunks'>): boolean {
  return task.chunks.every((calls) => calls.every((call) => call.args.every((arg) => {
    if (typeof arg === 'number') return Number.isFinite(arg) && !Object.is(arg, -0);
    if (arg === undefined || arg === null || typeof arg !== 'object' || Array.isArray(arg)) return true;
    return 'address' in ('storage' in arg ? arg.storage : arg);
  })));
}

/** @internal The arguments of a posted task as the kernel takes them, over the same memory. */
export function decodeArguments(call: KernelCall): KernelArgument[] {
  return call.args.map((arg): KernelArgument => {
    // JSON text (mailbox.ts) turns an absent argument into null.
    if (arg === null) return undefined;
    if (typeof arg !== 'object' || Array.isArray(arg)) return arg as KernelArgument;
    if ('storage' in arg) return { data: openStorage(arg.storage), shape: arg.shape, strides: arg.strides, offset: arg.offset };
    return openStorage(arg as StorageDescription | ResidentDescription);
  });
}

/** @internal Runs a decoded kernel call against a kernel table. */
export function runKernel(table: Kernels, kernel: keyof Kernels, args: readonly KernelArgument[]): void {
  const fn: unknown = Reflect.get(table, kernel);
  if (typeof fn !== 'function') throw new TypeError(`threads: unknown kernel '${kernel}'`);
  (fn as (...rest: readonly KernelArgument[]) => void)(...args);
}
