import { Tensor } from '@dl/autograd';
import { NDArray } from '@dl/tensor';
import { SafetensorsError } from '../errors.js';
import { decodeTensor, dtypeRank, encodeTensor, WRITE_DTYPE, type SafetensorsDType } from './dtypes.js';
import { parseHeader, readHeaderLength, type SafetensorsHeader } from './header.js';

/**
 * Named arrays to save: NDArrays, or Tensors/Parameters (their `.data` is written).
 * @example
 * const tensors: TensorMap = { 'fc.weight': linear.weight, 'fc.bias': zeros([10]) };
 */
export type TensorMap = Readonly<Record<string, NDArray | Tensor>>;

/**
 * Options of `save` and `saveFile`.
 * @example
 * save(tensors, { metadata: { format: 'pt' } });
 */
export interface SaveOptions {
  /** String pairs stored under `__metadata__` (as `safetensors.torch.save_file(..., metadata=)`). */
  metadata?: Readonly<Record<string, string>>;
}

/**
 * Options of `load`, `loadFile`.
 * @example
 * load(bytes, { keys: ['fc.weight'] });
 */
export interface LoadOptions {
  /** Read only these tensors (the whole header is still validated); all when omitted. */
  keys?: readonly string[];
}

const describe = (value: unknown): string => (value === null ? 'null' : typeof value);

// Unpaired surrogates cannot be encoded as UTF-8, so such a name would not round-trip.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Orders strings by code point, which is the byte order of their UTF-8 (Rust's `String::cmp`). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** @internal A serialized file as the header bytes (length field included) plus one part per tensor. */
export interface PreparedSave {
  header: Uint8Array;
  parts: Uint8Array[];
  byteLength: number;
}

/** @internal Validates the input and lays out the file exactly as the reference writer does. */
export function prepareSave(op: string, tensors: TensorMap, options: SaveOptions = {}): PreparedSave {
  if (typeof tensors !== 'object' || (tensors as unknown) === null) {
    throw new SafetensorsError('INVALID_ARGUMENT', `${op}: expected an object of named arrays, got ${describe(tensors)}`);
  }
  const items: { name: string; dtype: SafetensorsDType; array: NDArray }[] = [];
  for (const [name, value] of Object.entries(tensors)) {
    const array = Tensor.isTensor(value) ? value.data : value;
    if (!NDArray.isNDArray(array)) {
      throw new SafetensorsError('INVALID_ARGUMENT', `${op}: value of ${JSON.stringify(name)} must be an NDArray or a Tensor, got ${typeof value}`);
    }
    if (name === '__metadata__') throw new SafetensorsError('INVALID_ARGUMENT', `${op}: "__metadata__" is reserved and cannot name a tensor`);
    if (LONE_SURROGATE.test(name)) throw new SafetensorsError('INVALID_ARGUMENT', `${op}: tensor name ${JSON.stringify(name)} has an unpaired surrogate`);
    items.push({ name, dtype: WRITE_DTYPE[array.dtype], array });
  }
  // As the reference `prepare`: descending dtype alignment, then name, so wide types stay aligned.
  items.sort((a, b) => dtypeRank(b.dtype) - dtypeRank(a.dtype) || compareCodePoints(a.name, b.name));

  let json = '{';
  if (options.metadata !== undefined) json += `"__metadata__":${metadataJson(op, options.metadata)}`;
  let offset = 0;
  const parts: Uint8Array[] = [];
  for (const { name, dtype, array } of items) {
    const bytes = encodeTensor(array);
    if (json.length > 1) json += ',';
    json += `${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${array.shape.join(',')}],"data_offsets":[${offset},${offset + bytes.length}]}`;
    offset += bytes.length;
    parts.push(bytes);
  }
  json += '}';
  const encoded = new TextEncoder().encode(json);
  // Pad with spaces to a multiple of 8 so every tensor starts 8-byte aligned in the file.
  const length = encoded.length + ((8 - (encoded.length % 8)) % 8);
  const header = new Uint8Array(8 + length).fill(0x20, 8 + encoded.length);
  const view = new DataView(header.buffer);
  view.setUint32(0, length % 2 ** 32, true);
  view.setUint32(4, Math.floor(length / 2 ** 32), true);
  header.set(encoded, 8);
  return { header, parts, byteLength: header.length + offset };
}

