// Vectors written by dl-word2vec load in gensim with identical values, and gensim-written vectors
// load in the app. Skipped (saying why) where /usr/bin/python3 lacks gensim.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileCorpus } from '../src/corpus.js';
import { DEFAULTS, train } from '../src/train.js';
import { loadVectors, saveVectors } from '../src/vectors.js';

const PYTHON = '/usr/bin/python3';
const hasGensim = spawnSync(PYTHON, ['-c', 'import gensim'], { stdio: 'ignore', timeout: 300_000 }).status === 0;
const python = (code: string, args: string[]): unknown => {
  const result = spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
};

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-w2v-gensim-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe.skipIf(!hasGensim)('word2vec files and gensim (skipped: /usr/bin/python3 has no gensim)', () => {
  it.each([['bin', true], ['text', false]] as const)('gensim loads the %s vectors train writes, with identical values', async (format, binary) => {
    const corpusPath = join(folder, 'corpus.txt');
    await writeFile(corpusPath, 'the cat sat on the mat\nthe dog sat on the log\na cat and a dog\n'.repeat(20));
    const result = await train(await fileCorpus(corpusPath), { ...DEFAULTS, dim: 8, minCount: 1, epochs: 1 });
    const path = join(folder, `vectors.${format}`);
    await saveVectors(result, path, format);
    const read = python(
      'import sys, json\nfrom gensim.models import KeyedVectors\nkv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=sys.argv[2] == "1")\nprint(json.dumps({"words": kv.index_to_key, "values": [float(v) for v in kv.vectors.ravel()]}))',
      [path, binary ? '1' : '0'],
    ) as { words: string[]; values: number[] };
    expect(read.words).toEqual(result.vocabulary.words);
    expect(read.values).toEqual(Array.from(result.model.inputEmbedding.weight.data.dataSync()));
  });

  it('loads vectors gensim wrote, with identical values', async () => {
    const path = join(folder, 'gensim.bin');
    const expected = python(
      'import sys, json, numpy as np\nfrom gensim.models import KeyedVectors\nkv = KeyedVectors(vector_size=4)\nrng = np.random.default_rng(0)\nkv.add_vectors(["king", "queen", "café"], rng.standard_normal((3, 4)).astype(np.float32))\nkv.save_word2vec_format(sys.argv[1], binary=True)\nprint(json.dumps([float(v) for v in kv.vectors.ravel()]))',
      [path],
    ) as number[];
    const vectors = await loadVectors(path);
    expect(vectors.words).toEqual(['king', 'queen', 'café']);
    expect(Array.from(vectors.vectors.dataSync())).toEqual(expected);
  });
});
