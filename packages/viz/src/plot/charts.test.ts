import { randn, manualSeed, reshape, arange, ShapeError, ArgumentError, DLError } from '@dl/tensor';
import { tensor } from '@dl/autograd';
import { DOMParser } from 'linkedom';
import { beforeEach, describe, expect, it } from 'vitest';
import { toPng } from '../node/index.js';
import { pngInfo } from '../testing/index.js';
import { confusionCounts, confusionMatrix, heatmap } from './heatmap.js';
import { histogram } from './histogram.js';
import { History } from './history.js';
import { imageGrid } from './image-grid.js';
import { lineChart, smooth } from './line.js';

beforeEach(() => manualSeed(0));


function parse(svg: string) {
  const document = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const all = (selector: string) => Array.from(document.querySelectorAll(selector) as unknown as Iterable<{ textContent: string | null }>);
  return { count: (selector: string) => all(selector).length, texts: (selector = 'text') => all(selector).map((e) => (e.textContent ?? '').trim()) };
}

describe('smooth', () => {
  it('is TensorBoard debiased EMA', () => {
    expect(smooth([1, 0, 1, 0], 0.5).map((v) => +v.toFixed(4))).toEqual([1, 0.3333, 0.7143, 0.3333]);
    expect(smooth([3, 4], 0)).toEqual([3, 4]);
    expect(() => smooth([1], 1)).toThrow(/smooth: weight must be in \[0, 1\), got 1/);
  });
});

describe('lineChart', () => {
  it('draws one path per series with axis titles and a legend', async () => {
    const svg = await lineChart({ train: [3, 2, 1.5, 1.2], test: { x: [0, 2, 3], y: [3.1, 2, 1.9] } }, { yTitle: 'loss', title: 'curves' }).toSVG();
    const { texts } = parse(svg);
    expect(texts()).toEqual(expect.arrayContaining(['step', 'loss', 'train', 'test', 'curves']));
    expect(svg.match(/<path[^>]*aria-roledescription="line mark"/g)).toHaveLength(2);
  });

  it('draws raw and smoothed curves and a log axis', async () => {
    const loss = Array.from({ length: 200 }, (_, i) => 2 * Math.exp(-i / 50) + 0.1 + 0.05 * Math.sin(i));
    const chart = lineChart({ loss }, { smoothing: 0.8, logScale: true });
    expect(JSON.stringify(chart.spec)).toContain('"type":"log"');
    const svg = await chart.toSVG();
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2);
  });

  it('throws naming the NaN and the series', () => {
    expect(() => lineChart({ loss: [1, 2, Number.NaN] })).toThrow(/lineChart: series "loss" value at index 2 is NaN/);
    expect(() => lineChart({})).toThrow(ArgumentError);
    expect(() => lineChart({ loss: [1, 0] }, { logScale: true })).toThrow(/logScale needs positive values, series "loss" has 0 at index 1/);
  });
});

describe('History', () => {
  const history = (): History => {
    const h = new History();
    for (let step = 0; step < 10; step++) h.log(step, { 'train/loss': 2 / (step + 1), 'train/accuracy': step / 10 });
    for (let step = 0; step < 10; step += 3) h.log(step, { 'test/loss': 2.2 / (step + 1) });
    return h;
  };

  it('round-trips through JSON and CSV', () => {
    const h = history();
    expect(History.fromJSON(JSON.stringify(h)).records).toEqual(h.records);
    expect(History.fromCSV(h.toCSV()).records).toEqual(h.records);
    expect(h.toCSV().split('\n')[0]).toBe('step,train/loss,train/accuracy,test/loss');
    expect(h.get('test/loss').steps).toEqual([0, 3, 6, 9]);
  });

  it('keeps NaN through JSON', () => {
    const h = new History().log(0, { loss: Number.NaN });
    expect(History.fromJSON(JSON.stringify(h)).get('loss').values[0]).toBeNaN();
  });

  it('plots one panel per metric with train and test series', async () => {
    const svg = await history().plot({ smoothing: 0 }).toSVG();
    const { texts } = parse(svg);
    expect(texts()).toEqual(expect.arrayContaining(['loss', 'accuracy', 'train', 'test']));
    expect(svg).toContain('role-legend');
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(3);
  });

  it('throws for an empty history and unknown metrics', () => {
    expect(() => new History().plot()).toThrow(/History.plot: the history is empty/);
    expect(() => history().get('lr')).toThrow(/no metric "lr" \(logged: train\/loss, train\/accuracy, test\/loss\)/);
    expect(() => History.fromJSON('{"a":1}')).toThrow(/not a history/);
  });
});

