import { SafetensorsError } from '../errors.js';
import { dtypeSize, isSafetensorsDType, SAFETENSORS_DTYPES, type SafetensorsDType } from './dtypes.js';
import { JsonNumber, parseJson, type JsonObject, type JsonValue } from './json.js';

/**
 * The reference implementation's limit on the JSON header (100 MB).
 * @example
 * MAX_HEADER_LENGTH // 100000000
 */
export const MAX_HEADER_LENGTH = 100_000_000;

/**
 * Where one tensor lives in a safetensors file.
 * @example
 * readHeader(bytes).tensors['fc.weight'] // { dtype: 'F32', shape: [10, 64], dataOffsets: [0, 2560] }
 */
export interface TensorInfo {
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  /** Byte range `[begin, end)` relative to the start of the data region. */
  readonly dataOffsets: readonly [number, number];
}

/**
 * The validated header of a safetensors file.
 * @example
 * const { names, metadata } = readHeader(bytes);
 */
export interface SafetensorsHeader {
  /** Tensor names in file order (by data offset). */
  readonly names: readonly string[];
  /** Tensor entries by name (a prototype-free object). */
  readonly tensors: Readonly<Record<string, TensorInfo>>;
  /** The `__metadata__` string map (prototype-free), or null when the file has none. */
  readonly metadata: Readonly<Record<string, string>> | null;
  /** Byte offset of the data region: 8 + the header length. */
  readonly dataStart: number;
  /** Length of the data region in bytes. */
  readonly dataLength: number;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const quote = (name: string): string => clip(JSON.stringify(name));
// A hostile header may carry megabyte-long names or shapes: keep messages readable.
const clip = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);
const showJson = (value: JsonValue): string => {
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return clip(`[${value.map(showJson).join(', ')}]`);
  if (value instanceof Map) return 'an object';
  return clip(JSON.stringify(value));
};
const kindOf = (value: JsonValue): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : value instanceof Map ? 'an object' : value instanceof JsonNumber ? 'a number' : `a ${typeof value}`;

/** A JSON number that is a plain non-negative integer no larger than 2^53 - 1 (no sign, fraction or exponent, as usize in serde). */
function safeIndex(value: JsonValue): number | null {
  if (!(value instanceof JsonNumber) || !/^(0|[1-9][0-9]{0,15})$/.test(value.text)) return null;
  const number = Number(value.text);
  return number <= MAX_SAFE ? number : null;
}

/**
 * @internal Reads the header length from the first 8 bytes and checks it against the 100 MB
 * limit and the file size, before anything sized by the file is allocated.
 */
