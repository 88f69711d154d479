// The `plot` subcommand: maps of word vectors through @dl/viz, written as SVG, PNG and HTML.
import { saveWord2VecFormat, type WordVectors } from '@dl/io';
import * as nd from '@dl/tensor';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { savePlot, selectWords, wordMap } from '../src/plot.js';

let folder: string;
// Three topics, each a direction plus noise, so clusters and neighbours are known.
const WORDS = Array.from({ length: 30 }, (_, i) => `${['sun', 'car', 'tea'][i % 3]}${Math.floor(i / 3)}`);
const centres = nd.randn([3, 16], { generator: new nd.Generator(1) });
const noise = nd.randn([30, 16], { generator: new nd.Generator(2) }).mul(0.1);
const VECTORS: WordVectors = { words: WORDS, vectors: nd.add(nd.indexSelect(centres, 0, nd.array(WORDS.map((_, i) => i % 3), { dtype: 'int32' })), noise) };

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-w2v-plot-'));
  await saveWord2VecFormat(VECTORS, join(folder, 'vectors.bin'), { binary: true });
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function runHere(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const errors: string[] = [];
  const lines: string[] = [];
  const errorSpy = vi.spyOn(console, 'error').mockImplementation((line: string) => { errors.push(line); });
  const logSpy = vi.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
  try {
    return { status: await main(args), stdout: lines.join('\n'), stderr: errors.join('\n') };
  } finally {
    errorSpy.mockRestore();
    logSpy.mockRestore();
  }
}

describe('selectWords', () => {
  it('takes --top words after --skip, in file order', () => {
    const { words, matrix } = selectWords(VECTORS, 4, 3);
    expect(words).toEqual(['sun1', 'car1', 'tea1', 'sun2']);
    expect(matrix.shape).toEqual([4, 16]);
    expect((matrix.toArray() as number[][])[0]).toEqual(nd.select(VECTORS.vectors, 0, 3).toArray());
  });

  it('names the sizes when too few words remain', () => {
    expect(() => selectWords(VECTORS, 10, 29)).toThrow(/the file holds 30 words, too few after --skip 29/);
  });
});

describe('wordMap', () => {
  it('colours the three topics as three k-means clusters', () => {
    const spec = JSON.stringify(wordMap(VECTORS, { top: 30, skip: 0, method: 'pca', clusters: 3, seed: 1 }).spec);
    const clusterOf = (word: string): string | undefined => new RegExp(`"word":"${word}","group":"(cluster \\d)"`).exec(spec)?.[1];
    const byTopic = ['sun', 'car', 'tea'].map((topic) => [...new Set(WORDS.filter((word) => word.startsWith(topic)).map(clusterOf))]);
    expect(byTopic.map((clusters) => clusters.length)).toEqual([1, 1, 1]);
    expect(new Set(byTopic.flat()).size).toBe(3);
    expect(byTopic.flat()).not.toContain(undefined);
  });

  it('rejects a highlight word that is not plotted', () => {
    expect(() => wordMap(VECTORS, { top: 6, skip: 0, method: 'pca', clusters: 1, seed: 1, highlight: 'tea9' }))
      .toThrow(/--highlight "tea9" is not among the 6 plotted words/);
  });
});

describe('savePlot', () => {
  it('writes SVG, PNG and HTML by extension and refuses other extensions', async () => {
    const figure = wordMap(VECTORS, { top: 30, skip: 0, method: 'tsne', clusters: 3, seed: 1, highlight: 'sun0' });
    await savePlot(figure, join(folder, 'map.svg'));
    expect(await readFile(join(folder, 'map.svg'), 'utf8')).toMatch(/^<svg[\s\S]*sun0/);
    await savePlot(figure, join(folder, 'map.png'));
    expect([...(await readFile(join(folder, 'map.png'))).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    await savePlot(figure, join(folder, 'map.html'));
    expect(await readFile(join(folder, 'map.html'), 'utf8')).toMatch(/<html[\s\S]*tea9/);
    await expect(savePlot(figure, join(folder, 'map.jpg'))).rejects.toThrow(/cannot tell the format of .*map\.jpg \(expected \.svg, \.png or \.html\)/);
  });
});

describe('dl-word2vec plot', () => {
  it('prints its usage for --help', async () => {
    const { status, stdout } = await runHere('plot', '--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(/usage: dl-word2vec plot --vectors PATH[\s\S]*--method M +pca \| tsne \| umap/);
  });

  it('maps a vectors file with UMAP to the --output file', async () => {
    const output = join(folder, 'cli.svg');
    const { status, stderr } = await runHere('plot', '--vectors', join(folder, 'vectors.bin'), '--method', 'umap', '--top', '20', '--output', output);
    expect({ status, stderr }).toEqual({ status: 0, stderr: `wrote ${output}` });
    expect(existsSync(output)).toBe(true);
  });

  it('ends with a one-line error for a bad method or a missing --vectors', async () => {
    expect(await runHere('plot', '--vectors', join(folder, 'vectors.bin'), '--method', 'lda')).toMatchObject({ status: 1, stderr: 'dl-word2vec plot: --method: expected one of pca, tsne, umap, got "lda"' });
    expect(await runHere('plot')).toMatchObject({ status: 1, stderr: 'dl-word2vec plot: --vectors PATH is required' });
  });
});
