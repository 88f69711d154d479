import { bench, describe } from 'vitest';
import { amax, argmax, logSoftmax, max, mean, randn, softmax, sum, transpose, variance } from '../src/index.js';

const vector = randn([1_000_000]);
const matrix = randn([1000, 1000]);
const transposed = transpose(matrix, 0, 1);

describe('reductions of 1e6 float32 elements', () => {
  bench('sum over all dims', () => {
    sum(vector);
  });
  bench('sum of [1000, 1000] over dim 0', () => {
    sum(matrix, 0);
  });
  bench('sum of [1000, 1000] over dim 1', () => {
    sum(matrix, 1);
  });
  bench('sum of a transposed [1000, 1000] over dim 1 (copies first)', () => {
    sum(transposed, 1);
  });
  bench('mean over all dims', () => {
    mean(vector);
  });
  bench('variance over all dims', () => {
    variance(vector);
  });
  bench('amax of [1000, 1000] over dim 1', () => {
    amax(matrix, 1);
  });
  bench('max with indices of [1000, 1000] over dim 1', () => {
    max(matrix, 1);
  });
  bench('argmax over all dims', () => {
    argmax(vector);
  });
});

describe('softmax of [1000, 1000] float32', () => {
  bench('softmax over dim -1', () => {
    softmax(matrix, -1);
  });
  bench('softmax over dim 0 (strided lanes)', () => {
    softmax(matrix, 0);
  });
  bench('logSoftmax over dim -1', () => {
    logSoftmax(matrix, -1);
  });
});
