import { fromTypedArray, type DType, type NDArray, type Shape } from '@dl/tensor';
import { SafetensorsError } from '../errors.js';

/**
 * Element types of the safetensors format (the byte-sized ones of the reference implementation).
 * @example
 * const dtype: SafetensorsDType = readHeader(bytes).tensors.weight.dtype; // 'BF16'
 */
export type SafetensorsDType =
  | 'BOOL' | 'U8' | 'I8' | 'F8_E5M2' | 'F8_E4M3' | 'I16' | 'U16' | 'F16' | 'BF16' | 'I32' | 'U32' | 'F32' | 'F64' | 'I64' | 'U64';

/**
 * Bytes per element and the rank of each dtype in the reference `Dtype` enum, whose order
 * (increasing alignment) decides the order tensors are written in.
 */
const INFO: Record<SafetensorsDType, { size: number; rank: number }> = {
  BOOL: { size: 1, rank: 0 },
  U8: { size: 1, rank: 1 },
  I8: { size: 1, rank: 2 },
  F8_E5M2: { size: 1, rank: 3 },
  F8_E4M3: { size: 1, rank: 4 },
  I16: { size: 2, rank: 5 },
  U16: { size: 2, rank: 6 },
  F16: { size: 2, rank: 7 },
  BF16: { size: 2, rank: 8 },
  I32: { size: 4, rank: 9 },
  U32: { size: 4, rank: 10 },
  F32: { size: 4, rank: 11 },
  F64: { size: 8, rank: 12 },
  I64: { size: 8, rank: 13 },
  U64: { size: 8, rank: 14 },
};

/** @internal Every dtype name the header may use. */
export const SAFETENSORS_DTYPES = Object.keys(INFO) as SafetensorsDType[];

/** @internal */
export const isSafetensorsDType = (value: string): value is SafetensorsDType => Object.hasOwn(INFO, value);
/** @internal */
export const dtypeSize = (dtype: SafetensorsDType): number => INFO[dtype].size;
/** @internal */
export const dtypeRank = (dtype: SafetensorsDType): number => INFO[dtype].rank;

/** The safetensors dtype each of our dtypes is written as. */
export const WRITE_DTYPE: Record<DType, SafetensorsDType> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };

/** What each readable safetensors dtype becomes (null: not readable). */
export const READ_DTYPE: Record<SafetensorsDType, DType | null> = {
  BOOL: 'bool', U8: 'int32', I8: 'int32', I16: 'int32', U16: 'int32', I32: 'int32', U32: 'int32', I64: 'int32', U64: 'int32',
  F16: 'float32', BF16: 'float32', F32: 'float32', F64: 'float64', F8_E5M2: null, F8_E4M3: null,
};

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** IEEE half → float (exact: every half is a float32). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/**
 * @internal Decodes the little-endian bytes of one tensor (exactly numel × size bytes, already
 * validated) into a fresh NDArray; never aliases `bytes`.
 */
export function decodeTensor(name: string, dtype: SafetensorsDType, shape: Shape, bytes: Uint8Array): NDArray {
  const count = bytes.length / dtypeSize(dtype);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // NOTE: a fresh, 0-offset copy: typed arrays need aligned offsets, and Node's Buffer#slice
  // returns a view into its (shared, arbitrarily offset) pool instead of a copy.
  const nativeCopy = (): ArrayBuffer => {
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return copy.buffer;
  };
  switch (dtype) {
    case 'F32': {
      if (LITTLE_ENDIAN_HOST) return fromTypedArray(new Float32Array(nativeCopy()), shape);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return fromTypedArray(out, shape);
    }
    case 'F64': {
      if (LITTLE_ENDIAN_HOST) return fromTypedArray(new Float64Array(nativeCopy()), shape);
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      return fromTypedArray(out, shape);
    }
    case 'I32': {
      if (LITTLE_ENDIAN_HOST) return fromTypedArray(new Int32Array(nativeCopy()), shape);
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true);
      return fromTypedArray(out, shape);
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return fromTypedArray(out, shape);
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32: shifting the bits keeps NaN payloads exact.
      const out = new Float32Array(count);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      return fromTypedArray(out, shape);
    }
    case 'BOOL': {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = bytes[i] !== 0 ? 1 : 0;
      return fromTypedArray(out, shape);
    }
    case 'U8':
    case 'I8':
    case 'I16':
    case 'U16': {
      const out = new Int32Array(count);
      if (dtype === 'U8') out.set(bytes);
      else if (dtype === 'I8') out.set(new Int8Array(bytes.buffer, bytes.byteOffset, count));
      else if (dtype === 'I16') for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, true);
      else for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, true);
      return fromTypedArray(out, shape);
    }
    case 'U32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const value = view.getUint32(4 * i, true);
        if (value > 0x7fffffff) throw overflow('INT32_OVERFLOW', name, dtype, i, BigInt(value));
        out[i] = value;
      }
      return fromTypedArray(out, shape);
    }
    case 'I64':
    case 'U64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const low = view.getUint32(8 * i, true);
        const high = dtype === 'I64' ? view.getInt32(8 * i + 4, true) : view.getUint32(8 * i + 4, true);
        // In int32 range exactly when the high word is the sign extension of the low word.
        const fits = (high === 0 && low <= 0x7fffffff) || (high === -1 && low > 0x7fffffff);
        if (!fits) {
          throw overflow(dtype === 'I64' ? 'I64_OVERFLOW' : 'INT32_OVERFLOW', name, dtype, i, (BigInt(high) << 32n) + BigInt(low));
        }
        out[i] = low | 0;
      }
      return fromTypedArray(out, shape);
    }
    case 'F8_E5M2':
    case 'F8_E4M3':
      throw new SafetensorsError(
        'UNSUPPORTED_DTYPE',
        `safetensors: tensor ${JSON.stringify(name)} has dtype ${dtype}, which @dl cannot read yet (readable: ${SAFETENSORS_DTYPES.filter((d) => READ_DTYPE[d] !== null).join(', ')})`,
      );
  }
}

function overflow(code: 'I64_OVERFLOW' | 'INT32_OVERFLOW', name: string, dtype: SafetensorsDType, index: number, value: bigint): SafetensorsError {
  return new SafetensorsError(
    code,
    `safetensors: tensor ${JSON.stringify(name)} (${dtype}) holds ${value} at flat index ${index}, outside the int32 range of @dl (-2147483648..2147483647)`,
  );
}

/** @internal The little-endian bytes of an array, in row-major order; a view (no copy) when possible. */
export function encodeTensor(array: NDArray): Uint8Array {
  const values = array.dataSync();
  if (LITTLE_ENDIAN_HOST || array.dtype === 'bool') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (array.dtype === 'float32') view.setFloat32(4 * i, values[i], true);
    else if (array.dtype === 'float64') view.setFloat64(8 * i, values[i], true);
    else view.setInt32(4 * i, values[i], true);
  }
  return out;
}
