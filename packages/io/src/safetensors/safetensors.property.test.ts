// Fuzzing the reader: every mutated file must either load correctly or throw SafetensorsError;
// never another error, a hang or an allocation sized by a lying header.
import { fromTypedArray, type NDArray } from '@dl/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../__fixtures__/fixtures.js';
import { load, save, SafetensorsError } from '../index.js';

// The seed makes the CI run reproducible; change it locally to explore (or set numRuns higher).
const SEED = 20240601;

const DTYPES = ['BOOL', 'U8', 'I8', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64', 'F8_E4M3'];
const SIZES: Record<string, number> = { BOOL: 1, U8: 1, I8: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8 };

/** Loads `bytes`; returns the arrays, or null when it threw a SafetensorsError. Any other error fails the test. */
function tryLoad(bytes: Uint8Array): Record<string, NDArray> | null {
  try {
    const loaded = load(bytes);
    // A successful load must be self-consistent: it re-serializes and reads back bit for bit.
    const again = load(save(loaded));
    for (const [name, array] of Object.entries(loaded)) {
      const copy = again[name];
      expect(array.size).toBe(array.shape.reduce((a, b) => a * b, 1));
      expect(Array.from(new Uint8Array(copy.dataSync().slice().buffer))).toEqual(Array.from(new Uint8Array(array.dataSync().slice().buffer)));
    }
    return loaded;
  } catch (error) {
    if (!SafetensorsError.isInstance(error)) throw error;
    return null;
  }
}

function withHeader(header: string, dataLength: number, fill = 0): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + dataLength).fill(fill, 8 + json.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  return out;
}

/** Valid files: random arrays of every @dl dtype, plus the torch-written fixtures (F16, BF16, I64...). */
const arbArray: fc.Arbitrary<NDArray> = fc
  .tuple(fc.constantFrom('f32', 'f64', 'i32', 'bool'), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }))
  .chain(([kind, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc.array(fc.integer(), { minLength: size, maxLength: size }).map((ints) => {
      if (kind === 'f32') return fromTypedArray(new Float32Array(new Int32Array(ints).buffer), shape);
      if (kind === 'f64') return fromTypedArray(new Float64Array(ints.map((v) => v / 7)), shape);
      if (kind === 'i32') return fromTypedArray(new Int32Array(ints), shape);
      return fromTypedArray(new Uint8Array(ints.map((v) => v & 1)), shape);
    });
  });
const arbValidFile: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 6 }), arbArray, { maxKeys: 4 }).map((tensors) => save(tensors, { metadata: { k: 'v' } })),
  fc.constantFrom(fixtureBytes('all-dtypes.safetensors'), fixtureBytes('reference-layout.safetensors'), fixtureBytes('i64-overflow.safetensors')),
);

type Mutation = (file: Uint8Array) => Uint8Array;
const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  // truncation anywhere (header length field, header, data)
  fc.nat().map((cut): Mutation => (file) => file.subarray(0, cut % (file.length + 1))),
  // bit flips anywhere
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }).map((flips): Mutation => (file) => {
    const out = file.slice();
    for (const [at, bit] of flips) out[at % out.length] = (out[at % out.length] ?? 0) ^ (1 << bit);
    return out;
  }),
  // a lying header length: huge, just past the limit, off by a little
  fc.oneof(fc.constant(2 ** 53), fc.constant(100_000_001), fc.constant(2 ** 32 + 8), fc.integer({ min: -16, max: 16 }), fc.nat()).map((value): Mutation => (file) => {
    if (file.length < 8) return file;
    const out = file.slice();
    const view = new DataView(out.buffer);
    const length = value >= -16 && value <= 16 ? view.getUint32(0, true) + value : value;
    view.setUint32(0, Math.max(0, length) % 2 ** 32, true);
    view.setUint32(4, Math.floor(Math.max(0, length) / 2 ** 32), true);
    return out;
  }),
  // overwrite a header byte with a JSON-significant one
  fc.tuple(fc.nat(), fc.constantFrom(...'{}[]",:0123456789-.eE \\nul'.split('').map((c) => c.charCodeAt(0)))).map(([at, byte]): Mutation => (file) => {
    if (file.length <= 8) return file;
    const out = file.slice();
    const headerLength = new DataView(file.buffer, file.byteOffset).getUint32(0, true);
    out[8 + (at % Math.max(1, Math.min(headerLength, out.length - 8)))] = byte;
    return out;
  }),
  // extra or missing bytes at the end of the data region
  fc.integer({ min: -9, max: 9 }).map((delta): Mutation => (file) => (delta < 0 ? file.subarray(0, Math.max(0, file.length + delta)) : new Uint8Array([...file, ...new Array<number>(delta).fill(7)]))),
);

