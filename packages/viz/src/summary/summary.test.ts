import { tensor } from '@dl/autograd';
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@dl/nn';
import { manualSeed, randn } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { toPng } from '../node/index.js';
import { pngInfo } from '../testing/index.js';
import { summary, summaryFigure } from './summary.js';

beforeEach(() => manualSeed(0));

describe('summary', () => {
  it('lists layers, output shapes and parameter counts as torchinfo', () => {
    const model = new Sequential(new Linear(64, 128), new ReLU(), new Linear(128, 10));
    const info = summary(model, tensor(randn([32, 64])));
    expect(info.rows.map((row) => [row.name, row.type, row.outputShape, row.params])).toEqual([
      ['', 'Sequential', [32, 10], 0],
      ['0', 'Linear', [32, 128], 8320],
      ['1', 'ReLU', [32, 128], 0],
      ['2', 'Linear', [32, 10], 1290],
    ]);
    expect(info.totalParams).toBe(9610);
    const text = String(info);
    expect(text).toMatch(/├─0: Linear\s+\[32, 128\]\s+8,320/);
    expect(text).toContain('Total params: 9,610');
    expect(model.training).toBe(true);
  });

  it('counts frozen parameters as non-trainable and follows a CNN', () => {
    const model = new Sequential(new Conv2d(1, 4, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(64, 10));
    model.requiresGrad_(false);
    const info = summary(model, tensor(randn([2, 1, 8, 8])));
    expect(info.rows[3]?.outputShape).toEqual([2, 4, 4, 4]);
    expect(info.trainableParams).toBe(0);
    expect(String(info)).toContain(`Non-trainable params: ${info.totalParams.toLocaleString('en-US')}`);
  });

  it('draws the table as a picture', async () => {
    const info = summary(new Sequential(new Linear(4, 3)), tensor(randn([1, 4])));
    const svg = await summaryFigure(info, { title: 'tiny' }).toSVG();
    expect(svg).toContain('Total params: 15');
    expect(pngInfo(await toPng(svg)).width).toBeGreaterThan(300);
  });
});
