import { tensor } from '@dl/autograd';
import { array, fromTypedArray, manualSeed, randn, transpose, zeros, type NDArray } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeNumber, fixtureBytes, fixtureJson, type ExpectedTensor } from '../__fixtures__/fixtures.js';
import { load, readHeader, save, SafetensorsError } from '../index.js';

interface FixtureFile {
  tensors: Record<string, ExpectedTensor>;
  metadata: Record<string, string>;
}
const expected = fixtureJson('safetensors.json') as Record<'all-dtypes' | 'reference-layout', FixtureFile>;

/** A file from a header text and a data region (zero bytes when a length is given). */
function craft(header: string, data: Uint8Array | number = 0): Uint8Array {
  const json = new TextEncoder().encode(header);
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}

const entry = (dtype: string, shape: unknown, offsets: unknown): string =>
  `{"dtype":${JSON.stringify(dtype)},"shape":${JSON.stringify(shape)},"data_offsets":${JSON.stringify(offsets)}}`;

/** The thrown error, for checking its class and code as well as its message. */
function thrown(fn: () => unknown): SafetensorsError {
  try {
    fn();
  } catch (error) {
    if (SafetensorsError.isInstance(error)) return error as SafetensorsError;
    throw error;
  }
  throw new Error('expected a SafetensorsError, nothing was thrown');
}

const toValues = (array: NDArray): number[] => Array.from(array.dataSync());

const bytesOf = (values: number[]): Uint8Array => new Uint8Array(values);

beforeEach(() => {
  manualSeed(0);
});

