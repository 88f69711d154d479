import { tensor } from '@dl/autograd';
import { arange, array, Generator, zeros } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { randomSplit, Subset, TensorDataset } from '../index.js';

describe('TensorDataset', () => {
  it('returns row i of every array', () => {
    const data = new TensorDataset(arange(6).reshape([3, 2]), array([7, 8, 9], { dtype: 'int32' }));
    expect(data.length).toBe(3);
    const [x, y] = data.get(1);
    expect([x.toArray(), y.item()]).toEqual([[2, 3], 8]);
  });

  it('accepts Tensors', () => {
    const data = new TensorDataset(tensor([[1, 2]], { requiresGrad: true }));
    expect(data.get(0)[0].toArray()).toEqual([1, 2]);
  });

  it('throws ShapeError when the first dims differ', () => {
    expect(() => new TensorDataset(zeros([3, 2]), zeros([4]))).toThrow(/TensorDataset: size mismatch between arrays \(dim 0 of array 0 is 3, of array 1 is 4/);
    expect(() => new TensorDataset(zeros([]))).toThrow(/TensorDataset: size mismatch/);
  });

  it('throws for arguments that are not arrays and for no arguments', () => {
    expect(() => new TensorDataset()).toThrow(/TensorDataset: expected at least one array/);
    expect(() => new TensorDataset([1, 2] as never)).toThrow(/TensorDataset: argument 0 must be an NDArray or a Tensor, got object/);
  });

  it('throws IndexError out of range', () => {
    expect(() => new TensorDataset(zeros([2])).get(2)).toThrow(/select: index 2 is out of bounds for dim 0 with size 2/);
  });
});

describe('Subset', () => {
  it('maps positions to the parent dataset', () => {
    const subset = new Subset({ length: 5, get: (i: number) => i * 10 }, [4, 1]);
    expect([subset.length, subset.get(0), subset.get(1)]).toEqual([2, 40, 10]);
  });

  it('throws IndexError for indices out of range', () => {
    expect(() => new Subset({ length: 2, get: (i: number) => i }, [2])).toThrow(/Subset: index 2 is out of range for a dataset of length 2/);
    expect(() => new Subset({ length: 2, get: (i: number) => i }, [0]).get(1)).toThrow(/Subset: index 1 is out of range for a subset of length 1/);
  });
});

describe('randomSplit', () => {
  const data = { length: 10, get: (i: number) => i };

  it('splits into disjoint subsets covering the dataset, reproducibly', () => {
    const [a, b] = randomSplit(data, [7, 3], { generator: new Generator(0) });
    const [c] = randomSplit(data, [7, 3], { generator: new Generator(0) });
    expect([a.length, b.length]).toEqual([7, 3]);
    expect([...a.indices, ...b.indices].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(c.indices).toEqual(a.indices);
  });

  it('accepts fractions, giving leftovers to the first subsets', () => {
    expect(randomSplit({ length: 11, get: (i: number) => i }, [0.5, 0.5]).map((s) => s.length)).toEqual([6, 5]);
  });

  it('throws for lengths that do not add up', () => {
    expect(() => randomSplit(data, [5, 4])).toThrow(/randomSplit: lengths \[5, 4\] must be non-negative integers summing to 10 or fractions summing to 1/);
  });
});
