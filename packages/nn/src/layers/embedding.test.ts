import { randn, tensor } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFixture, fixtureOptions } from '../__fixtures__/read-fixture.js';
import { Embedding, EmbeddingBag, functional as F, type EmbeddingBagOptions, type EmbeddingOptions } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

const ints = (values: number[] | number[][]): nd.NDArray => nd.array(values, { dtype: 'int32' });
type Case<T> = T & { numEmbeddings: number; embeddingDim: number };

describe('Embedding', () => {
  it.each(['Embedding', 'Embedding_paddingIdx', 'Embedding_maxNorm'])('matches PyTorch: %s', (name) => {
    const { numEmbeddings, embeddingDim, ...options } = fixtureOptions<Case<EmbeddingOptions>>(name);
    expect(() => {
      checkFixture(name, new Embedding(numEmbeddings, embeddingDim, { ...options, dtype: 'float64' }), { indices: ['input'] });
    }).not.toThrow();
  });

  it('starts N(0, 1) with a zero padding row', () => {
    const emb = new Embedding(5, 3, { paddingIdx: -1 });
    expect(emb.paddingIdx).toBe(4);
    expect(emb.weight.data.select(0, 4).toArray()).toEqual([0, 0, 0]);
  });

  it('passes gradcheck with repeated indices', () => {
    const emb = new Embedding(4, 2, { dtype: 'float64' });
    gradcheck((w) => F.embedding(ints([[1, 3], [1, 1]]), w), [emb.weight]);
  });

  it('throws on out-of-range or float indices', () => {
    const emb = new Embedding(10, 3);
    expect(() => emb.call(ints([1, 12]))).toThrow(/embedding: index 12 is out of range for 10 embeddings \(expected 0\.\.9\)/);
    expect(() => emb.call(tensor([1, 2]))).toThrow(/embedding: input must be int32 indices, got float32/);
    expect(() => new Embedding(4, 2, { paddingIdx: 4 })).toThrow(/Embedding: paddingIdx must be within the 4 embeddings \(expected -4\.\.3\), got 4/);
  });

  it('prints its sizes and options', () => {
    expect(String(new Embedding(10, 3, { paddingIdx: 0 })).split('\n')[0]).toBe('Embedding(10, 3, paddingIdx=0)');
  });

  it('with sparse: true fills weight.sparseGrad (not grad): one row per lookup, padding left out', () => {
    const sparse = new Embedding(6, 3, { sparse: true, paddingIdx: 2, dtype: 'float64' });
    const dense = new Embedding(6, 3, { paddingIdx: 2, dtype: 'float64' });
    dense.weight.data = nd.clone(sparse.weight.data);
    const input = ints([[5, 2, 0], [5, 1, 2]]);
    const cotangent = nd.randn([2, 3, 3], { dtype: 'float64' });
    sparse.call(input).backward(cotangent);
    dense.call(input).backward(cotangent);
    expect(sparse.weight.grad).toBeNull();
    const grad = sparse.weight.sparseGrad;
    expect(grad?.indices.toArray()).toEqual([5, 0, 5, 1]);
    expect(grad?.values.toArray()).toEqual(nd.indexSelect(nd.reshape(cotangent, [6, 3]), 0, ints([0, 2, 3, 4])).toArray());
    const densified = nd.indexAdd_(nd.zeros([6, 3], { dtype: 'float64' }), 0, grad?.indices ?? ints([]), grad?.values ?? nd.zeros([0, 3], { dtype: 'float64' }));
    expect(densified.toArray()).toEqual(dense.weight.grad?.toArray());
    expect(String(sparse).split('\n')[0]).toBe('Embedding(6, 3, paddingIdx=2, sparse=true)');
  });

  it('with sparse: true still renormalizes looked-up rows to maxNorm in place', () => {
    const weight = tensor([[3, 4], [0.3, 0.4], [6, 8]], { requiresGrad: true });
    const out = F.embedding(ints([0, 1]), weight, { maxNorm: 1, sparse: true });
    const expected = [[3 / (5 + 1e-7), 4 / (5 + 1e-7)], [0.3, 0.4]];
    out.sum().backward();
    expectClose(out.data, expected, { atol: 1e-6 });
    expectClose(weight.data, [...expected, [6, 8]], { atol: 1e-6 });
    expect(weight.sparseGrad?.indices.toArray()).toEqual([0, 1]);
    expect(weight.grad).toBeNull();
  });
});

