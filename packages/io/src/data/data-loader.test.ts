import { CrossEntropyLoss, Linear, MSELoss } from '@dl/nn';
import { arange, array, Generator, randn, zeros, type NDArray } from '@dl/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataLoader, defaultCollate, TensorDataset, type Dataset } from '../index.js';

const numbers = (n: number): Dataset<number> => ({ length: n, get: (i) => i });
const flat = (batch: NDArray): number[] => Array.from(batch.dataSync());

describe('DataLoader', () => {
  it('yields batches in order, the last one short', () => {
    const loader = new DataLoader(numbers(5), { batchSize: 2 });
    expect(loader.length).toBe(3);
    expect([...loader].map(flat)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('drops the short last batch with dropLast', () => {
    const loader = new DataLoader(numbers(5), { batchSize: 2, dropLast: true });
    expect([loader.length, [...loader].map(flat)]).toEqual([2, [[0, 1], [2, 3]]]);
  });

  it('stacks TensorDataset rows into [batch, ...] arrays', () => {
    const loader = new DataLoader(new TensorDataset(arange(12).reshape([6, 2]), array([0, 1, 2, 3, 4, 5], { dtype: 'int32' })), { batchSize: 4 });
    const [[x, y]] = [...loader] as NDArray[][];
    expect([x.shape, y.shape, y.dtype]).toEqual([[4, 2], [4], 'int32']);
  });

  it('shuffles reproducibly with a seed, with a new order every epoch', () => {
    const epochs = (seed: number): number[][] => {
      const loader = new DataLoader(numbers(8), { batchSize: 8, shuffle: true, seed });
      return [flat([...loader][0]), flat([...loader][0])];
    };
    const [first, second] = epochs(3);
    expect(epochs(3)).toEqual([first, second]);
    expect(first).not.toEqual(second);
    expect([...first].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('draws from the generator it is given, so saving its state replays the order', () => {
    const generator = new Generator(5);
    const loader = new DataLoader(numbers(6), { batchSize: 6, shuffle: true, generator });
    const state = generator.getState();
    const order = flat([...loader][0]);
    generator.setState(state);
    expect(flat([...loader][0])).toEqual(order);
  });

  it('uses a custom collate function', () => {
    const loader = new DataLoader(numbers(4), { batchSize: 2, collate: (items) => items.join('+') });
    expect([...loader]).toEqual(['0+1', '2+3']);
    expectTypeOf(loader).toEqualTypeOf<DataLoader<number, string>>();
  });

  it('throws for a batch size that is not a positive integer', () => {
    expect(() => new DataLoader(numbers(4), { batchSize: 0 })).toThrow(/DataLoader: batchSize must be a positive integer, got 0/);
  });
});

describe('defaultCollate', () => {
  it('collates lists, records, numbers, booleans and strings', () => {
    const batch = defaultCollate([
      { x: zeros([2]), label: 1, ok: true, name: 'a' },
      { x: zeros([2]), label: 2, ok: false, name: 'b' },
    ]);
    expect([batch.x.shape, flat(batch.label), batch.label.dtype, flat(batch.ok), batch.name]).toEqual([[2, 2], [1, 2], 'float32', [1, 0], ['a', 'b']]);
  });

  it('throws ShapeError for arrays of different shapes', () => {
    expect(() => defaultCollate([zeros([2]), zeros([3])])).toThrow(/stack: expects each array to be equal size/);
  });

  it('throws for mixed kinds and ragged lists, naming where', () => {
    expect(() => defaultCollate([[1, 2], [1, 'a']] as unknown[])).toThrow(/defaultCollate: batch\[1\] mixes a number \(item 0\) and a string \(item 1\)/);
    expect(() => defaultCollate([[1, 2], [1]])).toThrow(/defaultCollate: batch has lists of length 2 \(item 0\) and 1 \(item 1\)/);
    expect(() => defaultCollate([null])).toThrow(/defaultCollate: cannot collate null values in batch/);
    expect(() => defaultCollate([])).toThrow(/defaultCollate: cannot collate an empty batch/);
  });
});

describe('DataLoader batches feed a model (#8)', () => {
  it('passes TensorDataset batches to Module.call and a loss without wrapping', () => {
    const model = new Linear(2, 3);
    const loader = new DataLoader(new TensorDataset(randn([6, 2]), array([0, 1, 2, 0, 1, 2], { dtype: 'int32' })), { batchSize: 4 });
    for (const [xb, yb] of loader) {
      const loss = new CrossEntropyLoss().call(model.call(xb), yb);
      expectTypeOf(loss.item()).toBeNumber();
      loss.backward();
    }
    expect(model.weight.grad?.shape).toEqual([3, 2]);
  });

  it('passes fields of record batches (batch.x, batch.y) the same way', () => {
    const model = new Linear(2, 1);
    const data: Dataset<{ x: NDArray; y: NDArray }> = { length: 4, get: (i) => ({ x: array([i, 1]), y: array([2 * i]) }) };
    const [batch] = [...new DataLoader(data, { batchSize: 4 })];
    const loss = new MSELoss().call(model.call(batch.x), batch.y);
    loss.backward();
    expect([loss.shape, model.bias?.grad?.shape]).toEqual([[], [1]]);
  });
});
