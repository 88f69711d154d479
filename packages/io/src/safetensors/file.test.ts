import { array, manualSeed, randn } from '@dl/tensor';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFile, safeOpen, save, saveFile, SafetensorsError } from '../index.js';

let folder: string;
beforeEach(async () => {
  manualSeed(0);
  folder = await mkdtemp(join(tmpdir(), 'dl-io-safetensors-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('saveFile', () => {
  it('writes the same bytes as save', async () => {
    const tensors = { weight: randn([3, 4]), bias: randn([4], { dtype: 'float64' }), mask: array([true, false]) };
    const path = join(folder, 'model.safetensors');
    await saveFile(tensors, path, { metadata: { epoch: '2' } });
    expect(new Uint8Array(await readFile(path))).toEqual(save(tensors, { metadata: { epoch: '2' } }));
  });

  it('rejects bad input before touching the target', async () => {
    const path = join(folder, 'model.safetensors');
    await writeFile(path, 'old');
    await expect(saveFile({ __metadata__: randn([1]) }, path)).rejects.toThrow(/saveFile: "__metadata__" is reserved/);
    expect(await readFile(path, 'utf8')).toBe('old');
  });
});

describe('loadFile', () => {
  it('round-trips a state dict', async () => {
    const tensors = { weight: randn([3, 4]), index: array([1, -2], { dtype: 'int32' }) };
    const path = join(folder, 'model.safetensors');
    await saveFile(tensors, path);
    const loaded = await loadFile(path);
    expect(Object.keys(loaded).sort()).toEqual(['index', 'weight']);
    expect(Array.from(loaded.weight.dataSync())).toEqual(Array.from(tensors.weight.dataSync()));
  });

  it('reads one small tensor from a 5 GB file without reading the rest', async () => {
    // A sparse file: the header declares a 5 GiB tensor after a 16-byte one; only the header and
    // the 16 bytes are read, so this is fast and small in memory (a whole read would fail at 2 GiB).
    const huge = 5 * 2 ** 30;
    const header = `{"small":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"huge":{"dtype":"U8","shape":[${huge}],"data_offsets":[16,${16 + huge}]}}`;
    const json = new TextEncoder().encode(header);
    const prefix = new Uint8Array(8 + json.length + 16);
    new DataView(prefix.buffer).setUint32(0, json.length, true);
    prefix.set(json, 8);
    prefix.set(new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer), 8 + json.length);
    const path = join(folder, 'sparse.safetensors');
    const handle = await open(path, 'w');
    await handle.write(prefix, 0, prefix.length, 0);
    await handle.truncate(prefix.length + huge);
    await handle.close();
    const loaded = await loadFile(path, { keys: ['small'] });
    expect(Array.from(loaded.small.dataSync())).toEqual([1, 2, 3, 4]);
  });

  it('throws TRUNCATED for a file cut short', async () => {
    const path = join(folder, 'cut.safetensors');
    const bytes = save({ w: randn([10]) });
    await writeFile(path, bytes.subarray(0, bytes.length - 3));
    await expect(loadFile(path)).rejects.toThrow(/tensor "w" ends at byte 40 of the data region, but only 37 bytes follow the header/);
  });

  it('throws MISSING_TENSOR for an unknown key', async () => {
    const path = join(folder, 'model.safetensors');
    await saveFile({ w: randn([1]) }, path);
    const error: unknown = await loadFile(path, { keys: ['v'] }).catch((e: unknown) => e);
    expect(SafetensorsError.isInstance(error) && (error as SafetensorsError).code).toBe('MISSING_TENSOR');
    expect((error as Error).message).toMatch(/loadFile: no tensor "v" in the file/);
  });
});

describe('safeOpen', () => {
  it('exposes keys, metadata and tensors on demand', async () => {
    const path = join(folder, 'model.safetensors');
    await saveFile({ b: randn([2]), a: randn([3]) }, path, { metadata: { format: 'pt' } });
    const file = await safeOpen(path);
    try {
      expect(file.keys()).toEqual(['a', 'b']);
      expect({ ...file.metadata() }).toEqual({ format: 'pt' });
      expect((await file.getTensor('b')).shape).toEqual([2]);
      await expect(file.getTensor('c')).rejects.toThrow(/getTensor: no tensor "c" in the file/);
    } finally {
      await file.close();
    }
  });

  it('throws HEADER_TOO_LARGE before reading a lying header', async () => {
    const path = join(folder, 'lying.safetensors');
    await writeFile(path, new Uint8Array([0, 0, 0, 0, 1, 0, 0, 0, 123]));
    await expect(safeOpen(path)).rejects.toThrow(/header length 4294967296 exceeds the limit of 100000000 bytes/);
  });
});
