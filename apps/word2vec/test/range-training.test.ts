// The learning-rate schedules: word2vec.c's straight line, and gensim's corpus_file schedule on N threads.
import { describe, expect, it } from 'vitest';
import { learningRate, type Schedule } from '../src/range-training.js';

const linear: Schedule = { kind: 'linear', alpha: 0.025, minAlpha: 0.0001, totalWords: 5000, epochWords: 1000, threads: 2 };
const gensim: Schedule = { ...linear, kind: 'gensim' };

describe('learningRate', () => {
  it('linear: falls from alpha to min-alpha over all words of all epochs, whatever the threads', () => {
    expect(learningRate(linear, 0)).toBeCloseTo(0.025, 12);
    expect(learningRate(linear, 2500)).toBeCloseTo(0.025 - 0.0249 / 2, 12);
    expect(learningRate(linear, 5000)).toBeCloseTo(0.0001, 12);
  });

  it('gensim on 2 threads: within an epoch the rate falls half the way, then jumps to the epoch line', () => {
    // gensim: progress = (epoch + own words / epoch words) / epochs, each thread reading half an epoch.
    const at = (progress: number): number => 0.025 - 0.0249 * progress;
    expect(learningRate(gensim, 0)).toBeCloseTo(at(0), 12);
    expect(learningRate(gensim, 999)).toBeCloseTo(at(0.4995 / 5), 12);
    expect(learningRate(gensim, 1000)).toBeCloseTo(at(1 / 5), 12);
    expect(learningRate(gensim, 4999)).toBeCloseTo(at(4.4995 / 5), 12);
  });

  it('gensim on 1 thread is the linear schedule', () => {
    for (const words of [0, 123, 1000, 2999, 4999]) expect(learningRate({ ...gensim, threads: 1 }, words)).toBe(learningRate(linear, words));
  });
});
