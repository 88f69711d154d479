import { tensor } from '@dl/autograd';
import { CrossEntropyLoss, Dropout, Linear, ReLU, Sequential } from '@dl/nn';
import { Adam, SGD, StepLR } from '@dl/optim';
import { defaultGenerator, div, Generator, manualSeed, randn, type NDArray } from '@dl/tensor';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  CheckpointError, DataLoader, loadCheckpoint, loadDigits, loadFile, readCheckpoint, saveCheckpoint, saveFile, TensorDataset, writeCheckpoint,
  type LabeledData,
} from './index.js';
import { describeWithSharedData, sharedData, sharedDataAvailable } from './__fixtures__/shared-data.js';

let folder: string;
let digits: LabeledData;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-io-checkpoint-'));
  if (sharedDataAvailable) digits = await loadDigits(sharedData('digits.csv.gz'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});
beforeEach(() => {
  manualSeed(0);
});

const bits = (array: NDArray): number[] => Array.from(new Uint8Array(array.dataSync().slice().buffer));
const buildModel = (): Sequential => new Sequential(new Linear(64, 32), new ReLU(), new Dropout(0.2), new Linear(32, 10));

describeWithSharedData('saveFile + loadFile (a model)', () => {
  it('gives a model whose outputs are bit-identical to the original', async () => {
    const model = buildModel().eval();
    const path = join(folder, 'model.safetensors');
    await saveFile(model.stateDict(), path);
    manualSeed(99);
    const restored = buildModel().eval();
    restored.loadStateDict(await loadFile(path));
    const input = tensor(div(digits.features, 16));
    expect(bits(restored.call(input).data)).toEqual(bits(model.call(input).data));
  });
});

/** A small digits run: shuffled batches (default generator), dropout, SGD with momentum, StepLR. */
class Run {
  readonly model = buildModel();
  readonly optimizer = new SGD(this.model.parameters(), { lr: 0.1, momentum: 0.9 });
  readonly scheduler = new StepLR(this.optimizer, { stepSize: 1, gamma: 0.7 });
  readonly loader = new DataLoader(new TensorDataset(div(digits.features, 16), digits.labels), { batchSize: 128, shuffle: true });
  readonly losses: number[] = [];
  private readonly criterion = new CrossEntropyLoss();

  trainEpoch(): void {
    this.model.train();
    for (const [x, y] of this.loader) {
      this.optimizer.zeroGrad();
      const loss = this.criterion.call(this.model.call(tensor(x)), y);
      loss.backward();
      this.optimizer.step();
      this.losses.push(loss.item());
    }
    this.scheduler.step();
  }
}