/** Header entries with every kind of wrong field: dtype, shape (negative, fraction, overflow), offsets (overlap, gap). */
const arbHostileHeader: fc.Arbitrary<Uint8Array> = fc
  .record({
    entries: fc.array(
      fc.record({
        name: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('__proto__', 'constructor', '__metadata__', 'toString')),
        dtype: fc.oneof(fc.constantFrom(...DTYPES), fc.constantFrom('F12', '', 'f32', 'BOOL ')),
        shape: fc.array(fc.oneof(fc.nat(5), fc.constantFrom(2 ** 53 - 1, 2 ** 32, -1, 1.5, 0)), { maxLength: 4 }),
        shift: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: -8, max: 8 })),
      }),
      { maxLength: 5 },
    ),
    duplicate: fc.boolean(),
    trailing: fc.integer({ min: -4, max: 4 }),
  })
  .map(({ entries, duplicate, trailing }) => {
    let offset = 0;
    const parts = entries.map(({ name, dtype, shape, shift }) => {
      const size = shape.every((d) => Number.isSafeInteger(d) && d >= 0) ? shape.reduce((a, b) => a * b, 1) * (SIZES[dtype] ?? 1) : 4;
      const bytes = Number.isSafeInteger(size) && size < 4096 ? size : 4;
      const begin = Math.max(0, offset + shift);
      offset = begin + bytes;
      return `${JSON.stringify(name)}:{"dtype":${JSON.stringify(dtype)},"shape":[${shape.join(',')}],"data_offsets":[${begin},${begin + bytes}]}`;
    });
    if (duplicate && parts.length > 0) parts.push(parts[0]);
    return withHeader(`{${parts.join(',')}}`, Math.max(0, offset + trailing), 0x3f);
  });

/** Deep or huge JSON: nesting far past any valid header, many keys, long strings. */
const arbHugeJson: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.integer({ min: 60, max: 100_000 }).map((depth) => withHeader(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`, 0)),
  fc.integer({ min: 60, max: 20_000 }).map((depth) => withHeader(`{"a":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`, 0)),
  fc.integer({ min: 1_000, max: 5_000 }).map((count) => withHeader(`{${Array.from({ length: count }, (_, i) => `"t${i}":{"dtype":"U8","shape":[1],"data_offsets":[${i},${i + 1}]}`).join(',')}}`, count)),
  fc.integer({ min: 1_000, max: 1_000_000 }).map((length) => withHeader(`{"__metadata__":{"k":"${'x'.repeat(length)}"}}`, 0)),
);

describe('load (fuzzed)', () => {
  it('loads or throws SafetensorsError for 10,000 mutated files', () => {
    let loaded = 0;
    let rejected = 0;
    fc.assert(
      fc.property(arbValidFile, fc.array(arbMutation, { minLength: 1, maxLength: 3 }), (file, mutations) => {
        const result = tryLoad(mutations.reduce((bytes, mutate) => mutate(bytes), file));
        if (result === null) rejected++;
        else loaded++;
      }),
      { numRuns: 10_000, seed: SEED },
    );
    // Both outcomes must occur, or the mutations are not exercising the reader.
    expect(loaded).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(5_000);
  });

  it('loads or throws SafetensorsError for 3,000 hostile headers', () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(arbHostileHeader, (file) => {
        try {
          tryLoad(file);
          load(file);
        } catch (error) {
          codes.add((error as SafetensorsError).code);
        }
      }),
      { numRuns: 3_000, seed: SEED },
    );
    expect([...codes].sort()).toEqual(expect.arrayContaining(['BAD_OFFSETS', 'BAD_SHAPE', 'DUPLICATE_KEY', 'SIZE_MISMATCH', 'UNKNOWN_DTYPE']));
  });

  it('rejects deep or huge JSON quickly and without exhausting the stack or memory', () => {
    const outcomes = { loaded: 0, rejected: 0 };
    fc.assert(
      fc.property(arbHugeJson, (file) => {
        outcomes[tryLoad(file) === null ? 'rejected' : 'loaded']++;
      }),
      { numRuns: 40, seed: SEED },
    );
    // Deep nesting is rejected; many tensors and long metadata strings are valid and load.
    expect(outcomes.loaded).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(0);
  });

  it('survives random bytes with and without a plausible length field', () => {
    let rejected = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (body) => {
        const out = new Uint8Array(8 + body.length);
        new DataView(out.buffer).setUint32(0, body.length, true);
        out.set(body, 8);
        if (tryLoad(out) === null) rejected++;
        if (tryLoad(body) === null) rejected++;
      }),
      { numRuns: 2_000, seed: SEED },
    );
    expect(rejected).toBeGreaterThan(3_900);
  });
});