function metadataJson(op: string, metadata: Readonly<Record<string, string>>): string {
  if (typeof metadata !== 'object' || (metadata as unknown) === null) {
    throw new SafetensorsError('INVALID_METADATA', `${op}: metadata must be an object of strings, got ${describe(metadata)}`);
  }
  const keys = Object.keys(metadata).sort(compareCodePoints);
  const pairs = keys.map((key) => {
    const value: unknown = metadata[key];
    if (typeof value !== 'string') {
      throw new SafetensorsError('INVALID_METADATA', `${op}: metadata value of ${JSON.stringify(key)} must be a string, got ${typeof value}`);
    }
    if (LONE_SURROGATE.test(key) || LONE_SURROGATE.test(value)) {
      throw new SafetensorsError('INVALID_METADATA', `${op}: metadata entry ${JSON.stringify(key)} has an unpaired surrogate`);
    }
    return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  });
  return `{${pairs.join(',')}}`;
}

/**
 * Serializes named arrays to safetensors bytes, as `safetensors.torch.save`; float32, float64,
 * int32 and bool are written as F32, F64, I32 and BOOL.
 * @example
 * const bytes = save({ weight: randn([2, 3]) }, { metadata: { format: 'pt' } });
 */
export function save(tensors: TensorMap, options: SaveOptions = {}): Uint8Array {
  const { header, parts, byteLength } = prepareSave('save', tensors, options);
  const out = new Uint8Array(byteLength);
  out.set(header);
  let position = header.length;
  for (const part of parts) {
    out.set(part, position);
    position += part.length;
  }
  return out;
}

/**
 * Validates the header of safetensors bytes and returns it (names, dtypes, shapes, offsets, metadata)
 * without decoding any tensor.
 * @example
 * readHeader(bytes).tensors.weight.shape // [2, 3]
 */
export function readHeader(bytes: Uint8Array): SafetensorsHeader {
  checkBytes('readHeader', bytes);
  const length = readHeaderLength(bytes, bytes.length);
  return parseHeader(bytes.subarray(8, 8 + length), bytes.length - 8 - length);
}

/**
 * Reads safetensors bytes into named arrays, as `safetensors.torch.load`: F16/BF16 become
 * float32, integer types int32 (I64 values outside int32 throw), BOOL becomes bool.
 * @example
 * model.loadStateDict(load(bytes));
 */
export function load(bytes: Uint8Array, options: LoadOptions = {}): Record<string, NDArray> {
  const header = readHeader(bytes);
  const out = Object.create(null) as Record<string, NDArray>;
  for (const name of selectKeys('load', header, options.keys)) {
    const { dtype, shape, dataOffsets } = header.tensors[name];
    out[name] = decodeTensor(name, dtype, shape, bytes.subarray(header.dataStart + dataOffsets[0], header.dataStart + dataOffsets[1]));
  }
  return out;
}

/** @internal The requested tensor names (all when `keys` is omitted), each checked to exist. */
export function selectKeys(op: string, header: SafetensorsHeader, keys: readonly string[] | undefined): readonly string[] {
  if (keys === undefined) return header.names;
  for (const key of keys) {
    if (!Object.hasOwn(header.tensors, key)) {
      const known = header.names.slice(0, 10).map((name) => JSON.stringify(name)).join(', ');
      throw new SafetensorsError('MISSING_TENSOR', `${op}: no tensor ${JSON.stringify(key)} in the file (it has ${header.names.length}: ${known}${header.names.length > 10 ? ', ...' : ''})`);
    }
  }
  return keys;
}

function checkBytes(op: string, bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new SafetensorsError('INVALID_ARGUMENT', `${op}: expected a Uint8Array, got ${describe(bytes)}`);
  }
}
