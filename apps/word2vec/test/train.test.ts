import { Generator } from '@dl/tensor';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileCorpus } from '../src/corpus.js';
import { mostSimilar, Space } from '../src/evaluate.js';
import { DEFAULTS, train, type TrainOptions } from '../src/train.js';
import { wordVectorsOf } from '../src/vectors.js';

let folder: string;
let corpusPath: string;
const ANIMALS = ['cat', 'dog', 'horse', 'cow', 'sheep'];
const NUMBERS = ['one', 'two', 'three', 'four', 'five'];

/** Two topics that never share a sentence: animals with farm words, numbers with sums. */
function topicCorpus(lines: number): string {
  const generator = new Generator(7);
  const pick = (words: readonly string[]): string => words[generator.integer(0, words.length)];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const animal = i % 2 === 0;
    const topic = animal ? ANIMALS : NUMBERS;
    const glue = animal ? ['eats', 'grass', 'in', 'the', 'field', 'barn'] : ['plus', 'equals', 'minus', 'times', 'sum'];
    out.push(Array.from({ length: 12 }, (_, k) => pick(k % 2 === 0 ? topic : glue)).join(' '));
  }
  return `${out.join('\n')}\n`;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-w2v-train-'));
  corpusPath = join(folder, 'topics.txt');
  await writeFile(corpusPath, topicCorpus(600));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const SMALL: TrainOptions = { ...DEFAULTS, dim: 16, window: 3, minCount: 1, sample: 0, epochs: 3, alpha: 0.05 };

function cosine(space: Space, a: string, b: string): number {
  const [x, y] = [space.row(space.require(a)), space.row(space.require(b))];
  return x.reduce((sum, value, d) => sum + value * y[d], 0);
}

function meanCosine(space: Space, pairs: [string, string][]): number {
  return pairs.reduce((sum, [a, b]) => sum + cosine(space, a, b), 0) / pairs.length;
}

describe('train', () => {
  it.each(['skipgram', 'cbow'] as const)('%s puts words of one topic closer than words of different topics', async (model) => {
    const result = await train(await fileCorpus(corpusPath), { ...SMALL, model });
    const space = new Space(wordVectorsOf(result));
    const related = ANIMALS.slice(1).map((word): [string, string] => ['cat', word]).concat(NUMBERS.slice(1).map((word) => ['one', word]));
    const unrelated = ANIMALS.map((word, i): [string, string] => [word, NUMBERS[i]]);
    expect(meanCosine(space, related)).toBeGreaterThan(meanCosine(space, unrelated) + 0.3);
    expect(ANIMALS).toContain(mostSimilar(space, ['dog'], [], 1)[0].word);
  });

  it('hierarchical softmax learns the topics too', async () => {
    const result = await train(await fileCorpus(corpusPath), { ...SMALL, hs: true, negative: 0 });
    const space = new Space(wordVectorsOf(result));
    expect(cosine(space, 'cat', 'dog')).toBeGreaterThan(cosine(space, 'cat', 'two'));
  });

  it('a run stopped after epoch 1 and resumed from its checkpoint equals an uninterrupted run (1 thread)', async () => {
    const corpus = await fileCorpus(corpusPath);
    const checkpoint = join(folder, 'run.ckpt');
    const whole = await train(corpus, { ...SMALL, epochs: 2 });
    const first = await train(corpus, { ...SMALL, epochs: 2, stopAfterEpoch: 1, checkpoint });
    expect(first.epochsDone).toBe(1);
    const resumed = await train(corpus, { ...SMALL, epochs: 2, resume: checkpoint });
    expect(resumed.epochsDone).toBe(2);
    expect(resumed.vocabulary.words).toEqual(whole.vocabulary.words);
    expect(Array.from(resumed.model.inputEmbedding.weight.data.dataSync())).toEqual(Array.from(whole.model.inputEmbedding.weight.data.dataSync()));
    expect(Array.from(resumed.model.outputEmbedding.weight.data.dataSync())).toEqual(Array.from(whole.model.outputEmbedding.weight.data.dataSync()));
  });

  it('with 3 worker threads, each reading its own byte range, trains every word once per epoch', async () => {
    const result = await train(await fileCorpus(corpusPath), { ...SMALL, threads: 3 });
    const retained = result.vocabulary.counts.reduce((total, count) => total + count, 0);
    expect(result.words).toBe(retained * SMALL.epochs);
  });

  it('trains with 2 worker threads writing into the shared tables', async () => {
    const result = await train(await fileCorpus(corpusPath), { ...SMALL, threads: 2 });
    const space = new Space(wordVectorsOf(result));
    expect(cosine(space, 'cat', 'dog')).toBeGreaterThan(cosine(space, 'cat', 'two'));
  });
});
