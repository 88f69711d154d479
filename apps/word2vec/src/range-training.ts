// One thread's share of an epoch: the chunks of its byte range, each trained at the learning rate
// of the words every thread has claimed so far. The main thread (1 thread) and each worker run it.
import type { ChunkResult, ChunkTrainer } from './chunk-trainer.js';
import type { RangeReader } from './range-reader.js';

/** Linear decay from `alpha` to `minAlpha` over `totalWords` (all epochs), as gensim. */
export interface Schedule {
  alpha: number;
  minAlpha: number;
  totalWords: number;
}

/** The learning rate after `words` words. */
export function learningRate(schedule: Schedule, words: number): number {
  const { alpha, minAlpha, totalWords } = schedule;
  return Math.max(minAlpha, alpha - ((alpha - minAlpha) * words) / totalWords);
}

/**
 * Trains the lines starting in `range` of the reader's file. `progress[0]` counts the words
 * claimed by all threads (a shared counter): a chunk claims its words before it trains.
 */
export function trainRange(trainer: ChunkTrainer, reader: RangeReader, range: readonly [number, number], progress: BigInt64Array, schedule: Schedule, finished: (result: ChunkResult) => void): void {
  for (const chunk of reader.chunks(range[0], range[1])) {
    const words = chunk.words.length;
    const done = Number(Atomics.add(progress, 0, BigInt(words)));
    finished(trainer.train({ ...chunk, lrStart: learningRate(schedule, done), lrEnd: learningRate(schedule, done + words) }));
  }
}
