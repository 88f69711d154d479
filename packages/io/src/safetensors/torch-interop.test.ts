// PyTorch reads what @dl writes. Skipped where /usr/bin/python3 lacks torch; the committed
// torch-made fixtures (safetensors.test.ts) cover the other direction without Python.
import { array, manualSeed, randn } from '@dl/tensor';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeNumber, pythonHas, runPython } from '../__fixtures__/fixtures.js';
import { saveFile } from '../index.js';

const hasTorch = pythonHas('torch');
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-io-torch-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface TorchView {
  metadata: Record<string, string> | null;
  tensors: Record<string, { dtype: string; shape: number[]; values: (number | string)[] }>;
}

describe.skipIf(!hasTorch)('saveFile (read by PyTorch)', () => {
  it('writes a file torch reads with equal values, dtypes, shapes and metadata', async () => {
    manualSeed(2);
    const tensors = {
      'fc.weight': randn([3, 4]),
      'fc.bias': randn([4], { dtype: 'float64' }),
      special: array([NaN, -0, Infinity, 1e-45]),
      index: array([[1, -2147483648], [2147483647, 0]], { dtype: 'int32' }),
      mask: array([true, false, true]),
      scalar: array(2.5),
    };
    const path = join(folder, 'model.safetensors');
    await saveFile(tensors, path, { metadata: { format: 'pt', note: 'made by @dl/io ✓' } });
    const read = runPython('read_with_torch.py', [path]) as TorchView;
    expect(read.metadata).toEqual({ format: 'pt', note: 'made by @dl/io ✓' });
    const torchDtype = { float32: 'torch.float32', float64: 'torch.float64', int32: 'torch.int32', bool: 'torch.bool' };
    for (const [name, original] of Object.entries(tensors)) {
      const got = read.tensors[name];
      expect([name, got.dtype, got.shape]).toEqual([name, torchDtype[original.dtype], original.shape]);
      const values = got.values.map((v) => (typeof v === 'boolean' ? Number(v) : decodeNumber(v)));
      Array.from(original.dataSync()).forEach((value, i) => { expect(Object.is(values[i], value), `${name}[${i}]`).toBe(true); });
    }
  });
});