describeWithSharedData('saveCheckpoint + loadCheckpoint', () => {
  it('resumes a digits training run to exactly the numbers of an uninterrupted one', async () => {
    manualSeed(0);
    const straight = new Run();
    for (let epoch = 0; epoch < 4; epoch++) straight.trainEpoch();

    manualSeed(0);
    const first = new Run();
    for (let epoch = 0; epoch < 2; epoch++) first.trainEpoch();
    const path = join(folder, 'run.safetensors');
    await saveCheckpoint({ model: first.model, optimizer: first.optimizer, scheduler: first.scheduler, epoch: 2, step: first.losses.length, metadata: { losses: first.losses, note: 'half way' } }, path);

    // A new process: other seeds, other initial weights, then everything comes from the file.
    manualSeed(12345);
    randn([7]);
    const resumed = new Run();
    const info = await loadCheckpoint(path, { model: resumed.model, optimizer: resumed.optimizer, scheduler: resumed.scheduler });
    expect([info.epoch, info.step, info.metadata.note]).toEqual([2, first.losses.length, 'half way']);
    resumed.losses.push(...(info.metadata.losses as number[]));
    for (let epoch = 2; epoch < 4; epoch++) resumed.trainEpoch();

    expect(resumed.losses).toEqual(straight.losses);
    expect(resumed.optimizer.paramGroups[0].lr).toBe(straight.optimizer.paramGroups[0].lr);
    const want = straight.model.stateDict();
    for (const [key, value] of Object.entries(resumed.model.stateDict())) expect({ key, bits: bits(value) }).toEqual({ key, bits: bits(want[key]) });
  });

  it('round-trips Adam state, several generators and special numbers in metadata, also as bytes', () => {
    const model = new Linear(3, 2);
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    model.call(tensor(randn([4, 3]))).sum().backward();
    optimizer.step();
    const loaderGenerator = new Generator(5);
    loaderGenerator.uniform();
    const bytes = writeCheckpoint({ model, optimizer, generators: { default: defaultGenerator, loader: loaderGenerator }, metadata: { best: Infinity, gap: -0, nested: [NaN, { x: 1 }] } });
    const expectedState = [defaultGenerator.getState(), loaderGenerator.getState()];

    const model2 = new Linear(3, 2);
    const optimizer2 = new Adam(model2.parameters(), { lr: 0.5 });
    const loader2 = new Generator(0);
    manualSeed(77);
    const info = readCheckpoint(bytes, { model: model2, optimizer: optimizer2, generators: { default: defaultGenerator, loader: loader2 } });
    expect([defaultGenerator.getState(), loader2.getState()]).toEqual(expectedState);
    expect(info.metadata).toEqual({ best: Infinity, gap: -0, nested: [NaN, { x: 1 }] });
    expect(Object.is(info.metadata.gap, -0)).toBe(true);
    expect(optimizer2.paramGroups[0].lr).toBe(0.01);
    const saved = optimizer.stateDict();
    const restored = optimizer2.stateDict();
    expect(restored.state['0'].step).toBe(saved.state['0'].step);
    expect(bits(restored.state['0'].expAvg as NDArray)).toEqual(bits(saved.state['0'].expAvg as NDArray));
    expect(bits(model2.weight.data)).toEqual(bits(model.weight.data));
  });

  it('leaves model, optimizer and generators unchanged when a file does not fit (#9)', async () => {
    const path = join(folder, 'wide.safetensors');
    const wide = new Linear(3, 4);
    await saveCheckpoint({ model: wide, optimizer: new Adam(wide.parameters()) }, path);
    const model = new Linear(3, 2);
    const optimizer = new Adam(model.parameters(), { lr: 0.5 });
    randn([1]);
    const before = [bits(model.weight.data), optimizer.paramGroups[0].lr, optimizer.state.size, defaultGenerator.getState()];
    await expect(loadCheckpoint(path, { model, optimizer })).rejects.toThrow(/loadCheckpoint: .*wide.safetensors does not fit the model: size mismatch for weight: \[4, 3\] in the checkpoint, \[2, 3\] in the model; size mismatch for bias/);
    expect([bits(model.weight.data), optimizer.paramGroups[0].lr, optimizer.state.size, defaultGenerator.getState()]).toEqual(before);
  });

  it('writes a plain safetensors file whose model tensors other tools can read', async () => {
    const model = new Linear(3, 2);
    const path = join(folder, 'plain.safetensors');
    await saveCheckpoint({ model, epoch: 1 }, path);
    expect(Object.keys(await loadFile(path)).sort()).toEqual(['model.bias', 'model.weight']);
  });

  it('throws CheckpointError for a file that is not a checkpoint, or lacks a requested part', async () => {
    const path = join(folder, 'weights.safetensors');
    await saveFile({ w: randn([2]) }, path);
    await expect(loadCheckpoint(path)).rejects.toThrow(/loadCheckpoint: .*weights.safetensors is not a @dl checkpoint \(no "dl.checkpoint" metadata\); read plain weights with loadFile/);
    const model = new Linear(2, 2);
    const bytes = writeCheckpoint({ model });
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    expect(() => readCheckpoint(bytes, { optimizer })).toThrow(/loadCheckpoint: the checkpoint has no optimizer state to restore/);
    expect(() => readCheckpoint(bytes, { generators: { loader: new Generator(0) } })).toThrow(/has no generator "loader" state to restore/);
    let error: unknown = null;
    try {
      readCheckpoint(bytes, { optimizer });
    } catch (e) {
      error = e;
    }
    expect(CheckpointError.isInstance(error)).toBe(true);
  });
});