describe('EmbeddingBag', () => {
  it.each(['EmbeddingBag_mean2d', 'EmbeddingBag_sumOffsets', 'EmbeddingBag_meanOffsets'])('matches PyTorch: %s', (name) => {
    const { numEmbeddings, embeddingDim, ...options } = fixtureOptions<Case<EmbeddingBagOptions>>(name);
    expect(() => {
      checkFixture(name, new EmbeddingBag(numEmbeddings, embeddingDim, { ...options, dtype: 'float64' }), { indices: ['input', 'offsets'] });
    }).not.toThrow();
  });

  it('takes the max per bag, and zeros for an empty bag', () => {
    const weight = tensor([[1, 5], [3, 2], [0, 0]]);
    expect(F.embeddingBag(ints([0, 1, 2]), weight, ints([0, 2, 3]), { mode: 'max' }).toArray()).toEqual([[3, 5], [0, 0], [0, 0]]);
  });

  it('leaves paddingIdx out of sums and of mean counts', () => {
    const weight = tensor([[1, 1], [2, 4], [6, 8]]);
    expect(F.embeddingBag(ints([[0, 1, 2]]), weight, null, { paddingIdx: 0 }).toArray()).toEqual([[4, 6]]);
  });

  it('passes gradcheck with per-sample weights', () => {
    const bag = new EmbeddingBag(5, 2, { mode: 'sum', dtype: 'float64' });
    const weights = randn([4], { dtype: 'float64', requiresGrad: true });
    gradcheck((w, s) => F.embeddingBag(ints([1, 4, 1, 0]), w, ints([0, 3]), { mode: 'sum', perSampleWeights: s }), [bag.weight, weights]);
  });

  it('with sparse: true gives the weight a row-sparse gradient equal to the dense one', () => {
    const sparse = new EmbeddingBag(5, 2, { mode: 'mean', sparse: true, dtype: 'float64' });
    const dense = new EmbeddingBag(5, 2, { mode: 'mean', dtype: 'float64' });
    dense.weight.data = nd.clone(sparse.weight.data);
    sparse.call(ints([1, 4, 1, 0]), ints([0, 3])).sum().backward();
    dense.call(ints([1, 4, 1, 0]), ints([0, 3])).sum().backward();
    expect(sparse.weight.grad).toBeNull();
    expect(sparse.weight.sparseGrad?.indices.toArray()).toEqual([1, 4, 1, 0]);
    const grad = sparse.weight.sparseGrad;
    expect(grad && nd.indexAdd_(nd.zeros([5, 2], { dtype: 'float64' }), 0, grad.indices, grad.values).toArray()).toEqual(dense.weight.grad?.toArray());
    expect(String(sparse).split('\n')[0]).toBe("EmbeddingBag(5, 2, mode='mean', sparse=true)");
  });

  it('throws on bad offsets', () => {
    const bag = new EmbeddingBag(5, 2);
    expect(() => bag.call(ints([1, 2]), ints([1]))).toThrow(/embeddingBag: offsets\[0\] must be 0 \(the first bag starts at position 0\), got 1/);
    expect(() => bag.call(ints([1, 2]))).toThrow(/embeddingBag: a 1-d input needs 1-d int32 offsets/);
    expect(() => bag.call(ints([[1, 2]]), ints([0]))).toThrow(/embeddingBag: offsets must be omitted for a 2-d input/);
    expect(() => bag.call(ints([1, 2]), ints([0, 3]))).toThrow(/embeddingBag: offsets must be non-decreasing and at most 2, got 0, 3/);
    expect(() => bag.call(ints([1, 2]), ints([0]), randn([2]))).toThrow(/embeddingBag: perSampleWeights needs mode 'sum', got 'mean'/);
  });
});
