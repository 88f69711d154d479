// The app's evaluators against gensim 4's own (evaluate_word_analogies, evaluate_word_pairs with
// scipy's Spearman) on a hand-made fixture: case variants of an input word ranked first (gensim
// passes over them) and of the expected word (gensim counts them), words beyond restrict_vocab,
// malformed lines and tied scores. fixtures/eval/expected.json is gensim's output, written by
// fixtures/eval/generate.py.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateAnalogies, evaluateWordPairs, Space } from '../src/evaluate.js';
import { loadVectors } from '../src/vectors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/eval/${name}`, import.meta.url));

interface Expected {
  restrict: number;
  analogies: { accuracy: number; oovRatio: number; sections: { section: string; correct: number; incorrect: number }[] };
  pairs: { pearson: number; spearman: number; oovRatio: number };
  pairsRestricted: { pearson: number; spearman: number; oovRatio: number };
}

describe('evaluation as gensim', async () => {
  const expected = JSON.parse(await readFile(fixture('expected.json'), 'utf8')) as Expected;
  const space = new Space(await loadVectors(fixture('vectors.txt'), 'text'));

  it('scores the analogies as evaluate_word_analogies, by section, with its OOV share', async () => {
    const result = await evaluateAnalogies(space, fixture('analogies.txt'), expected.restrict);
    expect(result.sections).toEqual(expected.analogies.sections);
    expect(result.accuracy).toBe(expected.analogies.accuracy);
    expect((100 * result.oovRatio).toFixed(1)).toBe(expected.analogies.oovRatio.toFixed(1));
  });

  it.each([['all words', 'pairs', undefined], ['restrict_vocab', 'pairsRestricted', 'restrict']] as const)('scores word pairs as evaluate_word_pairs (%s)', async (_, key, restrict) => {
    const result = await evaluateWordPairs(space, fixture('pairs.tsv'), restrict === undefined ? undefined : expected[restrict]);
    expect(result.spearman).toBeCloseTo(expected[key].spearman, 6);
    expect(result.pearson).toBeCloseTo(expected[key].pearson, 6);
    expect(result.oovRatio).toBeCloseTo(expected[key].oovRatio, 10);
  });

  it('refuses an analogy file whose questions come before any section header', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dl-w2v-eval-'));
    const path = join(folder, 'questions.txt');
    await writeFile(path, 'man king woman queen\n: family\n');
    await expect(evaluateAnalogies(space, path)).rejects.toThrow(/line 1 comes before any section header/);
    await rm(folder, { recursive: true, force: true });
  });
});