export function readHeaderLength(prefix: Uint8Array, fileSize: number): number {
  if (fileSize < 8 || prefix.length < 8) {
    throw new SafetensorsError('TRUNCATED', `safetensors: file is ${fileSize} bytes, too short for the 8-byte header length`);
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const length = high * 2 ** 32 + low;
  if (length > MAX_HEADER_LENGTH) {
    const exact = (BigInt(high) << 32n) + BigInt(low);
    throw new SafetensorsError('HEADER_TOO_LARGE', `safetensors: header length ${exact} exceeds the limit of ${MAX_HEADER_LENGTH} bytes`);
  }
  if (length > fileSize - 8) {
    throw new SafetensorsError('TRUNCATED', `safetensors: header length ${length} exceeds the ${fileSize - 8} bytes after the length field`);
  }
  return length;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * @internal Parses and validates the JSON header bytes: dtypes, shapes, offsets that tile the data
 * region of `dataLength` bytes exactly, and the metadata map. Throws SafetensorsError on any violation.
 */
export function parseHeader(headerBytes: Uint8Array, dataLength: number): SafetensorsHeader {
  let text: string;
  try {
    text = utf8.decode(headerBytes);
  } catch {
    throw new SafetensorsError('INVALID_UTF8', `safetensors: header (${headerBytes.length} bytes) is not valid UTF-8`);
  }
  if (!text.startsWith('{')) {
    throw new SafetensorsError('INVALID_JSON', `safetensors: header must start with '{', got ${clip(JSON.stringify(text.slice(0, 8)))}`);
  }
  const root = parseJson(text) as JsonObject;
  let metadata: Record<string, string> | null = null;
  const tensors = Object.create(null) as Record<string, TensorInfo>;
  const entries: [string, TensorInfo][] = [];
  for (const [name, value] of root) {
    if (name === '__metadata__') metadata = readMetadata(value);
    else {
      const info = readTensorInfo(name, value);
      tensors[name] = info;
      entries.push([name, info]);
    }
  }
  const names = checkLayout(entries, dataLength);
  return { names, tensors, metadata, dataStart: 8 + headerBytes.length, dataLength };
}

function readMetadata(value: JsonValue): Record<string, string> | null {
  if (value === null) return null;
  if (!(value instanceof Map)) {
    throw new SafetensorsError('INVALID_METADATA', `safetensors: __metadata__ must be an object of strings, got ${kindOf(value)}`);
  }
  const out = Object.create(null) as Record<string, string>;
  for (const [key, item] of value) {
    if (typeof item !== 'string') {
      throw new SafetensorsError('INVALID_METADATA', `safetensors: __metadata__ value of ${quote(key)} must be a string, got ${kindOf(item)} ${showJson(item)}`);
    }
    out[key] = item;
  }
  return out;
}

function readTensorInfo(name: string, value: JsonValue): TensorInfo {
  const where = `safetensors: tensor ${quote(name)}`;
  if (!(value instanceof Map)) {
    throw new SafetensorsError('INVALID_HEADER', `${where} must be an object with dtype, shape and data_offsets, got ${kindOf(value)}`);
  }
  const field = (key: string): JsonValue => {
    const item = value.get(key);
    if (item === undefined) throw new SafetensorsError('INVALID_HEADER', `${where} has no "${key}" field`);
    return item;
  };
  const dtype = field('dtype');
  if (typeof dtype !== 'string' || !isSafetensorsDType(dtype)) {
    throw new SafetensorsError('UNKNOWN_DTYPE', `${where} has unknown dtype ${showJson(dtype)} (expected one of ${SAFETENSORS_DTYPES.join(', ')})`);
  }
  const shapeValue = field('shape');
  const shape = Array.isArray(shapeValue) ? shapeValue.map(safeIndex) : null;
  if (shape === null || shape.includes(null)) {
    throw new SafetensorsError('BAD_SHAPE', `${where} has invalid shape ${showJson(shapeValue)} (dims must be integers from 0 to 2^53 - 1)`);
  }
  const offsetsValue = field('data_offsets');
  const [begin, end] = Array.isArray(offsetsValue) && offsetsValue.length === 2 ? offsetsValue.map(safeIndex) : [null, null];
  if (begin === null || end === null || begin > end) {
    throw new SafetensorsError('BAD_OFFSETS', `${where} has invalid data_offsets ${showJson(offsetsValue)} (expected [begin, end], integers with begin <= end)`);
  }
  const dims = shape as number[];
  // BigInt keeps the element count exact however large the dims; stop once it exceeds any
  // possible byte range, so a shape of a million huge dims costs nothing.
  const limit = BigInt(MAX_SAFE);
  let bytes = 0n;
  if (!dims.includes(0)) {
    bytes = BigInt(dtypeSize(dtype));
    for (const dim of dims) {
      bytes *= BigInt(dim);
      if (bytes > limit) break;
    }
  }
  if (bytes !== BigInt(end - begin)) {
    const needs = bytes > limit ? 'more than 2^53 - 1 bytes' : `${bytes} bytes`;
    throw new SafetensorsError(
      'SIZE_MISMATCH',
      `${where} of dtype ${dtype} and shape ${showJson(shapeValue)} needs ${needs}, but data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { dtype, shape: dims, dataOffsets: [begin, end] };
}

/**
 * The tensors must tile the data region: sorted by offset, each starts where the previous ended.
 * Returns the names in that order.
 */
function checkLayout(entries: [string, TensorInfo][], dataLength: number): string[] {
  const sorted = [...entries].sort(([, a], [, b]) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let expected = 0;
  let previous: string | null = null;
  for (const [name, { dataOffsets }] of sorted) {
    const [begin, end] = dataOffsets;
    if (begin !== expected) {
      const problem =
        begin < expected
          ? `overlap tensor ${quote(previous ?? '')}, which ends at ${expected}`
          : `leave a gap of ${begin - expected} bytes after ${previous === null ? 'the start of the data region' : `tensor ${quote(previous)}`} (expected begin ${expected})`;
      throw new SafetensorsError('BAD_OFFSETS', `safetensors: tensor ${quote(name)} data_offsets [${begin}, ${end}] ${problem}`);
    }
    expected = end;
    previous = name;
  }
  if (expected > dataLength) {
    throw new SafetensorsError(
      'TRUNCATED',
      `safetensors: tensor ${quote(previous ?? '')} ends at byte ${expected} of the data region, but only ${dataLength} bytes follow the header`,
    );
  }
  if (expected < dataLength) {
    throw new SafetensorsError(
      'BAD_OFFSETS',
      `safetensors: ${dataLength - expected} bytes at the end of the data region belong to no tensor (tensors end at ${expected}, data is ${dataLength} bytes)`,
    );
  }
  return sorted.map(([name]) => name);
}
