// The vocabulary pass counts the tokens a whitespace split finds, in order of first appearance.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countWords } from '../src/word-counts.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-w2v-counts-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Counts by splitting the text on ASCII whitespace, in order of first appearance. */
function splitCounts(text: string): { words: string[]; counts: number[] } {
  const counts = new Map<string, number>();
  for (const token of text.split(/[\t\n\v\f\r ]+/)) if (token !== '') counts.set(token, (counts.get(token) ?? 0) + 1);
  return { words: [...counts.keys()], counts: [...counts.values()] };
}

describe('countWords', () => {
  it('counts as a whitespace split does, across buffer fills and table growth', async () => {
    // About 12,000 distinct words (the table grows several times), UTF-8, tabs and CRLF, over 1 MiB.
    const lines = Array.from({ length: 6000 }, (_, i) => `w${i % 20_000} déjà\tvu w${(i * 7919) % 20_000}\r\nthe w${(i * 31) % 20_000} ${'x'.repeat(i % 300)}`);
    const text = `${lines.join('\n')} tail`;
    const path = join(folder, 'corpus.txt');
    await writeFile(path, text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(1 << 20);
    expect(countWords(path)).toEqual(splitCounts(text));
  });
});
