// A @dl model's state dict and PyTorch's are interchangeable through safetensors: the same keys
// (buffers included), strict loads both ways, the same outputs. Needs /usr/bin/python3 with torch;
// the Python side reads and writes safetensors by hand (__fixtures__/safetensors_torch.py), so the
// `safetensors` Python package is not needed.
import { cat, flatten, relu, type Tensor } from '@dl/autograd';
import { BatchNorm2d, Conv2d, Embedding, LayerNorm, Linear, Module } from '@dl/nn';
import { manualSeed, randint, randn } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonHas, runPython } from '../__fixtures__/fixtures.js';
import { loadFile, saveFile } from '../index.js';

/** The architecture of state_dict_torch.py's Net, field for field. */
class Net extends Module {
  emb = new Embedding(10, 4);
  conv = new Conv2d(1, 3, 3, { padding: 1 });
  bn = new BatchNorm2d(3);
  norm = new LayerNorm(60);
  fc = new Linear(60, 2);

  forward(images: Tensor, tokens: Tensor): Tensor {
    const h = flatten(relu(this.bn.call(this.conv.call(images))), 1);
    const e = flatten(this.emb.call(tokens), 1);
    return this.fc.call(this.norm.call(cat([h, e], 1)));
  }
}

interface TorchReport {
  keys: string[];
  dtypes: Record<string, string>;
  missing: string[];
  unexpected: string[];
  mismatched: string[];
  fromDl: number[][];
  fromTorch: number[][];
}

const hasTorch = pythonHas('torch');
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-io-state-dict-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe.skipIf(!hasTorch)(`stateDict through safetensors with PyTorch${hasTorch ? '' : ' (skipped: /usr/bin/python3 cannot import torch)'}`, () => {
  it('loads strictly both ways, with equal values and outputs', async () => {
    manualSeed(0);
    const model = new Net();
    // Two training-mode batches make the BatchNorm statistics and batch count non-trivial.
    for (let step = 0; step < 2; step++) model.call(randn([5, 1, 4, 4]), randint(0, 10, [5, 3]));
    model.eval();
    const images = randn([3, 1, 4, 4]);
    const tokens = randint(0, 10, [3, 3]);
    const ours = model.call(images, tokens);

    const dlFile = join(folder, 'dl.safetensors');
    const torchFile = join(folder, 'torch.safetensors');
    const inputsFile = join(folder, 'inputs.safetensors');
    await saveFile(model.stateDict(), dlFile);
    await saveFile({ images, tokens }, inputsFile);
    const report = runPython('state_dict_torch.py', [dlFile, inputsFile, torchFile]) as TorchReport;

    expect(report.keys).toEqual(Object.keys(model.stateDict()));
    expect(report.keys).toContain('bn.num_batches_tracked');
    expect([report.missing, report.unexpected, report.mismatched]).toEqual([[], [], []]);
    expect(report.dtypes['bn.num_batches_tracked']).toBe('torch.int64');
    expectClose(ours.data, report.fromDl, { atol: 1e-5, rtol: 1e-5 });

    const loaded = await loadFile(torchFile);
    const fromTorch = new Net();
    expect(fromTorch.loadStateDict(loaded, { strict: true })).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(fromTorch.bn.numBatchesTracked?.item()).toBe(2);
    fromTorch.eval();
    expectClose(fromTorch.call(images, tokens).data, report.fromTorch, { atol: 1e-5, rtol: 1e-5 });
  });
});
