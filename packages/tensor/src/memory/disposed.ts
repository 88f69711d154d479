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

function refuse(info: DisposedInfo): never {
  throw new DisposedError(disposedMessage(info));
}

const HANDLER: ProxyHandler<DisposedInfo> = {
  get: refuse,
  set: refuse,
  has: refuse,
  getPrototypeOf: refuse,
  ownKeys: refuse,
  getOwnPropertyDescriptor: refuse,
  defineProperty: refuse,
  deleteProperty: refuse,
};

const infos = new WeakMap<object, DisposedInfo>();

/** @internal The stand-in storage of a disposed array. */
export function disposedStorage(shape: readonly number[], dtype: DType, by: DisposedBy): TypedArray {
  const info: DisposedInfo = { shape, dtype, by };
  const stand = new Proxy<DisposedInfo>(info, HANDLER);
  infos.set(stand, info);
  return stand as unknown as TypedArray;
}

/** @internal How the array whose storage is the stand-in `data` was disposed. */
export function disposedInfo(data: TypedArray): DisposedInfo | undefined {
  return infos.get(data);
}

/** @internal True for the stand-in storage of a disposed array (real storage is always a typed array). */
export function isDisposedStorage(data: TypedArray): boolean {
  return !ArrayBuffer.isView(data);
}