describe('save', () => {
  it('writes the bytes of the reference implementation (safetensors test_serialization)', () => {
    const out = save({ 'attn.0': array([0, 1, 2, 3, 4, 5]).reshape([1, 2, 3]) });
    expect(Array.from(out)).toEqual([
      64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100, 116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104,
      97, 112, 101, 34, 58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93,
      125, 125, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ]);
  });

  it('pads the header with spaces to a multiple of 8 (safetensors test_empty and forced alignment)', () => {
    expect(Array.from(save({}))).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
    const withMetadata = save({}, { metadata: { framework: 'pt' } });
    expect(new TextDecoder().decode(withMetadata.subarray(8))).toBe('{"__metadata__":{"framework":"pt"}}     ');
    expect(withMetadata[0]).toBe(40);
    const aligned = save({ attn0: array([0, 1, 2, 3, 4, 5]).reshape([1, 1, 2, 3]) });
    expect(aligned[0]).toBe(72);
    expect(Array.from(aligned.subarray(8 + 65, 8 + 72))).toEqual([32, 32, 32, 32, 32, 32, 32]);
  });

  it('matches the Python-written reference-layout fixture byte for byte', () => {
    const { tensors, metadata } = expected['reference-layout'];
    const arrays = Object.fromEntries(
      Object.entries(tensors).map(([name, t]) => [name, array(t.values.map(decodeNumber), { dtype: t.dtype, shape: t.shape })]),
    );
    expect(save(arrays, { metadata })).toEqual(fixtureBytes('reference-layout.safetensors'));
  });

  it('orders tensors by descending dtype alignment, then by name as UTF-8 bytes', () => {
    const out = save({ b: zeros([1]), a: zeros([1]), m: zeros([1], { dtype: 'bool' }), i: zeros([1], { dtype: 'int32' }), d: zeros([1], { dtype: 'float64' }), '\u{1F600}': zeros([1]), '\uFF5E': zeros([1]) });
    expect(readHeader(out).names).toEqual(['d', 'a', 'b', '\uFF5E', '\u{1F600}', 'i', 'm']);
  });

  it('writes views in row-major order and Tensors through their data', () => {
    const base = randn([3, 4]);
    const loaded = load(save({ view: transpose(base, 0, 1), param: tensor(base, { requiresGrad: true }) }));
    expect(toValues(loaded.view)).toEqual(toValues(transpose(base, 0, 1).contiguous()));
    expect(loaded.param.shape).toEqual([3, 4]);
  });

  it('throws SafetensorsError for values that are not arrays', () => {
    const error = thrown(() => save({ w: 3 as unknown as NDArray }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/save: value of "w" must be an NDArray or a Tensor, got number/);
  });

  it('refuses the reserved name __metadata__ and unpaired surrogates', () => {
    expect(() => save({ __metadata__: zeros([1]) })).toThrow(/save: "__metadata__" is reserved/);
    expect(() => save({ '\uD800x': zeros([1]) })).toThrow(/save: tensor name "\\ud800x" has an unpaired surrogate/);
  });

  it('refuses metadata values that are not strings', () => {
    const error = thrown(() => save({}, { metadata: { epoch: 3 as unknown as string } }));
    expect(error.code).toBe('INVALID_METADATA');
    expect(error.message).toMatch(/save: metadata value of "epoch" must be a string, got number/);
  });
});

describe('load', () => {
  it('reads every dtype of the torch-written fixture (F16/BF16 to float32, I64 and smaller ints to int32)', () => {
    const { tensors } = expected['all-dtypes'];
    const loaded = load(fixtureBytes('all-dtypes.safetensors'));
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, want] of Object.entries(tensors)) {
      const got = loaded[name];
      expect({ name, dtype: got.dtype, shape: got.shape }).toEqual({ name, dtype: want.dtype, shape: want.shape });
      // Object.is tells -0 from 0 and NaN equals NaN.
      toValues(got).forEach((value, i) => {
        expect(Object.is(value, decodeNumber(want.values[i])), `${name}[${i}]: ${value} vs ${want.values[i]}`).toBe(true);
      });
    }
  });

  it('reads the metadata of the fixture', () => {
    expect({ ...readHeader(fixtureBytes('all-dtypes.safetensors')).metadata }).toEqual(expected['all-dtypes'].metadata);
  });

  it('throws I64_OVERFLOW naming the tensor and the value', () => {
    const error = thrown(() => load(fixtureBytes('i64-overflow.safetensors')));
    expect(error.code).toBe('I64_OVERFLOW');
    expect(error.message).toMatch(/tensor "big" \(I64\) holds 1099511627776 at flat index 1, outside the int32 range/);
  });

  it('throws INT32_OVERFLOW for U32 values above 2^31 - 1', () => {
    const file = craft(`{"u":${entry('U32', [1], [0, 4])}}`, bytesOf([0, 0, 0, 128]));
    expect(() => load(file)).toThrow(/tensor "u" \(U32\) holds 2147483648 at flat index 0/);
  });

  it('reads U16 and U64 within range', () => {
    const file = craft(`{"a":${entry('U64', [1], [0, 8])},"b":${entry('U16', [1], [8, 10])}}`, bytesOf([7, 0, 0, 0, 0, 0, 0, 0, 255, 255]));
    const loaded = load(file);
    expect([toValues(loaded.a), toValues(loaded.b)]).toEqual([[7], [65535]]);
  });

  it('reads nonzero BOOL bytes as true', () => {
    const loaded = load(craft(`{"m":${entry('BOOL', [3], [0, 3])}}`, bytesOf([0, 1, 7])));
    expect(toValues(loaded.m)).toEqual([0, 1, 1]);
  });

  it('round-trips every @dl dtype bit for bit, NaN payloads included', () => {
    const payload = fromTypedArray(new Float32Array(new Uint32Array([0x7fc00001, 0xffffffff, 0x80000000]).buffer));
    const arrays = { f32: randn([4, 5]), f64: randn([3], { dtype: 'float64' }), i32: array([[-5, 2 ** 31 - 1]], { dtype: 'int32' }), b: array([true, false]), payload };
    const loaded = load(save(arrays));
    for (const [name, original] of Object.entries(arrays)) {
      const got = loaded[name];
      expect([got.dtype, got.shape]).toEqual([original.dtype, original.shape]);
      const bits = (a: NDArray): number[] => Array.from(new Uint8Array(a.dataSync().slice().buffer));
      expect(bits(got)).toEqual(bits(original));
    }
  });

  it('reads only the requested keys', () => {
    const file = save({ a: zeros([2]), b: zeros([3]) });
    expect(Object.keys(load(file, { keys: ['b'] }))).toEqual(['b']);
  });

  it('throws MISSING_TENSOR for a key the file does not have', () => {
    const error = thrown(() => load(save({ a: zeros([2]) }), { keys: ['c'] }));
    expect(error.code).toBe('MISSING_TENSOR');
    expect(error.message).toMatch(/load: no tensor "c" in the file \(it has 1: "a"\)/);
  });

  it('keeps a tensor named __proto__ as data, never as a prototype', () => {
    const loaded = load(save({ ['__proto__']: zeros([2]), constructor: zeros([1]) }));
    expect(Object.getPrototypeOf(loaded)).toBeNull();
    expect(Object.keys(loaded).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).shape).toBeUndefined();
  });

  it('throws UNSUPPORTED_DTYPE for F8 tensors, which the header still accepts', () => {
    const file = craft(`{"f8":${entry('F8_E4M3', [2], [0, 2])}}`, 2);
    expect(readHeader(file).tensors.f8.dtype).toBe('F8_E4M3');
    expect(() => load(file)).toThrow(/tensor "f8" has dtype F8_E4M3, which @dl cannot read yet/);
  });
});

