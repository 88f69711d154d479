import { fromTypedArray, Generator, manualSeed, randn, ShapeError } from '@dl/tensor';
import { readProjectorTsv } from '@dl/io';
import { DOMParser } from 'linkedom';
import { beforeEach, describe, expect, it } from 'vitest';
import { kmeans } from './kmeans.js';
import { embeddingMap, nearestNeighbours } from './map.js';
import { pca } from './pca.js';
import { projectorFiles } from './projector.js';
import { tsne } from './tsne.js';
import { umap } from './umap.js';

beforeEach(() => manualSeed(0));

/** Three well separated Gaussian clusters in 10-d, 20 points each. */
function clusters(): { vectors: Float64Array; labels: number[]; n: number; d: number } {
  const generator = new Generator(7);
  const n = 60;
  const d = 10;
  const vectors = new Float64Array(n * d);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 3;
    labels.push(label);
    for (let k = 0; k < d; k++) vectors[i * d + k] = (k === label * 3 ? 8 : 0) + generator.normal();
  }
  return { vectors, labels, n, d };
}

/** Share of points whose nearest neighbour in `points` has the same label. */
function purity(points: ArrayLike<number>, labels: number[], dims: number): number {
  const n = labels.length;
  let same = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let dist = 0;
      for (let k = 0; k < dims; k++) dist += ((points[i * dims + k] ?? 0) - (points[j * dims + k] ?? 0)) ** 2;
      if (dist < bestDistance) [best, bestDistance] = [j, dist];
    }
    if (labels[best] === labels[i]) same++;
  }
  return same / n;
}

describe('pca', () => {
  it('finds the axes of a stretched cloud with their variance shares', () => {
    const generator = new Generator(1);
    const n = 500;
    const data = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const a = 3 * generator.normal();
      const b = generator.normal();
      data.set([a / Math.SQRT2 + 5, a / Math.SQRT2 - 2, b], i * 3);
    }
    const { points, components, explainedVarianceRatio } = pca(fromTypedArray(data, [n, 3]), 2);
    expect(points.shape).toEqual([n, 2]);
    const first = Array.from(components.dataSync()).slice(0, 3);
    expect(first[0]).toBeCloseTo(Math.SQRT1_2, 1);
    expect(first[1]).toBeCloseTo(Math.SQRT1_2, 1);
    expect(explainedVarianceRatio[0]).toBeGreaterThan(0.85);
    expect((explainedVarianceRatio[0] ?? 0) + (explainedVarianceRatio[1] ?? 0)).toBeCloseTo(1, 6);
  });

  it('gives 3-d coordinates and rejects a k above the feature count', () => {
    expect(pca(randn([20, 5]), 3).points.shape).toEqual([20, 3]);
    expect(() => pca(randn([20, 5]), 6)).toThrow(/pca: k must be an integer in 1..5 \(the number of features\), got 6/);
    expect(() => pca(randn([20]))).toThrow(ShapeError);
  });
});

describe('tsne', () => {
  it('keeps clusters together, deterministically', () => {
    const { vectors, labels, n, d } = clusters();
    const input = fromTypedArray(vectors, [n, d]);
    const points = tsne(input, { perplexity: 10, maxIter: 400 });
    expect(points.shape).toEqual([n, 2]);
    expect(purity(points.dataSync(), labels, 2)).toBeGreaterThanOrEqual(purity(vectors, labels, 10) - 0.02);
    expect(purity(points.dataSync(), labels, 2)).toBeGreaterThan(0.95);
    expect(Array.from(tsne(input, { perplexity: 10, maxIter: 400 }).dataSync())).toEqual(Array.from(points.dataSync()));
  });

  it('rejects a perplexity too large for the points', () => {
    expect(() => tsne(randn([10, 3]))).toThrow(/tsne: perplexity must be in \(0, 10\) for 10 points, got 30/);
  });
});

describe('umap', () => {
  it('keeps clusters together, the same for the same seed', () => {
    const { vectors, labels, n, d } = clusters();
    const input = fromTypedArray(vectors, [n, d]);
    const points = umap(input, { nNeighbors: 8, seed: 3 });
    expect(purity(points.dataSync(), labels, 2)).toBeGreaterThan(0.95);
    expect(Array.from(umap(input, { nNeighbors: 8, seed: 3 }).dataSync())).toEqual(Array.from(points.dataSync()));
  });
});

