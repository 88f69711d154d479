// Byte inputs of any kind (issue 9): the readers take any Uint8Array, including a Node Buffer that
// is a view into a larger pool at an odd offset (Buffer#slice returns a view there, not a copy).
import { Linear } from '@dl/nn';
import { Adam } from '@dl/optim';
import { fromTypedArray, manualSeed, randn, type NDArray } from '@dl/tensor';
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { load, readCheckpoint, readWord2Vec, save, writeCheckpoint, writeWord2Vec } from './index.js';

const SEED = 9_2027;

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-io-views-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});
beforeEach(() => {
  manualSeed(0);
});

/** `bytes` copied into a Node Buffer pool at `offset`, returned as a Buffer view of exactly its length. */
function bufferView(bytes: Uint8Array, offset: number): Buffer {
  const pool = Buffer.alloc(offset + bytes.length + 7, 0xee);
  pool.set(bytes, offset);
  return pool.subarray(offset, offset + bytes.length);
}

/** Arrays as comparable text: dtype, shape and the exact bits. */
const bitsOf = (arrays: Record<string, NDArray>): string =>
  JSON.stringify(Object.entries(arrays).map(([name, array]) => [name, array.dtype, array.shape, Array.from(new Uint8Array(array.dataSync().slice().buffer))]));

const arbArrays = fc.dictionary(
  fc.string({ maxLength: 4 }),
  fc.tuple(fc.constantFrom('f32', 'f64', 'i32', 'bool'), fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 9 })).map(([kind, ints]) => {
    if (kind === 'f32') return fromTypedArray(new Float32Array(ints.map((v) => v / 3)), [ints.length]);
    if (kind === 'f64') return fromTypedArray(new Float64Array(ints.map((v) => v / 7)), [ints.length]);
    if (kind === 'i32') return fromTypedArray(new Int32Array(ints), [ints.length]);
    return fromTypedArray(new Uint8Array(ints.map((v) => v & 1)), [ints.length]);
  }),
  { maxKeys: 4 },
);

describe('load (byte views)', () => {
  it('reads float tensors from a Buffer at an unaligned offset of a larger pool (#9)', () => {
    const tensors = { a: randn([5]), b: fromTypedArray(new Float64Array([0.1, -0, NaN]), [3]), c: fromTypedArray(new Int32Array([1, -2]), [2]) };
    const bytes = save(tensors);
    for (const offset of [1, 3, 5, 8]) expect(bitsOf(load(bufferView(bytes, offset)))).toBe(bitsOf(load(bytes)));
  });

  it('reads what readFileSync returns (#9)', async () => {
    const path = join(folder, 'small.safetensors');
    const bytes = save({ weight: randn([3]) });
    await writeFile(path, bytes);
    expect(bitsOf(load(readFileSync(path)))).toBe(bitsOf(load(bytes)));
  });

  it('loads random files from random views identically', () => {
    fc.assert(
      fc.property(arbArrays, fc.nat({ max: 64 }), (tensors, offset) => {
        const bytes = save(tensors);
        expect(bitsOf(load(bufferView(bytes, offset)))).toBe(bitsOf(load(bytes)));
        expect(bitsOf(load(new Uint8Array(bufferView(bytes, offset).buffer, offset, bytes.length)))).toBe(bitsOf(load(bytes)));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('readCheckpoint (byte views)', () => {
  it('restores the same state from a Buffer view at any offset', () => {
    const model = new Linear(3, 2);
    const bytes = writeCheckpoint({ model, optimizer: new Adam(model.parameters()), epoch: 4, generators: {} });
    fc.assert(
      fc.property(fc.nat({ max: 64 }), (offset) => {
        const fromView = new Linear(3, 2);
        const fromCopy = new Linear(3, 2);
        const info = readCheckpoint(bufferView(bytes, offset), { model: fromView, optimizer: new Adam(fromView.parameters()), generators: {} });
        readCheckpoint(bytes.slice(), { model: fromCopy, optimizer: new Adam(fromCopy.parameters()), generators: {} });
        expect(info.epoch).toBe(4);
        expect(bitsOf(fromView.stateDict())).toBe(bitsOf(fromCopy.stateDict()));
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});

describe('readWord2Vec (byte views)', () => {
  it('reads text and binary files from random views identically', () => {
    const arbWords = fc.uniqueArray(fc.stringMatching(/^[a-zé東]{1,5}$/), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(arbWords, fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.nat({ max: 64 }), (words, dim, binary, offset) => {
        const bytes = writeWord2Vec({ words, vectors: randn([words.length, dim]) }, { binary });
        const direct = readWord2Vec(bytes, { binary });
        const viewed = readWord2Vec(bufferView(bytes, offset), { binary });
        expect(viewed.words).toEqual(direct.words);
        expect(bitsOf({ v: viewed.vectors })).toBe(bitsOf({ v: direct.vectors }));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
