import { bench, describe } from 'vitest';
import { array, indexAdd_, indexSelect, randn, sort, topk, transpose, zeros } from '../src/index.js';

// The word2vec embedding path: look up a batch of rows of a [100000, 100] float32 matrix,
// then add the gradient rows back (repeated ids accumulate).
const vocab = 100_000;
const width = 100;
const weight = randn([vocab, width]);
const ids = array(Array.from({ length: 1024 }, (_, i) => (i * 7919) % vocab), { dtype: 'int32' });
const grad = randn([1024, width]);
const gradient = zeros([vocab, width]);
const columns = transpose(randn([width, 10_000]), 0, 1);
const smallIds = array(Array.from({ length: 1024 }, (_, i) => (i * 7919) % 10_000), { dtype: 'int32' });

describe('embedding rows', () => {
  bench('indexSelect 1024 rows of [100000, 100]', () => {
    indexSelect(weight, 0, ids);
  });
  bench('indexAdd_ 1024 rows into [100000, 100]', () => {
    indexAdd_(gradient, 0, ids, grad);
  });
  bench('indexSelect 1024 rows of a transposed [10000, 100]', () => {
    indexSelect(columns, 0, smallIds);
  });
});

// Nearest neighbours: the 10 best of 100000 similarity scores.
const scores = randn([vocab]);

describe('nearest neighbours', () => {
  bench('topk 10 of 100000', () => {
    topk(scores, 10);
  });
  bench('sort 100000', () => {
    sort(scores);
  });
});
