import { manualSeed, randn } from '@dl/tensor';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureBytes, fixturePath } from '../__fixtures__/fixtures.js';
import { loadProjectorTsv, loadWord2VecFormat, readWord2Vec, saveProjectorTsv, saveWord2VecFormat, writeWord2Vec } from '../index.js';

let folder: string;
beforeEach(async () => {
  manualSeed(0);
  folder = await mkdtemp(join(tmpdir(), 'dl-io-word2vec-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('loadWord2VecFormat', () => {
  it('streams the gensim fixtures to the same result as readWord2Vec', async () => {
    for (const [name, binary] of [['vectors.txt', false], ['vectors.bin', true]] as const) {
      const fromFile = await loadWord2VecFormat(fixturePath(name), { binary });
      const fromBytes = readWord2Vec(fixtureBytes(name), { binary });
      expect(fromFile.words).toEqual(fromBytes.words);
      expect(Array.from(fromFile.vectors.dataSync())).toEqual(Array.from(fromBytes.vectors.dataSync()));
    }
  });

  it('reads gzipped files and entries split across many small chunks', async () => {
    // 3,000 words of dim 50 make a file of several chunks; gzip it to go through zlib as well.
    const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    const input = { words, vectors: randn([3000, 50]) };
    for (const binary of [false, true]) {
      const path = join(folder, `v${binary ? '.bin' : '.txt'}.gz`);
      await writeFile(path, gzipSync(writeWord2Vec(input, { binary })));
      const back = await loadWord2VecFormat(path, { binary });
      expect(back.words).toEqual(words);
      expect(Array.from(back.vectors.dataSync())).toEqual(Array.from(input.vectors.dataSync()));
    }
  });

  it('stops reading at limit', async () => {
    const back = await loadWord2VecFormat(fixturePath('vectors.bin'), { binary: true, limit: 3 });
    expect(back.words).toEqual(['the', 'of', 'café']);
  });

  it('throws TRUNCATED for a truncated file', async () => {
    const path = join(folder, 'cut.bin');
    const bytes = fixtureBytes('vectors.bin');
    await writeFile(path, bytes.subarray(0, bytes.length - 5));
    await expect(loadWord2VecFormat(path, { binary: true })).rejects.toThrow(/word2vec binary: file ends at byte 224 after 7 of 8 words/);
  });
});

describe('saveWord2VecFormat', () => {
  it('writes the same bytes as writeWord2Vec, atomically', async () => {
    const input = { words: ['a', 'b'], vectors: randn([2, 3]) };
    const path = join(folder, 'v.txt');
    await saveWord2VecFormat(input, path);
    expect(new Uint8Array(await readFile(path))).toEqual(writeWord2Vec(input));
    expect(await readdir(folder)).toEqual(['v.txt']);
  });
});

describe('saveProjectorTsv', () => {
  it('writes vectors.tsv and metadata.tsv that loadProjectorTsv reads back', async () => {
    const input = { words: ['king', 'queen', 'café'], vectors: randn([3, 4]) };
    await saveProjectorTsv(input, join(folder, 'projector'));
    expect((await readdir(join(folder, 'projector'))).sort()).toEqual(['metadata.tsv', 'vectors.tsv']);
    expect(await readFile(join(folder, 'projector', 'metadata.tsv'), 'utf8')).toBe('king\nqueen\ncafé\n');
    const back = await loadProjectorTsv(join(folder, 'projector'));
    expect(back.words).toEqual(input.words);
    expect(Array.from(back.vectors.dataSync())).toEqual(Array.from(input.vectors.dataSync()));
  });

  it('loads vectors without metadata, naming rows by number', async () => {
    await writeFile(join(folder, 'vectors.tsv'), '1\t2\n3\t4\n');
    const back = await loadProjectorTsv(folder);
    expect([back.words, back.vectors.shape]).toEqual([['0', '1'], [2, 2]]);
  });
});