describe('nearestNeighbours', () => {
  it('ranks by cosine similarity', () => {
    const vectors = fromTypedArray(Float64Array.from([1, 0, 0.9, 0.1, 0, 1, -1, 0]), [4, 2]);
    expect(nearestNeighbours(vectors, 2)).toEqual([[1, 2], [0, 2], [1, 0], [2, 1]]);
  });
});

describe('embeddingMap', () => {
  const words = Array.from({ length: 60 }, (_, i) => `w${i}`);

  it('draws every point, labels without overlap, and rings the neighbours of a chosen word', async () => {
    const { vectors, labels, n, d } = clusters();
    const input = fromTypedArray(vectors, [n, d]);
    const figure = embeddingMap(pca(input).points, { words, groups: labels, vectors: input, highlight: 'w0', neighbours: 5, title: 'clusters' });
    const svg = await figure.toSVG();
    const document = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const count = (selector: string) => (document.querySelectorAll(selector) as unknown as unknown[]).length;
    expect(count('.mark-symbol.role-mark.layer_1_marks path')).toBe(60);
    expect(count('.mark-symbol.role-mark.layer_2_marks path')).toBe(6);
    expect(count('.mark-rule.role-mark path, .mark-rule.role-mark line')).toBe(5);
    expect(svg).toContain('>w0</text>');
    expect(figure.hover?.neighbours.w0).toHaveLength(5);
  });

  it('throws for an unknown word, a count mismatch and non-2-d points', () => {
    const points = randn([60, 2]);
    expect(() => embeddingMap(points, { words, highlight: 'queen' })).toThrow(/embeddingMap: highlight word "queen" is not among the 60 words \(w0, w1, w2, w3, w4, \.\.\.\)/);
    expect(() => embeddingMap(points, { words: words.slice(1) })).toThrow(/embeddingMap: 59 words for 60 points/);
    expect(() => embeddingMap(randn([60, 3]), { words })).toThrow(ShapeError);
    expect(() => embeddingMap(randn([60, 3]), { words })).toThrow(/hint: project first with pca/);
  });
});

describe('projectorFiles', () => {
  it('writes TSV files the Projector and @dl/io read back', () => {
    const vectors = randn([3, 4]);
    const files = projectorFiles(vectors, ['a', 'b', 'c']);
    const back = readProjectorTsv(files);
    expect(back.words).toEqual(['a', 'b', 'c']);
    expect(Array.from(back.vectors.dataSync())).toEqual(Array.from(vectors.dataSync()));
    expect(projectorFiles(vectors, ['a', 'b', 'c'], { groups: [1, 2, 1] }).metadata).toBe('word\tgroup\na\t1\nb\t2\nc\t1\n');
    expect(() => projectorFiles(vectors, ['a'])).toThrow(/projectorFiles: 1 words for 3 vectors/);
  });
});

describe('pca with fewer points than features', () => {
  it('matches the covariance route through the Gram matrix', () => {
    const wide = randn([6, 40]);
    const viaGram = pca(wide, 2);
    expect(viaGram.points.shape).toEqual([6, 2]);
    // The variance of the points along each axis is that axis' eigenvalue.
    const first = Array.from(viaGram.points.dataSync()).filter((_, i) => i % 2 === 0);
    const variance = first.reduce((sum, value) => sum + value * value, 0) / 5;
    expect(variance).toBeCloseTo(viaGram.explainedVariance[0] ?? 0, 4);
    const total = viaGram.explainedVarianceRatio.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(1 + 1e-9);
    expect(total).toBeGreaterThan(0.3);
  });
});

describe('kmeans', () => {
  it('recovers well separated clusters, the same for the same seed', () => {
    const { vectors, labels, n, d } = clusters();
    const input = fromTypedArray(vectors, [n, d]);
    const result = kmeans(input, 3, { seed: 2 });
    // Same cluster ⇔ same true label, whatever the numbering.
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(result.labels[i] === result.labels[j]).toBe(labels[i] === labels[j]);
    expect(Array.from(kmeans(input, 3, { seed: 2 }).labels)).toEqual(Array.from(result.labels));
    expect(() => kmeans(input, 0)).toThrow(/kmeans: k must be an integer in 1..60 \(the number of points\), got 0/);
  });
});