describe('readHeader', () => {
  const cases: [string, Uint8Array, SafetensorsError['code'], RegExp][] = [
    ['a file shorter than 8 bytes', bytesOf([1, 0, 0]), 'TRUNCATED', /file is 3 bytes, too short for the 8-byte header length/],
    ['a header length past the end', craft('{}').subarray(0, 9), 'TRUNCATED', /header length 2 exceeds the 1 bytes after the length field/],
    ['a header length of 2^40', bytesOf([0, 0, 0, 0, 0, 1, 0, 0, 123]), 'HEADER_TOO_LARGE', /header length 1099511627776 exceeds the limit of 100000000 bytes/],
    ['a header length of 2^64 - 1', bytesOf([255, 255, 255, 255, 255, 255, 255, 255]), 'HEADER_TOO_LARGE', /header length 18446744073709551615 exceeds/],
    ['invalid UTF-8', craft('{"\xff":1}').map((b) => (b === 0xc3 ? 0xff : b)), 'INVALID_UTF8', /header \(\d+ bytes\) is not valid UTF-8/],
    ['a header not starting with {', craft('[1]     '), 'INVALID_JSON', /header must start with '\{', got "\[1\]/],
    ['trailing garbage', craft('{}x'), 'INVALID_JSON', /invalid JSON header at character 2 \(unexpected "x" after the end of the header object\)/],
    ['a missing comma', craft('{"a":{} "b":{}}'), 'INVALID_JSON', /at character 8 \(unexpected "\\"", expected ',' or '}'\)/],
    ['deep nesting', craft(`{"a":${'['.repeat(100000)}`), 'INVALID_JSON', /nesting deeper than 64/],
    ['an unterminated string', craft('{"abc'), 'INVALID_JSON', /unterminated string/],
    ['a lone surrogate escape', craft('{"\\ud800":1}'), 'INVALID_JSON', /lone surrogate in \\u escape/],
    ['a raw control character in a string', craft('{"a\u0001":1}'), 'INVALID_JSON', /control character in string/],
    ['a number with a leading zero', craft(`{"a":${entry('F32', [1], [0, 4]).replace('[0,4]', '[00,4]')}}`), 'INVALID_JSON', /at character/],
    ['a duplicate tensor name', craft(`{"w":${entry('U8', [1], [0, 1])},"w":${entry('U8', [1], [1, 2])}}`, 2), 'DUPLICATE_KEY', /duplicate key "w" in header/],
    ['a duplicate field', craft(`{"w":{"dtype":"U8","dtype":"F32","shape":[1],"data_offsets":[0,1]}}`, 1), 'DUPLICATE_KEY', /duplicate key "dtype"/],
    ['a tensor entry that is not an object', craft('{"w":[1,2]}'), 'INVALID_HEADER', /tensor "w" must be an object with dtype, shape and data_offsets, got an array/],
    ['a missing field', craft('{"w":{"dtype":"F32","shape":[1]}}'), 'INVALID_HEADER', /tensor "w" has no "data_offsets" field/],
    ['metadata that is not an object', craft('{"__metadata__":"x"}'), 'INVALID_METADATA', /__metadata__ must be an object of strings, got a string/],
    ['a metadata value that is a number', craft('{"__metadata__":{"epoch":3}}'), 'INVALID_METADATA', /__metadata__ value of "epoch" must be a string, got a number 3/],
    ['an unknown dtype', craft(`{"w":${entry('F12', [1], [0, 4])}}`, 4), 'UNKNOWN_DTYPE', /tensor "w" has unknown dtype "F12" \(expected one of BOOL, U8/],
    ['a negative dim', craft(`{"w":${entry('F32', [-1], [0, 4])}}`, 4), 'BAD_SHAPE', /tensor "w" has invalid shape \[-1\]/],
    ['a fractional dim', craft(`{"w":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}}`, 4), 'BAD_SHAPE', /invalid shape \[1.0\]/],
    ['an exponent dim', craft(`{"w":{"dtype":"F32","shape":[1e0],"data_offsets":[0,4]}}`, 4), 'BAD_SHAPE', /invalid shape \[1e0\]/],
    ['a dim of 2^53', craft(`{"w":{"dtype":"F32","shape":[9007199254740992],"data_offsets":[0,4]}}`, 4), 'BAD_SHAPE', /invalid shape \[9007199254740992\]/],
    ['a string dim', craft(`{"w":${entry('F32', ['2'], [0, 4])}}`, 4), 'BAD_SHAPE', /invalid shape \["2"\]/],
    ['offsets in reverse', craft(`{"w":${entry('U8', [0], [4, 0])}}`, 4), 'BAD_OFFSETS', /tensor "w" has invalid data_offsets \[4, 0\]/],
    ['three offsets', craft(`{"w":${entry('U8', [1], [0, 1, 2])}}`, 2), 'BAD_OFFSETS', /invalid data_offsets \[0, 1, 2\]/],
    ['overlapping tensors', craft(`{"a":${entry('U8', [4], [0, 4])},"b":${entry('U8', [4], [2, 6])}}`, 6), 'BAD_OFFSETS', /tensor "b" data_offsets \[2, 6\] overlap tensor "a", which ends at 4/],
    ['a gap between tensors', craft(`{"a":${entry('U8', [4], [0, 4])},"b":${entry('U8', [4], [6, 10])}}`, 10), 'BAD_OFFSETS', /tensor "b" data_offsets \[6, 10\] leave a gap of 2 bytes after tensor "a" \(expected begin 4\)/],
    ['a gap at the start', craft(`{"a":${entry('U8', [4], [2, 6])}}`, 6), 'BAD_OFFSETS', /leave a gap of 2 bytes after the start of the data region/],
    ['bytes after the last tensor', craft(`{"a":${entry('U8', [4], [0, 4])}}`, 12), 'BAD_OFFSETS', /8 bytes at the end of the data region belong to no tensor/],
    ['a shape that does not fit the offsets', craft(`{"w":${entry('F32', [2, 3], [0, 20])}}`, 20), 'SIZE_MISMATCH', /tensor "w" of dtype F32 and shape \[2, 3\] needs 24 bytes, but data_offsets \[0, 20\] hold 20/],
    ['a shape whose size overflows', craft(`{"w":${entry('F32', [2 ** 53 - 1, 2 ** 53 - 1, 3], [0, 4])}}`, 4), 'SIZE_MISMATCH', /needs more than 2\^53 - 1 bytes/],
    ['a data region shorter than the offsets', craft(`{"a":${entry('U8', [8], [0, 8])}}`, 5), 'TRUNCATED', /tensor "a" ends at byte 8 of the data region, but only 5 bytes follow the header/],
  ];
  it.each(cases)('rejects %s', (_, file, code, message) => {
    const error = thrown(() => readHeader(file));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith('safetensors: ')).toBe(true);
  });

  it('accepts whitespace padding, unknown fields, null metadata and zero-size tensors', () => {
    const header = readHeader(craft(`{"__metadata__":null,"e":${entry('F32', [0, 3], [0, 0])},"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2],"extra":{"x":[1]}}}  \n `, 2));
    expect([header.metadata, header.names, header.tensors.w.shape]).toEqual([null, ['e', 'w'], [2]]);
  });

  it('lists the tensors in offset order whatever the key order', () => {
    const file = craft(`{"z":${entry('U8', [1], [1, 2])},"a":${entry('U8', [1], [0, 1])}}`, 2);
    const header = readHeader(file);
    expect(header.names).toEqual(['a', 'z']);
    expect([header.dataStart, header.dataLength]).toEqual([file.length - 2, 2]);
  });

  it('clips very long names in messages', () => {
    const error = thrown(() => readHeader(craft(`{"${'n'.repeat(5000)}":${entry('F12', [1], [0, 4])}}`, 4)));
    expect(error.message.length).toBeLessThan(400);
  });

  it('throws SafetensorsError for input that is not a Uint8Array', () => {
    expect(() => readHeader([1, 2] as unknown as Uint8Array)).toThrow(/readHeader: expected a Uint8Array, got object/);
  });
});
