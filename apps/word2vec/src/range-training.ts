// One thread's share of an epoch: the chunks of its byte range, each trained at the learning rate
// of the words every thread has claimed so far. The main thread (1 thread) and each worker run it.
import type { ChunkResult, ChunkTrainer } from './chunk-trainer.js';
import type { RangeReader } from './range-reader.js';

/** How the learning rate decays: see `learningRate`. */
export type LrSchedule = 'linear' | 'gensim';

/** Decay from `alpha` to `minAlpha` over `totalWords` (all epochs, `epochWords` each). */
export interface Schedule {
  kind: LrSchedule;
  alpha: number;
  minAlpha: number;
  totalWords: number;
  epochWords: number;
  threads: number;
}

/**
 * The learning rate after `words` words (claimed by all threads). `linear`: a straight line
 * from `alpha` to `minAlpha` over all the words of all epochs, as word2vec.c, and gensim on one
 * thread. `gensim`: what gensim 4's corpus_file mode does on N threads: each thread measures the
 * epoch's progress as its own words over the whole epoch's, but reads only 1/N of the epoch, so
 * within an epoch the rate falls only 1/N of the way and jumps at the next epoch (its last epoch
 * ends at alpha - (alpha - minAlpha) * (epochs - 1 + 1/N) / epochs, never reaching `minAlpha`).
 */
export function learningRate(schedule: Schedule, words: number): number {
  const { alpha, minAlpha, totalWords, epochWords, threads } = schedule;
  let progress = words;
  if (schedule.kind === 'gensim') {
    const epoch = Math.floor(words / epochWords);
    progress = epoch * epochWords + (words - epoch * epochWords) / threads;
  }
  return Math.max(minAlpha, alpha - ((alpha - minAlpha) * progress) / totalWords);
}

/**
 * Trains the lines starting in `range` of the reader's file. `progress[0]` counts the words
 * claimed by all threads (a shared counter): a chunk claims its words before it trains.
 */
export async function trainRange(trainer: ChunkTrainer, reader: RangeReader, range: readonly [number, number], progress: BigInt64Array, schedule: Schedule, finished: (result: ChunkResult) => void): Promise<void> {
  let yielded = performance.now();
  for (const chunk of reader.chunks(range[0], range[1])) {
    const words = chunk.words.length;
    const done = Number(Atomics.add(progress, 0, BigInt(words)));
    finished(trainer.train({ ...chunk, lrStart: learningRate(schedule, done), lrEnd: learningRate(schedule, done + words) }));
    // NOTE: one thread trains on the main thread: give its event loop a turn now and then, so
    // Ctrl-C's handler (which removes a temporary corpus copy) runs within a chunk, not an epoch.
    if (performance.now() - yielded >= YIELD_EVERY_MS) {
      await new Promise(setImmediate);
      yielded = performance.now();
    }
  }
}

const YIELD_EVERY_MS = 50;