describe('heatmap', () => {
  it('draws one rect per cell, with labels, titles and a colour legend', async () => {
    const chart = heatmap(reshape(arange(0, 12), [3, 4]), { xLabels: ['a', 'b', 'c', 'd'], xTitle: 'feature', yTitle: 'unit' });
    const svg = await chart.toSVG();
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(12);
    expect(svg.match(/aria-roledescription="text mark"/g)).toHaveLength(12);
    const { texts } = parse(svg);
    expect(texts()).toEqual(expect.arrayContaining(['a', 'd', 'feature', 'unit', 'value', '11']));
  });

  it('accepts a Tensor and centres signed values on 0', () => {
    const chart = heatmap(tensor(randn([5, 6])));
    expect(JSON.stringify(chart.spec)).toContain('"domainMid":0');
  });

  it('throws ShapeError for a non-2-d tensor and ArgumentError for NaN', () => {
    expect(() => heatmap(randn([2, 3, 4]))).toThrow(ShapeError);
    expect(() => heatmap(randn([2, 3, 4]))).toThrow(/heatmap: expected a 2-d tensor, got shape \[2, 3, 4\] \(3-d\)/);
    expect(() => heatmap(tensor([[1, Number.NaN]]).data)).toThrow(/heatmap: value at \[0, 1\] is NaN \(shape \[1, 2\]\)/);
    expect(() => heatmap(randn([2, 2]), { xLabels: ['a'] })).toThrow(/heatmap: 1 x labels for 2 columns/);
  });
});

describe('confusionMatrix', () => {
  it('counts true × predicted pairs', () => {
    expect(Array.from(confusionCounts([0, 1, 1, 2], [0, 1, 0, 2]).matrix)).toEqual([1, 1, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('prints the counts with class names on both axes', async () => {
    const svg = await confusionMatrix([0, 1, 1, 2, 2, 2], [0, 1, 0, 2, 2, 1], { classNames: ['cat', 'dog', 'emu'] }).toSVG();
    const { texts } = parse(svg);
    expect(texts()).toEqual(expect.arrayContaining(['cat', 'dog', 'emu', 'predicted', 'true', '2']));
  });

  it('throws for mismatched lengths and bad class indices', () => {
    expect(() => confusionMatrix([0, 1], [0])).toThrow(/confusionMatrix: 2 predictions but 1 labels/);
    expect(() => confusionMatrix([0, 5], [0, 1], { numClasses: 3 })).toThrow(/prediction 5 at index 1 is not a class index in 0..2/);
  });
});

describe('histogram', () => {
  it('bins values into bars with axis titles', async () => {
    const svg = await histogram(randn([1000]), { bins: 20, xTitle: 'weight' }).toSVG();
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(20);
    expect(parse(svg).texts()).toEqual(expect.arrayContaining(['weight', 'count']));
  });

  it('throws for empty and non-finite input', () => {
    expect(() => histogram([])).toThrow(/histogram: no values to bin/);
    expect(() => histogram([1, Infinity])).toThrow(/histogram: value at index 1 is Infinity/);
  });
});

describe('imageGrid', () => {
  it('draws a batch with captions, as PNG too', async () => {
    const images = randn([6, 1, 8, 8]);
    const figure = imageGrid(images, { columns: 3, captions: ['a', 'b', 'c', 'd', 'e', 'f'] });
    const svg = await figure.toSVG();
    expect(parse(svg).texts()).toEqual(expect.arrayContaining(['a', 'f']));
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(6 * 64);
    const info = pngInfo(await toPng(svg, { scale: 1 }));
    expect(info.width).toBeGreaterThan(3 * 64);
  });

  it('throws naming the bad shape', () => {
    expect(() => imageGrid(randn([4]))).toThrow(/imageGrid: expected a batch \[N, C, H, W\], \[N, H, W\] or \[N, H\*W\], got shape \[4\]/);
    expect(() => imageGrid(randn([2, 2, 4, 4]))).toThrow(/expected 1 or 3 channels, got 2/);
    expect(() => imageGrid(randn([2, 10]))).toThrow(DLError);
  });
});

describe('heatmap of a large tensor', () => {
  it('draws means of blocks, at most maxCells per side, indexed by the original rows and columns', async () => {
    const chart = heatmap(randn([30, 500]), { maxCells: 100 });
    const svg = await chart.toSVG();
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(30 * 100);
    expect(parse(svg).texts()).toEqual(expect.arrayContaining(['mean of 1×5', '450']));
    expect(() => heatmap(randn([30, 500]), { maxCells: 100, xLabels: ['a'] })).toThrow(/heatmap: 1 x labels for 500 columns/);
  });
});
