// gensim reads what @dl writes. Skipped where /usr/bin/python3 lacks gensim; the committed
// gensim-made fixtures (word2vec.test.ts) cover the other direction without Python.
import { manualSeed, randn } from '@dl/tensor';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonHas, runPython } from '../__fixtures__/fixtures.js';
import { readWord2Vec, saveWord2VecFormat } from '../index.js';

const hasGensim = pythonHas('gensim');
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-io-gensim-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe.skipIf(!hasGensim)('saveWord2VecFormat (read by gensim)', () => {
  it.each([['text', false], ['binary', true]] as const)('writes a %s file gensim loads with equal values', async (format, binary) => {
    manualSeed(1);
    const input = { words: ['the', 'of', 'café', '東京', '</s>'], vectors: randn([5, 8]) };
    input.vectors.dataSync().set([1e-5, -0, 3.4028234663852886e38, 1e-45], 0);
    const path = join(folder, `vectors.${format}`);
    await saveWord2VecFormat(input, path, { binary });
    const read = runPython('load_with_gensim.py', [path, format]) as { words: string[]; values: number[] };
    expect(read.words).toEqual(input.words);
    expect(read.values).toEqual(Array.from(input.vectors.dataSync()));
  });
});

describe.skipIf(!hasGensim)('readWord2Vec (a last line without newline, as gensim)', () => {
  it('loads a complete last line as gensim does, and reports a cut one where gensim fails', async () => {
    const complete = join(folder, 'complete.txt');
    const cut = join(folder, 'cut.txt');
    await writeFile(complete, '2 3\na 1 2 3\nb 4 5 6');
    await writeFile(cut, '2 3\na 1 2 3\nb 4 5');
    expect(runPython('load_with_gensim.py', [complete, 'text'])).toEqual({ words: ['a', 'b'], values: [1, 2, 3, 4, 5, 6] });
    expect(readWord2Vec(await readFile(complete)).words).toEqual(['a', 'b']);
    expect(() => runPython('load_with_gensim.py', [cut, 'text'])).toThrow(/could not broadcast input array from shape \(2,\) into shape \(3,\)/);
    const cutBytes = await readFile(cut);
    expect(() => readWord2Vec(cutBytes)).toThrow(/line 3, the last of the file, has no newline and only 2 of 3 values: the file is truncated/);
  });
});
