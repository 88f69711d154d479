import type { DType, TypedArray } from '../dtype.js';
import { DisposedError } from '../errors.js';
import { formatShape } from '../shape.js';

// A disposed NDArray keeps its shape and dtype but its `data` becomes a stand-in whose every use
// (an element read, `.length`, `.subarray`, `instanceof`, ...) throws DisposedError. Every op
// reaches storage through `data`, so none of them can read recycled memory through a disposed
// array, and the hot paths pay no check of their own.

/** How an array was disposed, for the error message. */
export type DisposedBy = 'dispose' | 'tidy';

interface DisposedInfo {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly by: DisposedBy;
}

/** @internal The message of every use of a disposed array. */
export function disposedMessage(info: DisposedInfo, op?: string): string {
  const how = info.by === 'tidy' ? 'at the end of the tidy() that created it' : 'by dispose()';
  const hint = info.by === 'tidy'
    ? 'return it from the tidy function, or keep(x) it, to use it after the tidy'
    : 'dispose an array only after its last use';
  return `${op === undefined ? '' : `${op}: `}the ${info.dtype} array of shape ${formatShape(info.shape)} was disposed ${how} and cannot be used\nhint: ${hint}`;
}

// The stand-in is a Proxy over the disposed array itself, so the message can name its shape
// and dtype without an info record or a WeakMap entry per disposal (one Proxy per disposal is
// all it costs); the handler says how it was disposed.
const INFO = Symbol('dl.disposedInfo');

interface Disposed {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

function handler(by: DisposedBy): ProxyHandler<Disposed> {
  const refuse = (array: Disposed): never => {
    throw new DisposedError(disposedMessage({ shape: array.shape, dtype: array.dtype, by }));
  };
  return {
    // INFO is this module's private key: disposedInfo reads through it, every other use throws.
    get: (array, key) => (key === INFO ? { shape: array.shape, dtype: array.dtype, by } : refuse(array)),
    set: refuse,
    has: refuse,
    getPrototypeOf: refuse,
    ownKeys: refuse,
    getOwnPropertyDescriptor: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
  };
}

const HANDLERS: Record<DisposedBy, ProxyHandler<Disposed>> = { dispose: handler('dispose'), tidy: handler('tidy') };

/** @internal The stand-in storage of `array`, disposed `by` dispose() or tidy(). */
export function disposedStorage(array: Disposed, by: DisposedBy): TypedArray {
  return new Proxy<Disposed>(array, HANDLERS[by]) as unknown as TypedArray;
}

/** @internal How the array whose storage is the stand-in `data` was disposed (undefined for real storage). */
export function disposedInfo(data: TypedArray): DisposedInfo | undefined {
  return isDisposedStorage(data) ? (data as unknown as Record<symbol, DisposedInfo>)[INFO] : undefined;
}

/** @internal True for the stand-in storage of a disposed array (real storage is always a typed array). */
export function isDisposedStorage(data: TypedArray): boolean {
  return !ArrayBuffer.isView(data);
}
