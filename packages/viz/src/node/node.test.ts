import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { History } from '../plot/history.js';
import { lineChart } from '../plot/line.js';
import { pngInfo } from '../testing/index.js';
import { loadHistory, savePng, saveHistory, saveSvg, toPng } from './index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dl-viz-node-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveHistory / loadHistory', () => {
  it('round-trips a history through JSON and CSV files and plots it again', async () => {
    const history = new History().log(0, { loss: 2 }).log(1, { loss: 1.5, accuracy: 0.6 });
    for (const name of ['h.json', 'nested/h.csv']) {
      const back = await loadHistory(await saveHistory(history, join(dir, name)));
      expect(back.records).toEqual(history.records);
      expect(await back.plot().toSVG()).toContain('accuracy');
    }
    await expect(saveHistory(history, join(dir, 'h.txt'))).rejects.toThrow(/saveHistory: cannot tell the format of ".*h.txt" \(expected a .json or .csv file\)/);
  });
});

describe('saveSvg / savePng / toPng', () => {
  it('writes an SVG document and a PNG scaled by `scale`', async () => {
    const chart = lineChart({ loss: [3, 2, 1] }, { width: 200, height: 100 });
    const svg = await readFile(await saveSvg(chart, join(dir, 'a/chart.svg')), 'utf8');
    expect(svg).toMatch(/^<svg[^>]+width="(\d+)"/);
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    const png = new Uint8Array(await readFile(await savePng(chart, join(dir, 'a/chart.png'), { scale: 1 })));
    expect(pngInfo(png).width).toBe(width);
    expect(pngInfo(await toPng(svg, { scale: 2 })).width).toBe(2 * width);
    await expect(toPng(svg, { scale: 0 })).rejects.toThrow(/svgToPng: scale must be a positive number, got 0/);
  });

  it('pngInfo rejects bytes that are not a PNG', () => {
    expect(() => pngInfo(new TextEncoder().encode('<svg></svg> and more bytes here'))).toThrow(/pngInfo: not a PNG \(31 bytes/);
  });
});
